"""Choosing TimeZest agents and teams: one list with a check box each, narrowed as the setter types.

:class:`ResourcePicker` is the "With" field of the send-link dialog
(:mod:`hsconsole.ui.send_link`). A choice hidden by the filter stays chosen,
and the selection stays on a row the filter leaves (the first match when it
hides the selected one). Enter in the filter checks the one agent or team
left; Enter or a double click on a row turns its check box over. The line
under the list names everything chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from hsconsole.services.scheduling import Resource
from hsconsole.ui.language import translate

RESOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_HEIGHT = 130
"""The list's least height (six rows): the send-link dialog with its link and the longest lines under it then
stays within a 1366×768 screen."""
SAID_TYPED = 40
"""At most this many characters of the filter are repeated in "No agent or team matches": a long paste would
widen the dialog past the screen (the whole of it is in the line's tooltip)."""


def kind_icon(kind: str, color: QColor, size: int = 16, ratio: float = 1.0) -> QIcon:
    """A small painted person (agent) or pair of people (team): no emoji font needed."""
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)

    def person(x: float, scale: float, shade: QColor) -> None:
        painter.setBrush(shade)
        head = 5.0 * scale
        painter.drawEllipse(int(x - head / 2), int(2 * scale), int(head), int(head))
        body_w = 10.0 * scale
        painter.drawChord(int(x - body_w / 2), int(8 * scale), int(body_w), int(12 * scale), 0, 180 * 16)

    if kind == "team":
        faded = QColor(color)
        faded.setAlpha(150)
        person(size * 0.65, size / 16 * 0.85, faded)
        person(size * 0.38, size / 16 * 0.85, color)
    else:
        person(size / 2, size / 16, color)
    painter.end()
    return QIcon(pixmap)


def resource_label(resource: Resource) -> str:
    """The list text: the name, with "(team)" after a team."""
    if resource.object == "team":
        return translate("SendLinkDialog", "{name} (team)").format(name=resource.display_name)
    return resource.display_name


def kind_word(resource: Resource) -> str:
    """ "agent" or "team", in the window's language (TimeZest's own word for any other kind)."""
    if resource.object == "team":
        return translate("SendLinkDialog", "team")
    return translate("SendLinkDialog", "agent") if resource.object == "agent" else resource.object


