"""TimeZest's team report: scheduling requests per agent over a period, as a table and a bar chart, and a CSV.

:class:`BarChart` is painted here (PySide6-Essentials has no QtCharts).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.slots import is_known_zone
from hsconsole.services.errors import ApiError
from hsconsole.services.scheduling import (
    Scheduling,
    TeamReport,
    report_csv,
)
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.cells import header_tooltips, table_cell
from hsconsole.ui.timezest_parts import (
    buddy_label,
    date_edit,
    error_words,
    long_day,
    plain_button,
    pydate,
    qdate,
    short_day,
    status_label,
    zone,
)

log = logging.getLogger("hsconsole.ui")

REPORT_DAYS = 28
"""The report's default period: the 4 weeks ending today."""


class BarChart(QWidget):
    """Horizontal bars, one a row: the name left, the bar, the count right of it.

    Painted with QPainter in the palette's colours; :meth:`sizeHint` fits the
    data, and the accessible name reads the whole chart out.
    """

    MARGIN = 8
    GAP = 8
    MIN_BAR_SPAN = 80
    BAR_SPAN = 260
    MAX_LABEL = 220

    def __init__(self, parent: QWidget | None = None, *, title: str = "Links per agent") -> None:
        super().__init__(parent)
        self.title = title
        self._bars: list[tuple[str, int]] = []
        self.empty_text = "Nothing to show for this period."
        self.setObjectName("bar_chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._describe()

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        """Show ``(label, count)`` rows in this order."""
        self._bars = [(str(name), max(0, int(count))) for name, count in bars]
        self._describe()
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def _describe(self) -> None:
        if not self._bars:
            self.setAccessibleName(f"{self.title}: {self.empty_text}")
        else:
            self.setAccessibleName(f"{self.title}: " + ", ".join(f"{name} {count}" for name, count in self._bars))
        self.setAccessibleDescription("Bar chart; the same numbers are in the table.")

    # -- geometry

    def _row_height(self) -> int:
        return max(self.fontMetrics().height() + 8, 22)

    def _label_width(self, metrics: QFontMetrics) -> int:
        widest = max((metrics.horizontalAdvance(name) for name, _ in self._bars), default=0)
        return min(widest, self.MAX_LABEL)

    def _count_width(self, metrics: QFontMetrics) -> int:
        top = max((count for _, count in self._bars), default=0)
        return metrics.horizontalAdvance(f"{top:,}") + 2

    def _height(self) -> int:
        rows = max(1, len(self._bars))
        return 2 * self.MARGIN + rows * self._row_height()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        if not self._bars:
            return QSize(metrics.horizontalAdvance(self.empty_text) + 2 * self.MARGIN, self._height())
        width = 2 * self.MARGIN + self._label_width(metrics) + self.BAR_SPAN + self._count_width(metrics) + 2 * self.GAP
        return QSize(width, self._height())

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        label = min(self._label_width(metrics), 120)
        width = 2 * self.MARGIN + label + self.MIN_BAR_SPAN + self._count_width(metrics) + 2 * self.GAP
        return QSize(width, self._height())

    def bar_rects(self) -> list[QRect]:
        """Where each bar is drawn (for tooltips and tests)."""
        metrics = self.fontMetrics()
        label_w = min(self._label_width(metrics), max(40, self.width() // 3))
        count_w = self._count_width(metrics)
        left = self.MARGIN + label_w + self.GAP
        span = max(1, self.width() - left - self.GAP - count_w - self.MARGIN)
        top_value = max((count for _, count in self._bars), default=0)
        row_h = self._row_height()
        rects = []
        for row, (_name, count) in enumerate(self._bars):
            y = self.MARGIN + row * row_h
            length = round(span * count / top_value) if top_value else 0
            if count and length < 2:
                length = 2
            rects.append(QRect(left, y + 4, length, row_h - 8))
        return rects

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        if not self._bars:
            painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        label_w = min(self._label_width(metrics), max(40, self.width() // 3))
        row_h = self._row_height()
        bar_color = palette.color(QPalette.ColorRole.Highlight)
        track = QColor(bar_color)
        track.setAlpha(28)
        for (name, count), rect in zip(self._bars, self.bar_rects(), strict=True):
            y = rect.top() - 4
            label_rect = QRect(self.MARGIN, y, label_w, row_h)
            painter.setPen(text_color)
            elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_w)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
            full = QRect(rect.left(), rect.top(), self.width() - rect.left() - self.MARGIN, rect.height())
            painter.fillRect(
                QRect(full.left(), full.top(), full.width() - self._count_width(metrics) - self.GAP, full.height()),
                track,
            )
            painter.fillRect(rect, bar_color)
            count_rect = QRect(rect.right() + 1 + self.GAP // 2, y, self._count_width(metrics) + self.GAP, row_h)
            painter.setPen(text_color)
            painter.drawText(count_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{count:,}")
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._row_at(event.pos())
            if row is None:
                QToolTip.hideText()
            else:
                name, count = self._bars[row]
                QToolTip.showText(event.globalPos(), f"{name}: {count:,}", self)
            return True
        return super().event(event)

    def _row_at(self, point: QPoint) -> int | None:
        if not self._bars:
            return None
        row = (point.y() - self.MARGIN) // self._row_height()
        return row if 0 <= row < len(self._bars) else None


# ---------------------------------------------------------------- the team report


REPORT_FIXED_COLUMNS = ("Agent", "Links", "Scheduled", "Per week")


class TeamReportWindow(QDialog):
    """ "TimeZest team report": scheduling requests per agent over a period.

    ``await load()`` reads the period's requests (done on first show);
    :meth:`export_csv` writes them, asking where through :attr:`ask_save_path`
    (``suggested file name -> path or None``; tests replace it).
    """

    def __init__(
        self,
        scheduling: Scheduling,
        setter_zone: str,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.scheduling = scheduling
        self.zone_name = setter_zone if is_known_zone(setter_zone) else "UTC"
        self.tasks = TaskKeeper()
        self.report: TeamReport | None = None
        self._loading = False
        self.ask_save_path: Callable[[str], str | None] = self._ask_save_path
        self.setObjectName("team_report")
        self.setWindowTitle("TimeZest team report")
        self.setModal(False)
        last_day = today or datetime.now(zone(self.zone_name)).date()

        self.from_edit = date_edit("report_from", "First day of the report", last_day - timedelta(days=REPORT_DAYS))
        self.to_edit = date_edit("report_to", "Last day of the report", last_day)
        from_label = buddy_label("&From", self.from_edit)
        to_label = buddy_label("&To", self.to_edit)
        self.load_button = QPushButton("&Load")
        self.load_button.setObjectName("report_load")
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self._spawn_load)
        period = QHBoxLayout()
        period.addWidget(from_label)
        period.addWidget(self.from_edit)
        period.addWidget(to_label)
        period.addWidget(self.to_edit)
        period.addWidget(self.load_button)
        period.addStretch(1)

        self.table = QTableWidget(0, len(REPORT_FIXED_COLUMNS))
        self.table.setObjectName("report_table")
        self.table.setAccessibleName("Scheduling links per agent")
        self.table.setHorizontalHeaderLabels(list(REPORT_FIXED_COLUMNS))
        header_tooltips(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)

        self.chart = BarChart(title="Links per agent")
        self.chart.setObjectName("report_chart")
        chart_scroll = QScrollArea()
        chart_scroll.setObjectName("report_chart_area")
        chart_scroll.setWidget(self.chart)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chart_box = QGroupBox("Links per agent")
        chart_column = QVBoxLayout(chart_box)
        chart_column.addWidget(chart_scroll)
        self.chart_area = chart_scroll
        # Side by side: the chart has a bar for each table row, so both grow alike.
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(chart_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.totals_label = status_label("report_totals", "Report totals")
        self.note_label = QLabel(
            "A link counts for each agent it names (or who took the booking); a team's link that nobody took yet "
            "counts for the team."
        )
        self.note_label.setObjectName("report_note")
        self.note_label.setWordWrap(True)
        self.status_label = status_label("report_status", "Team report status")
        self.export_button = plain_button("&Export CSV…", "report_export")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_csv)
        self.close_button = plain_button("C&lose", "report_close")
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.note_label)
        layout.addLayout(bottom)
        self.resize(1080, 560)

    # ------------------------------------------------------------ the period

    def period(self) -> tuple[date, date]:
        return pydate(self.from_edit.date()), pydate(self.to_edit.date())

    def set_period(self, first_day: date, last_day: date) -> None:
        self.from_edit.setDate(qdate(first_day))
        self.to_edit.setDate(qdate(last_day))

    # ------------------------------------------------------------ loading

    async def load(self) -> TeamReport | None:
        """Read the period's scheduling requests and show them; None when it failed (said in the status line)."""
        first_day, last_day = self.period()
        if last_day < first_day:
            self.status_label.setText("The period ends before it starts: pick a later To day.")
            return None
        self._set_loading(True)
        try:
            report = await self.scheduling.report(first_day, last_day, self.zone_name)
        except ValueError as exc:
            self.status_label.setText(str(exc))
            return None
        except ApiError as exc:
            log.info("TimeZest report not read: %s", type(exc).__name__)
            self.status_label.setText(error_words(exc))
            return None
        finally:
            self._set_loading(False)
        self.show_report(report)
        return report

    def _set_loading(self, on: bool) -> None:
        self._loading = on
        self.load_button.setEnabled(not on)
        self.export_button.setEnabled(not on and self.report is not None)
        if on:
            self.status_label.setText("Reading TimeZest's scheduling requests…")

    def show_report(self, report: TeamReport) -> None:
        self.report = report
        headers = [*REPORT_FIXED_COLUMNS, *(short_day(monday) for monday in report.weeks)]
        self.table.clearContents()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for column, monday in enumerate(report.weeks, start=len(REPORT_FIXED_COLUMNS)):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(f"Week of Monday {long_day(monday)}")
        header_tooltips(self.table)
        self.table.setRowCount(len(report.rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, entry in enumerate(report.rows):
            cells: list[str] = [
                entry.name,
                f"{entry.total:,}",
                f"{entry.scheduled:,}",
                f"{entry.per_week(report.week_count):.1f}",
                *(f"{entry.by_week.get(monday, 0):,}" for monday in report.weeks),
            ]
            named = f"{entry.name} ({entry.resource_id})" if entry.name != entry.resource_id else None
            for column, text in enumerate(cells):
                item = table_cell(text, named if column == 0 else None)
                if column:
                    item.setTextAlignment(right)
                self.table.setItem(row, column, item)
        self.chart.set_bars([(entry.name, entry.total) for entry in report.rows])
        self.totals_label.setText(self.totals_text(report))
        self.export_button.setEnabled(True)
        teams = sum(1 for entry in report.rows if entry.resource_id.startswith("team_"))
        agents = len(report.rows) - teams
        period = f"{long_day(report.first_day)} to {long_day(report.last_day)}"
        if report.rows:
            counted = f"{agents} agent{'s' if agents != 1 else ''}" + (
                f" and {teams} team{'s' if teams != 1 else ''}" if teams else ""
            )
            self.status_label.setText(f"Loaded {period}: {counted}.")
        else:
            self.status_label.setText(f"No scheduling links from {period}.")

    @staticmethod
    def totals_text(report: TeamReport) -> str:
        scheduled = sum(row.scheduled for row in report.rows)
        weeks = report.week_count
        links = "link" if report.total == 1 else "links"
        share = f" ({round(100 * scheduled / report.total)} %)" if report.total else ""
        return (
            f"Total: {report.total:,} {links} from {long_day(report.first_day)} to {long_day(report.last_day)}, "
            f"{report.total / weeks:.1f} a week over {weeks:.1f} weeks; "
            f"{scheduled:,} scheduled{share}."
        )

    # ------------------------------------------------------------ export

    def suggested_file_name(self) -> str:
        first_day, last_day = (self.report.first_day, self.report.last_day) if self.report else self.period()
        return f"timezest-links-{first_day.isoformat()}-to-{last_day.isoformat()}.csv"

    def _ask_save_path(self, suggested: str) -> str | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export the team report", str(Path(folder) / suggested), "CSV files (*.csv)"
        )
        return chosen or None

    def export_csv(self) -> Path | None:
        """Write the report shown to a CSV file (UTF-8 with a BOM, for Excel); the path, or None."""
        if self.report is None:
            self.status_label.setText("Load the report first.")
            return None
        chosen = self.ask_save_path(self.suggested_file_name())
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".csv")
        text = report_csv(self.report)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("team report export failed: %s", type(exc).__name__)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            self.status_label.setText(f"Export failed: {exc.strerror or type(exc).__name__}. Choose another place.")
            return None
        rows = len(self.report.rows)
        self.status_label.setText(f"Exported {rows} row{'s' if rows != 1 else ''} to {path.name}")
        return path

    # ------------------------------------------------------------ tasks and closing

    def _spawn_load(self) -> None:
        if not self._loading:
            self.tasks.spawn(self.load(), slot="load")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is None and not self._loading and not event.spontaneous():
            self._spawn_load()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel_pending()
        super().closeEvent(event)
