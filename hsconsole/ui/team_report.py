"""TimeZest's team report: scheduling requests per agent over a period, as a table and a bar chart
(:class:`~hsconsole.ui.bar_chart.BarChart`), and a CSV."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
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
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.slots import is_known_zone
from hsconsole.services.errors import ApiError
from hsconsole.services.scheduling import Scheduling, TeamReport, report_csv
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.bar_chart import BarChart
from hsconsole.ui.cells import header_tooltips, table_cell
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate
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


# ---------------------------------------------------------------- the team report


REPORT_FIXED_COLUMNS = (
    QT_TRANSLATE_NOOP("TeamReport", "Agent"),
    QT_TRANSLATE_NOOP("TeamReport", "Links"),
    QT_TRANSLATE_NOOP("TeamReport", "Scheduled"),
    QT_TRANSLATE_NOOP("TeamReport", "Per week"),
)
"""The table's first columns as written (shown translated); a column for each week follows them."""


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
        self.setWindowTitle(translate("TeamReport", "TimeZest team report"))
        self.setModal(False)
        last_day = today or datetime.now(zone(self.zone_name)).date()

        first_day = last_day - timedelta(days=REPORT_DAYS)
        self.from_edit = date_edit("report_from", translate("TeamReport", "First day of the report"), first_day)
        self.to_edit = date_edit("report_to", translate("TeamReport", "Last day of the report"), last_day)
        from_label = buddy_label(translate("TeamReport", "&From"), self.from_edit)
        to_label = buddy_label(translate("TeamReport", "&To"), self.to_edit)
        self.load_button = QPushButton(translate("TeamReport", "&Load"))
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
        self.table.setAccessibleName(translate("TeamReport", "Scheduling links per agent"))
        self.table.setHorizontalHeaderLabels([translate("TeamReport", word) for word in REPORT_FIXED_COLUMNS])
        header_tooltips(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)

        self.chart = BarChart()
        self.chart.setObjectName("report_chart")
        chart_scroll = QScrollArea()
        chart_scroll.setObjectName("report_chart_area")
        chart_scroll.setWidget(self.chart)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_box = QGroupBox(translate("TeamReport", "Links per agent"))
        chart_column = QVBoxLayout(self.chart_box)
        chart_column.addWidget(chart_scroll)
        self.chart_area = chart_scroll
        # Side by side: the chart has a bar for each table row, so both grow alike.
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.totals_label = status_label("report_totals", translate("TeamReport", "Report totals"))
        self.note_label = QLabel(
            translate(
                "TeamReport",
                "A link counts for each agent it names (or who took the booking); a team's link that nobody took "
                "yet counts for the team.",
            )
        )
        self.note_label.setObjectName("report_note")
        self.note_label.setWordWrap(True)
        self.status_label = status_label("report_status", translate("TeamReport", "Team report status"))
        self.export_button = plain_button(translate("TeamReport", "&Export CSV…"), "report_export")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_csv)
        self.close_button = plain_button(translate("TeamReport", "&Close"), "report_close")
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
            self.status_label.setText(translate("TeamReport", "The period ends before it starts: pick a later To day."))
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
            self.status_label.setText(translate("TeamReport", "Reading TimeZest's scheduling requests…"))

    def show_report(self, report: TeamReport) -> None:
        self.report = report
        fixed = [translate("TeamReport", word) for word in REPORT_FIXED_COLUMNS]
        headers = [*fixed, *(short_day(monday) for monday in report.weeks)]
        self.table.clearContents()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for column, monday in enumerate(report.weeks, start=len(REPORT_FIXED_COLUMNS)):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(translate("TeamReport", "Week of Monday {day}").format(day=long_day(monday)))
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
        self.widen_table()
        teams = sum(1 for entry in report.rows if entry.resource_id.startswith("team_"))
        agents = len(report.rows) - teams
        first, last = long_day(report.first_day), long_day(report.last_day)
        if not report.rows:
            self.status_label.setText(
                translate("TeamReport", "No scheduling links from {first} to {last}.").format(first=first, last=last)
            )
            return
        counted = (
            translate("TeamReport", "{count} agent") if agents == 1 else translate("TeamReport", "{count} agents")
        ).format(count=agents)
        if teams:
            team_words = (
                translate("TeamReport", "{count} team") if teams == 1 else translate("TeamReport", "{count} teams")
            ).format(count=teams)
            counted = translate("TeamReport", "{agents} and {teams}").format(agents=counted, teams=team_words)
        loaded = translate("TeamReport", "Loaded {first} to {last}: {counted}.")
        self.status_label.setText(loaded.format(first=first, last=last, counted=counted))

    def widen_table(self) -> None:
        """The table's side of the splitter takes the width its columns need, from the chart's side (which keeps
        its least width and scrolls), so every week shows; a side the setter widened stays as it is."""
        header = self.table.horizontalHeader()
        header.resizeSections()
        needed = header.length() + 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        sizes = self.splitter.sizes()
        total = sum(sizes)
        chart = self.chart_box.minimumSizeHint().width()
        if len(sizes) == 2 and sizes[0] < needed and total > 0:
            table = max(sizes[0], min(needed, total - chart))
            self.splitter.setSizes([table, total - table])

    @staticmethod
    def totals_text(report: TeamReport) -> str:
        scheduled = sum(row.scheduled for row in report.rows)
        weeks = report.week_count
        share = f" ({round(100 * scheduled / report.total)} %)" if report.total else ""
        text = (
            translate(
                "TeamReport",
                "Total: {count} link from {first} to {last}, {per_week} a week over {weeks} weeks; "
                "{scheduled} scheduled{share}.",
            )
            if report.total == 1
            else translate(
                "TeamReport",
                "Total: {count} links from {first} to {last}, {per_week} a week over {weeks} weeks; "
                "{scheduled} scheduled{share}.",
            )
        )
        return text.format(
            count=f"{report.total:,}",
            first=long_day(report.first_day),
            last=long_day(report.last_day),
            per_week=f"{report.total / weeks:.1f}",
            weeks=f"{weeks:.1f}",
            scheduled=f"{scheduled:,}",
            share=share,
        )

    # ------------------------------------------------------------ export

    def suggested_file_name(self) -> str:
        first_day, last_day = (self.report.first_day, self.report.last_day) if self.report else self.period()
        return f"timezest-links-{first_day.isoformat()}-to-{last_day.isoformat()}.csv"

    def _ask_save_path(self, suggested: str) -> str | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            translate("TeamReport", "Export the team report"),
            str(Path(folder) / suggested),
            translate("TeamReport", "CSV files (*.csv)"),
        )
        return chosen or None

    def export_csv(self) -> Path | None:
        """Write the report shown to a CSV file (UTF-8 with a BOM, for Excel); the path, or None."""
        if self.report is None:
            self.status_label.setText(translate("TeamReport", "Load the report first."))
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
            failed = translate("TeamReport", "Export failed: {reason}. Choose another place.")
            self.status_label.setText(failed.format(reason=exc.strerror or type(exc).__name__))
            return None
        rows = len(self.report.rows)
        done = (
            translate("TeamReport", "Exported {count} row to {file}")
            if rows == 1
            else translate("TeamReport", "Exported {count} rows to {file}")
        )
        self.status_label.setText(done.format(count=rows, file=path.name))
        return path

    # ------------------------------------------------------------ tasks and closing

    def _spawn_load(self) -> None:
        if not self._loading:
            self.tasks.spawn(self.load(), slot="load")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is not None:
            self.widen_table()
        if self.report is None and not self._loading and not event.spontaneous():
            self._spawn_load()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel_pending()
        super().closeEvent(event)