class ResourceList(QListWidget):
    """The agents and teams, one a row. It asks for no more than its least height (:data:`LIST_HEIGHT`) and takes
    the room the dialog has left, so the dialog's height is that of its lines, whatever the number of agents."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class ResourcePicker(QWidget):
    """The agents and teams to offer, checked in a list that a filter narrows.

    Signals:
        choice_changed(): an agent or team was checked or unchecked, or the list was replaced.
    """

    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resource_filter = QLineEdit()
        self.resource_filter.setObjectName("resource_filter")
        self.resource_filter.setPlaceholderText(translate("SendLinkDialog", "Find an agent or team"))
        self.resource_filter.setAccessibleName(translate("SendLinkDialog", "Find an agent or team"))
        self.resource_filter.setClearButtonEnabled(True)
        self.resource_filter.textChanged.connect(self.apply_filter)
        self.resource_filter.returnPressed.connect(self._check_only_match)
        self.resource_list = ResourceList()
        self.resource_list.setObjectName("resource_list")
        self.resource_list.setAccessibleName(translate("SendLinkDialog", "Agents and teams"))
        self.resource_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.resource_list.setUniformItemSizes(True)
        self.resource_list.setMinimumHeight(LIST_HEIGHT)
        self.resource_list.itemChanged.connect(lambda _item: self._choice_changed())
        self.resource_list.itemActivated.connect(self._toggle)
        self.no_match_label = QLabel()
        self.no_match_label.setObjectName("resource_no_match")
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setVisible(False)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("resource_chosen")
        self.chosen_label.setAccessibleName(translate("SendLinkDialog", "Chosen agents and teams"))
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen_label.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(self.resource_filter)
        column.addWidget(self.resource_list, 1)
        column.addWidget(self.no_match_label)
        column.addWidget(self.chosen_label)
        self.set_resources([])

    # ------------------------------------------------------------ reading the choice

    def resource_items(self) -> list[QListWidgetItem]:
        return [self.resource_list.item(row) for row in range(self.resource_list.count())]

    def visible_resources(self) -> list[Resource]:
        """The resources the filter leaves in the list, in order."""
        return [item.data(RESOURCE_ROLE) for item in self.resource_items() if not item.isHidden()]

    def chosen_resources(self) -> list[Resource]:
        """The checked agents and teams (hidden by the filter or not), in list order."""
        return [
            item.data(RESOURCE_ROLE) for item in self.resource_items() if item.checkState() == Qt.CheckState.Checked
        ]

    # ------------------------------------------------------------ changing it

    def set_resources(self, resources: Sequence[Resource]) -> None:
        """Offer these agents and teams; those chosen before stay chosen, and the filter still applies."""
        chosen = {r.id for r in self.chosen_resources()}
        icons = self._icons()
        self.resource_list.blockSignals(True)
        try:
            self.resource_list.clear()
            for resource in resources:
                item = QListWidgetItem(icons[resource.object], resource_label(resource))
                item.setData(RESOURCE_ROLE, resource)
                kind = kind_word(resource)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{kind.capitalize()} {resource.display_name}")
                item.setToolTip(f"{resource.display_name} ({kind})")  # in full: a long name is cut short
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if resource.id in chosen else Qt.CheckState.Unchecked)
                self.resource_list.addItem(item)
        finally:
            self.resource_list.blockSignals(False)
        self.apply_filter(self.resource_filter.text())
        self._choice_changed()

    def _icons(self) -> dict[str, QIcon]:
        """The agent's and the team's icon, in the palette's text colour."""
        color = self.palette().color(QPalette.ColorRole.Text)
        ratio = self.devicePixelRatioF()
        return {kind: kind_icon(kind, color, ratio=ratio) for kind in ("agent", "team")}

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "resource_list"):
            icons = self._icons()  # the system turned dark or light: the icons in the new text colour
            for item in self.resource_items():
                item.setIcon(icons[item.data(RESOURCE_ROLE).object])

    def set_chosen(self, resource_ids: Sequence[str]) -> None:
        """Check exactly these resources (by id)."""
        wanted = set(resource_ids)
        for item in self.resource_items():
            resource = item.data(RESOURCE_ROLE)
            item.setCheckState(Qt.CheckState.Checked if resource.id in wanted else Qt.CheckState.Unchecked)

    def set_locked(self, locked: bool) -> None:
        """Keep the choice as it is (while a link is sent, or once it is made); the lines under it stay readable."""
        self.resource_filter.setEnabled(not locked)
        self.resource_list.setEnabled(not locked)

    def apply_filter(self, text: str) -> None:
        """Show only the agents and teams whose name (or kind, "team"/"agent", also in the window's language)
        contains ``text``."""
        words = text.casefold().split()
        shown = 0
        for item in self.resource_items():
            resource = item.data(RESOURCE_ROLE)
            haystack = f"{resource.display_name} {resource.object} {kind_word(resource)}".casefold()
            hidden = not all(word in haystack for word in words)
            item.setHidden(hidden)
            shown += not hidden
        nothing = bool(words) and shown == 0 and self.resource_list.count() > 0
        typed = text.strip()
        said = typed if len(typed) <= SAID_TYPED else typed[: SAID_TYPED - 1] + "…"
        no_match = translate("SendLinkDialog", "No agent or team matches “{typed}”.")
        self.no_match_label.setText(no_match.format(typed=said) if nothing else "")
        self.no_match_label.setToolTip(no_match.format(typed=typed) if nothing and said != typed else "")
        self.no_match_label.setVisible(nothing)
        row = self.resource_list.currentRow()
        if (row < 0 and words) or (row >= 0 and self.resource_list.item(row).isHidden()):
            self._select_first_shown()

    def _select_first_shown(self) -> None:
        """The selection goes to the first row the filter leaves (none when none is left), so that Space or Enter
        in the list never turns over a box the setter cannot see."""
        first = next((item for item in self.resource_items() if not item.isHidden()), None)
        if first is not None:
            self.resource_list.setCurrentItem(first)
        else:
            self.resource_list.setCurrentRow(-1)

    def _check_only_match(self) -> None:
        """Enter in the filter checks the one agent or team left in the list."""
        shown = [item for item in self.resource_items() if not item.isHidden()]
        if len(shown) == 1 and shown[0].flags() & Qt.ItemFlag.ItemIsEnabled:
            shown[0].setCheckState(Qt.CheckState.Checked)

    def _toggle(self, item: QListWidgetItem) -> None:
        if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _choice_changed(self) -> None:
        chosen = self.chosen_resources()
        if chosen:
            names = ", ".join(resource_label(r) for r in chosen)
            self.chosen_label.setText(translate("SendLinkDialog", "Chosen: {names}").format(names=names))
        else:
            self.chosen_label.setText(translate("SendLinkDialog", "No agent or team chosen yet."))
        self.choice_changed.emit()
