"""The send-link dialog's smaller choices: the appointment type, how the link reaches the homeowner, and the
days it offers.

:class:`AppointmentTypeBox`: the appointment types TimeZest offers, by their
display name; the tooltip says the name in full, the internal name and the length.

:class:`DeliveryChoice`: TimeZest makes the link and the setter passes it on
(``generate_url``: TimeZest does not email it), or TimeZest's own workflow
emails it to the homeowner (``pod``). A line under them says what the
homeowner receives with the one chosen.

:class:`DayWindow`: "Only between" two days, off unless the setter ticks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hsconsole.services.scheduling import AppointmentType, SentLink, TriggerMode
from hsconsole.ui.forms import TickBox
from hsconsole.ui.language import translate
from hsconsole.ui.timezest_parts import date_edit, pydate, qdate

WINDOW_DAYS = 14
"""The window's default length: the first day to two weeks ahead."""
TYPE_ROLE = Qt.ItemDataRole.UserRole + 1


class AppointmentTypeBox(QComboBox):
    """The appointment type to offer, one of those :meth:`set_types` was given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("link_type")
        self.setAccessibleName(translate("SendLinkDialog", "Appointment type"))
        self.setMinimumContentsLength(24)
        self.currentIndexChanged.connect(lambda _i: self._show_tip())

    def current_type(self) -> AppointmentType | None:
        kind = self.currentData(TYPE_ROLE)
        return kind if isinstance(kind, AppointmentType) else None

    def set_types(self, types: Sequence[AppointmentType]) -> None:
        """Offer these types, the one chosen before still chosen if it is among them (no change is signalled)."""
        current = self.current_type()
        self.blockSignals(True)
        try:
            self.clear()
            for index, kind in enumerate(types):
                self.addItem(kind.display_name)
                self.setItemData(index, kind, TYPE_ROLE)
                details = [kind.display_name]  # in full: a long name is cut short in the box
                if kind.internal_name != kind.display_name:
                    details.append(kind.internal_name)
                if kind.duration_mins:
                    details.append(translate("SendLinkDialog", "{minutes} min").format(minutes=kind.duration_mins))
                self.setItemData(index, " · ".join(details), Qt.ItemDataRole.ToolTipRole)
                if current is not None and kind.id == current.id:
                    self.setCurrentIndex(index)
        finally:
            self.blockSignals(False)
        self._show_tip()

    def _show_tip(self) -> None:
        self.setToolTip(self.currentData(Qt.ItemDataRole.ToolTipRole) or "")


class DeliveryChoice(QGroupBox):
    """ "How it reaches them": pass the link on, or TimeZest emails it.

    Signals:
        mode_chosen(TriggerMode): the setter (or :meth:`set_trigger_mode`) chose another way.
    """

    mode_chosen = Signal(object)

    def __init__(self, who: str, email: str, mode: TriggerMode, parent: QWidget | None = None) -> None:
        """``who`` and ``email`` name the homeowner (``email`` may be empty); ``mode`` is checked at first."""
        super().__init__(translate("SendLinkDialog", "How it reaches them"), parent)
        self.setObjectName("link_mode")
        self._who = who
        self._email = email
        self.pass_on_radio = QRadioButton(
            translate("SendLinkDialog", "I &pass the link on (TimeZest makes it and does not email it)")
        )
        self.pass_on_radio.setObjectName("link_mode_pass_on")
        self.pass_on_radio.setAccessibleName(
            translate("SendLinkDialog", "I pass the link on: TimeZest makes it and does not email it")
        )
        if email:
            text = translate("SendLinkDialog", "TimeZest &emails it to {email} (its own workflow)").format(email=email)
            name = translate("SendLinkDialog", "TimeZest emails it to {email} by its own workflow").format(email=email)
        else:
            text = translate("SendLinkDialog", "TimeZest &emails it to the homeowner (its own workflow)")
            name = translate("SendLinkDialog", "TimeZest emails it to the homeowner by its own workflow")
        self.email_radio = QRadioButton(text)
        self.email_radio.setObjectName("link_mode_email")
        self.email_radio.setAccessibleName(name)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.pass_on_radio)
        self.mode_group.addButton(self.email_radio)
        self.set_trigger_mode(mode)
        self.delivery_label = QLabel()
        self.delivery_label.setObjectName("link_delivery")
        self.delivery_label.setAccessibleName(translate("SendLinkDialog", "How the link reaches the homeowner"))
        self.delivery_label.setTextFormat(Qt.TextFormat.PlainText)
        self.delivery_label.setWordWrap(True)
        self.mode_group.buttonToggled.connect(self._mode_toggled)
        column = QVBoxLayout(self)
        column.addWidget(self.pass_on_radio)
        column.addWidget(self.email_radio)
        column.addWidget(self.delivery_label)
        self._show_delivery()

    def trigger_mode(self) -> TriggerMode:
        """How the link is to reach the homeowner, as chosen."""
        return TriggerMode.POD if self.email_radio.isChecked() else TriggerMode.GENERATE_URL

    def set_trigger_mode(self, mode: TriggerMode) -> None:
        (self.email_radio if mode is TriggerMode.POD else self.pass_on_radio).setChecked(True)

    def set_locked(self, locked: bool) -> None:
        """Keep the choice as it is; the line saying what it means stays readable."""
        self.pass_on_radio.setEnabled(not locked)
        self.email_radio.setEnabled(not locked)

    def delivery_text(self, mode: TriggerMode | None = None) -> str:
        """What the homeowner receives with ``mode`` (the chosen one by default), in setter words."""
        email = self._email or translate("SendLinkDialog", "their email address")
        if (mode or self.trigger_mode()) is TriggerMode.POD:
            return translate(
                "SendLinkDialog",
                "TimeZest sends {who} the link at {email} through its own workflow. You need not pass it on.",
            ).format(who=self._who, email=email)
        return translate(
            "SendLinkDialog",
            "TimeZest makes the link but does not email it: give it to {who} yourself (read it out, or copy it "
            "into a message). It is also noted on the lead.",
        ).format(who=self._who)

    def outcome_text(self, sent: SentLink) -> str:
        """What became of the link ``sent``: TimeZest emails it, or the setter passes it on, or nothing reached
        the homeowner (no link, and TimeZest does not email one)."""
        if sent.emailed_by_timezest:
            text = translate(
                "SendLinkDialog", "TimeZest is sending {who} the link at {email} through its own workflow."
            )
            more = (
                translate("SendLinkDialog", "The link is here too, if they ask for it.")
                if sent.url
                else translate("SendLinkDialog", "It gave no link to show here.")
            )
            return f"{text.format(who=self._who, email=sent.email)} {more}"
        if sent.url:
            return translate(
                "SendLinkDialog",
                "Link made for {who}. TimeZest does not email it: read it out or copy it to give it to them.",
            ).format(who=self._who)
        return translate(
            "SendLinkDialog",
            "TimeZest made the request but gave no link, and it does not email one: nothing reached them.",
        )

    def refused_text(self, said: str) -> str:
        """TimeZest does not email links for this account (``said``: its words): the link to pass on is offered."""
        return translate(
            "SendLinkDialog",
            "TimeZest does not email links for this account (it said: {said}). Nothing was sent. “I pass the link on” "
            "is chosen now: press Send link to make the link and give it to {who} yourself.",
        ).format(said=said, who=self._who)

    def _show_delivery(self) -> None:
        self.delivery_label.setText(self.delivery_text())

    def _mode_toggled(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        self._show_delivery()
        self.mode_chosen.emit(self.trigger_mode())


class DayWindow(QWidget):
    """ "Only between" two days: a tick box and the first and last day offered, from ``first_day`` on."""

    def __init__(self, first_day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locked = False
        self.window_check = TickBox(translate("SendLinkDialog", "Only &between"))
        self.window_check.setObjectName("link_window")
        self.window_check.setAccessibleName(translate("SendLinkDialog", "Offer times only between two days"))
        self.earliest_edit = date_edit("link_earliest", translate("SendLinkDialog", "First day offered"), first_day)
        last_day = first_day + timedelta(days=WINDOW_DAYS)
        self.latest_edit = date_edit("link_latest", translate("SendLinkDialog", "Last day offered"), last_day)
        for edit in (self.earliest_edit, self.latest_edit):
            edit.setMinimumDate(qdate(first_day))
            edit.setEnabled(False)
        self.window_check.toggled.connect(lambda _on: self._enable_days())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.window_check)
        row.addWidget(self.earliest_edit)
        row.addWidget(QLabel(translate("SendLinkDialog", "and")))
        row.addWidget(self.latest_edit)
        row.addStretch(1)

    def date_window(self) -> tuple[date | None, date | None]:
        """The first and last day offered, or (None, None) when the window is off."""
        if not self.window_check.isChecked():
            return None, None
        return pydate(self.earliest_edit.date()), pydate(self.latest_edit.date())

    def set_locked(self, locked: bool) -> None:
        """Keep the window as it is (the days stay readable)."""
        self._locked = locked
        self.window_check.setEnabled(not locked)
        self._enable_days()

    def _enable_days(self) -> None:
        for edit in (self.earliest_edit, self.latest_edit):
            edit.setEnabled(self.window_check.isChecked() and not self._locked)
