"""A bar chart of counts, one bar a row, painted with QPainter (PySide6-Essentials has no QtCharts): the team
report's (:mod:`hsconsole.ui.team_report`) links per agent."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hsconsole.ui.language import translate


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

    def __init__(self, parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(parent)
        self.title = title or translate("TeamReport", "Links per agent")
        self._bars: list[tuple[str, int]] = []
        self.empty_text = translate("TeamReport", "Nothing to show for this period.")
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
        self.setAccessibleDescription(translate("TeamReport", "Bar chart; the same numbers are in the table."))

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
