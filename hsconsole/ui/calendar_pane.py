"""The right pane: the caller's appointment blocks, how many days ahead, and the book and cancel buttons.

Part of the window's frame: it imports no service layer at load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from hsconsole.services.layout import LIMIT_DAYS_RANGE
from hsconsole.ui.calendar import SlotView
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from hsconsole.services.calendar import DayGroup
    from hsconsole.services.models import TimeSlots
    from hsconsole.ui.caller import Buttons

BOOK_TEXTS = (QT_TRANSLATE_NOOP("CalendarPane", "&Book"), QT_TRANSLATE_NOOP("CalendarPane", "Resched&ule"))
"""The book button's words (:attr:`hsconsole.ui.caller.Buttons.book_text`), shown translated."""


class CalendarPane(QWidget):
    """The blocks (:class:`SlotView`) with their title, the days-ahead box, Refresh, Book and Cancel.

    The window connects the buttons; the pane says what its title and the chosen block's notes say.
    """

    def __init__(self, limit_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_pane")
        self.title = QLabel(translate("CalendarPane", "Appointment blocks"))
        self.title.setObjectName("calendar_title")
        self.title.setWordWrap(True)
        self.days_ahead = QSpinBox()
        self.days_ahead.setObjectName("days_ahead")
        self.days_ahead.setRange(*LIMIT_DAYS_RANGE)
        self.days_ahead.setValue(limit_days)
        self.days_ahead.setSuffix(translate("CalendarPane", " business days"))
        self.days_ahead.setAccessibleName(translate("CalendarPane", "Business days ahead"))
        days_label = QLabel(translate("CalendarPane", "Show the ne&xt"))
        days_label.setBuddy(self.days_ahead)
        self.refresh_button = QPushButton(translate("CalendarPane", "Refresh"))
        self.refresh_button.setObjectName("refresh_button")
        self.slot_view = SlotView()
        self.slot_view.setObjectName("slot_view")
        self.slot_note = QLabel()
        self.slot_note.setObjectName("slot_note")
        self.slot_note.setWordWrap(True)
        self.slot_note.setVisible(False)
        self.book_button = QPushButton(translate("CalendarPane", "&Book"))
        self.book_button.setObjectName("book_button")
        self.book_button.setAutoDefault(True)  # Enter on a block, then Enter on Book: booked
        self.cancel_button = QPushButton(translate("CalendarPane", "Cancel appointment…"))
        self.cancel_button.setToolTip(
            translate("CalendarPane", "Cancel the appointment (Ctrl+Shift+X); asks for a note")
        )
        self.cancel_button.setObjectName("cancel_appt_button")
        self.slot_view.chosen.connect(lambda _block: self.book_button.setFocus())
        self.slot_view.selection_changed.connect(self._selected)
        top = QHBoxLayout()
        top.addWidget(days_label)
        top.addWidget(self.days_ahead)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button)
        bottom.addStretch(1)
        bottom.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.slot_view, 1)
        layout.addWidget(self.slot_note)
        layout.addLayout(bottom)

    def show_buttons(self, buttons: Buttons) -> None:
        """Book (or Reschedule), Cancel and Refresh on or off (:func:`hsconsole.ui.caller.buttons_for`)."""
        self.book_button.setEnabled(buttons.book)
        self.book_button.setText(translate("CalendarPane", buttons.book_text))
        self.cancel_button.setEnabled(buttons.cancel)
        self.refresh_button.setEnabled(buttons.refresh_blocks)

    def clear(self, title: str = "") -> None:
        """No blocks, and a title that keeps nothing of the last caller ("Appointment blocks" when not given)."""
        self.slot_view.set_zone_headers()
        self.slot_view.set_days([])
        self.title.setText(title or translate("CalendarPane", "Appointment blocks"))
        self.title.setToolTip("")

    def show_days(self, slots: TimeSlots, days: list[DayGroup], setter_zone: str, select: str | None) -> None:
        """The blocks of ``slots`` (built as ``days``), ``select`` chosen; the title counts the open ones and
        says both zones, and what HeavySet sent that could not be read (which, in its tooltip)."""
        from hsconsole.domain.zones import city_of
        from hsconsole.services.calendar import ZoneNames

        zone = slots.time_zone or (slots.slots[0].time_zone if slots.slots else None)
        names = ZoneNames.of(slots, setter_zone)
        lead = translate("CalendarPane", "Lead's time ({city})").format(city=city_of(zone)) if zone else None
        self.slot_view.set_zone_headers(
            lead, translate("CalendarPane", "Your time ({city})").format(city=city_of(names.setter_zone))
        )
        self.slot_view.set_days(days, select_block=select)
        count = sum(1 for d in days for r in d.rows if r.available > 0)
        skipped = slots.skipped
        left_out = (
            translate("CalendarPane", " · ⚠ {count} unreadable left out").format(count=len(skipped)) if skipped else ""
        )
        source = (
            translate("CalendarPane", " (from {source}: HeavySet gave none)").format(source=slots.zone_source)
            if slots.zone_source
            else ""
        )
        self.title.setText(
            translate(
                "CalendarPane", "{count} open blocks{left_out} · lead's zone {zone}{source} · your zone {setter}"
            ).format(
                count=count,
                left_out=left_out,
                zone=zone or translate("CalendarPane", "unknown"),
                source=source,
                setter=setter_zone,
            )
        )  # set_days emitted selection_changed: the note and the buttons follow the chosen block
        self.title.setToolTip(
            translate("CalendarPane", "HeavySet sent blocks the console could not read; they are not shown:")
            + "\n"
            + "\n".join(skipped[:20])
            if skipped
            else ""
        )

    def _selected(self) -> None:
        row = self.slot_view.selected_row()
        notes = list(row.dst_notes) if row else []
        self.slot_note.setText("⚠ " + "\n⚠ ".join(notes) if notes else "")
        self.slot_note.setVisible(bool(notes))
