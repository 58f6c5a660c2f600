"""Settings ▸ My time zone: the setter picks their own zone by city, or keeps this computer's.

On a remote desktop the computer is in the data center's zone, not the setter's: this is where a setter
in Manila says so, without IT. The list is searchable (any word of the city, region or zone name); Enter
chooses the row in view. When IT set the desk's zone (``HSCONSOLE_SETTER_TZ``) the dialog says so: the
choice is kept and applies once IT's setting is gone.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.zones import canonical_zones, city_of, offset_text, zone_choices_shown
from hsconsole.services.formatting import zone_place
from hsconsole.ui.language import translate
from hsconsole.ui.zone import computer_zone, it_zone

COMPUTER = ""
"""The choice "this computer's zone" (the setting's empty value)."""


class ZoneDialog(QDialog):
    """The list of zones by city; :meth:`choice` is the IANA name chosen, or "" for this computer's."""

    def __init__(self, chosen: str, parent: QWidget | None = None, *, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zone_dialog")
        self.setWindowTitle(translate("ZoneDialog", "My time zone"))
        moment = now or datetime.now(UTC)
        self.search = QLineEdit()
        self.search.setObjectName("zone_search")
        self.search.setPlaceholderText(translate("ZoneDialog", "Type a city: Manila, Bogotá, Kolkata…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(translate("ZoneDialog", "Search time zones"))
        label = QLabel(translate("ZoneDialog", "&Find your city"))
        label.setBuddy(self.search)
        intro = QLabel(
            translate(
                "ZoneDialog",
                "Your times are in this zone, and say so (“your time”, “When (Manila time)”): the calendar, the "
                "lead view, the worklist, the history and the activity log. The lead's times stay in the lead's zone.",
            )
        )
        intro.setWordWrap(True)
        self.it_note = QLabel()
        self.it_note.setObjectName("zone_it_note")
        self.it_note.setWordWrap(True)
        set_by_it = it_zone()
        if set_by_it:
            self.it_note.setText(
                "⚠ "
                + translate(
                    "ZoneDialog",
                    "IT has set this desk to {city} ({zone}); that is what the console uses. "
                    "Your choice here is kept and used once IT's setting is removed.",
                ).format(city=city_of(set_by_it), zone=set_by_it)
            )
        self.it_note.setVisible(bool(set_by_it))
        self.list = QListWidget()
        self.list.setObjectName("zone_list")
        self.list.setAccessibleName(translate("ZoneDialog", "Time zones"))
        here = computer_zone()
        first = QListWidgetItem(
            translate("ZoneDialog", "This computer's zone: {city} · {offset}").format(
                city=city_of(here), offset=offset_text(moment, here)
            )
        )
        first.setData(Qt.ItemDataRole.UserRole, COMPUTER)
        first.setToolTip(here)
        self.list.addItem(first)
        choices = zone_choices_shown()
        for zone in choices:
            item = QListWidgetItem(zone.label(moment))
            item.setData(Qt.ItemDataRole.UserRole, zone.name)
            item.setToolTip(zone.name)
            self.list.addItem(item)
        self._choices = {zone.name: zone for zone in choices}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("ZoneDialog", "Use this zone"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.it_note)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(460, 520)
        self._select(canonical_zones().get(chosen, chosen))  # an old name chosen before is its zone's row
        self.search.setFocus()

    def _select(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return

    def _filter(self, text: str) -> None:
        """Only the zones whose city, region or name hold every word typed; the first shown is chosen."""
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            name = item.data(Qt.ItemDataRole.UserRole)
            zone = self._choices.get(name)
            shown = not text.strip() or (zone.matches(text) if zone is not None else False)
            item.setHidden(not shown)
            if shown and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search move in the list, as in a search box with suggestions."""
        arrow = isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        if watched is self.search and event.type() == QEvent.Type.KeyPress and arrow:
            assert isinstance(event, QKeyEvent)
            _step(self.list, -1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def choice(self) -> str | None:
        """The zone chosen (an IANA name, or "" for this computer's); None when nothing is."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, str) else None


def _step(view: QListWidget, by: int) -> None:
    """The next shown row above (``by`` -1) or below (1) the current one."""
    row = view.currentRow()
    while 0 <= row + by < view.count():
        row += by
        if not view.item(row).isHidden():
            view.setCurrentRow(row)
            return


def choose_zone(chosen: str, parent: QWidget | None = None) -> str | None:
    """Ask the setter; their choice ("" for this computer's zone), or None when they keep what they had."""
    dialog = ZoneDialog(chosen, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted.value:
            return None
        return dialog.choice()
    finally:
        dialog.deleteLater()


class ZoneQuestion(QWidget):
    """The first-run wizard's question when this computer's zone looks like a server's: ``reason`` says why,
    a button opens :class:`ZoneDialog`, and :attr:`chosen` is the setter's answer (None until they give one)."""

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zone_question")
        self.chosen: str | None = None
        ask = QLabel(
            reason
            + " "
            + translate("ZoneDialog", "Which time zone are you in? Times beside each lead's are shown in yours.")
        )
        ask.setWordWrap(True)
        self.current = QLabel()
        self.current.setObjectName("zone_question_current")
        self.button = QPushButton(translate("ZoneDialog", "Choose my time &zone…"))
        self.button.setObjectName("zone_question_button")
        self.button.setAutoDefault(False)  # Enter goes on with the setup
        self.button.clicked.connect(self.ask)
        row = QHBoxLayout()
        row.addWidget(self.current, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ask)
        layout.addLayout(row)
        self._show()

    def ask(self) -> None:
        answer = choose_zone(self.chosen or COMPUTER, self)
        if answer is not None:
            self.chosen = answer
            self._show()

    def _show(self) -> None:
        zone = self.chosen or computer_zone()
        place = zone_place(datetime.now(UTC), zone)
        if self.chosen:
            self.current.setText(translate("ZoneDialog", "Your time zone: {place}, your choice").format(place=place))
        else:
            self.current.setText(
                translate("ZoneDialog", "Your time zone: {place}, this computer's").format(place=place)
            )
