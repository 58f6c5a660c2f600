"""The new-lead form for callers the CRM does not know (Zapier ``/lead`` fields), and their consent.

The fields are checked as they are typed (after a pause, or on leaving the field), with the message beside
the field; a US ZIP shows its city and state (HeavySet fills those in from the ZIP: ``/lead`` has no field for
them). The consent boxes start unticked for every caller; what is ticked goes to the lead as
:class:`~hsconsole.services.console.Consent` says (``/lead`` has no consent field).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.checks import US_POSTAL_REGIONS, email_problem, place_of_zip, postal_region, zip_problem
from hsconsole.domain.phones import DEFAULT_REGION, InvalidPhoneError, normalize_phone
from hsconsole.services.console import NEW_LEAD_LIMITS, Consent
from hsconsole.ui.forms import FIELD_LIMIT, FieldErrors, LiveChecks, SelectOnArrival, TickBox, too_long, uncut
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

FIELDS = (
    ("first_name", QT_TRANSLATE_NOOP("NewLeadForm", "First &name")),
    ("last_name", QT_TRANSLATE_NOOP("NewLeadForm", "L&ast name")),
    ("phone", QT_TRANSLATE_NOOP("NewLeadForm", "Ph&one")),
    ("address1", QT_TRANSLATE_NOOP("NewLeadForm", "Str&eet")),
    ("zip", QT_TRANSLATE_NOOP("NewLeadForm", "&ZIP")),
    ("email", QT_TRANSLATE_NOOP("NewLeadForm", "E&mail")),
    ("product", QT_TRANSLATE_NOOP("NewLeadForm", "Pro&duct")),
    ("comments", QT_TRANSLATE_NOOP("NewLeadForm", "Commen&ts")),
)
REQUIRED = ("phone", "zip")
ZIP_LENGTH = NEW_LEAD_LIMITS["zip"]
"""84101 or 84101-1234."""
CONSENTS = (
    (
        "tcpa",
        QT_TRANSLATE_NOOP("NewLeadForm", "TCPA con&sent"),
        QT_TRANSLATE_NOOP(
            "NewLeadForm",
            "The caller agrees to be called and texted about this, automated dialing included. Set on the lead "
            "right after it is created: the new-lead request has no field for it.",
        ),
    ),
    (
        "opt_in",
        QT_TRANSLATE_NOOP("NewLeadForm", "Opt-&in"),
        QT_TRANSLATE_NOOP(
            "NewLeadForm",
            "The caller asks to hear about offers and news. No HeavySet request can set the opt-in: it is written "
            "in the lead's notes.",
        ),
    ),
)
"""Both unticked for every caller: tick one only when the caller said yes to it. (Words as written, shown
translated: what goes to HeavySet for them is not these words.)"""


class NewLeadForm(QWidget):
    """Signals:
    submitted(): the setter asked to create the lead.
    cancelled(): the setter backed out.
    wrong_changed(bool): whether a field is wrong (see :meth:`problems`), after a check as the setter types.
    """

    submitted = Signal()
    cancelled = Signal()
    wrong_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QLineEdit] = {}
        self.field_errors = FieldErrors()
        self.errors = self.field_errors.labels
        self.region = DEFAULT_REGION
        """The profile's region: the ZIP is read as its postal code when the phone number does not say otherwise."""
        self.arrival = SelectOnArrival(self)
        self.live = LiveChecks(self, self.problems, self._checked)
        self.live.wrong_changed.connect(self.wrong_changed)
        self._said: dict[str, str] = {}
        """Messages the window showed (a server's refusal), each until its field is typed in."""
        self._typed: set[str] = set()
        form = QFormLayout()
        for name, written in FIELDS:
            text = translate("NewLeadForm", written)
            edit = uncut(QLineEdit())  # a paste too long is refused with a message, never cut
            edit.setObjectName(f"new_{name}")
            required = translate("NewLeadForm", " (required)") if name in REQUIRED else ""
            edit.setAccessibleName(text.replace("&", "") + required)
            edit.returnPressed.connect(self.submitted.emit)
            edit.textEdited.connect(lambda _text, name=name: self._typed.add(name))
            self.inputs[name] = edit
            label = QLabel(text + (" *" if name in REQUIRED else ""))
            self.field_errors.add_row(form, name, label, edit)
            self.arrival.watch(edit, label)
            self.live.watch(edit)
            if name == "zip":
                self.place = QLabel("—")
                self.place.setObjectName("new_place")
                self.place.setAccessibleName(translate("NewLeadForm", "City and state of the ZIP"))
                self.place.setToolTip(
                    translate("NewLeadForm", "From the ZIP; HeavySet fills in the lead's city and state from it")
                )
                form.addRow(QLabel(translate("NewLeadForm", "City, state")), self.place)
        self.inputs["product"].setPlaceholderText(
            translate("NewLeadForm", "e.g. {products}").format(products="Solar, Roofing, Windows")
        )
        self.consents: dict[str, QCheckBox] = {}
        for name, text, written_meaning in CONSENTS:
            meaning = translate("NewLeadForm", written_meaning)
            tick = TickBox(translate("NewLeadForm", text))
            tick.setObjectName(f"new_{name}")
            tick.setToolTip(meaning)
            hint = QLabel(meaning)
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.PlainText)
            hint.setObjectName(f"new_{name}_hint")
            tick.setAccessibleDescription(meaning)
            self.consents[name] = tick
            form.addRow(tick)
            form.addRow(hint)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.create_button = QPushButton(translate("NewLeadForm", "Create lead"))
        self.create_button.setToolTip(translate("NewLeadForm", "Enter in any field creates the lead"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submitted.emit)
        self.cancel_button = QPushButton(translate("NewLeadForm", "Back"))
        self.cancel_button.clicked.connect(self.cancelled.emit)
        self.cancel_button.setAutoDefault(True)  # Enter on Back goes back (it never creates the lead)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)

        box = QGroupBox(translate("NewLeadForm", "New lead"))
        box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def start(self, phone: str, heading: str, *, take_keyboard: bool = True) -> None:
        for edit in self.inputs.values():
            edit.clear()
        for box in self.consents.values():
            box.setChecked(False)
        self.place.setText("—")
        self.live.reset()
        self.set_locked(False)
        self.clear_errors()
        self.inputs["phone"].setText(phone)
        self.heading.setText(heading)
        # A number already there (the caller not found) is not a Tab stop: Tab goes name, name, street, ZIP
        # (Alt+O or a click still reach it); an empty one is where the form starts.
        known = bool(phone.strip())
        self.inputs["phone"].setFocusPolicy(Qt.FocusPolicy.ClickFocus if known else Qt.FocusPolicy.StrongFocus)
        if take_keyboard:
            self.focus_first()

    def focus_first(self) -> None:
        """The keyboard to where the form starts: the first name when the number is there, else the number."""
        known = bool(self.inputs["phone"].text().strip())
        self.inputs["first_name" if known else "phone"].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a consent box (or anything else in the form that does not take it) creates the lead, as
        Enter in a field does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.create_button.isEnabled():
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def set_locked(self, locked: bool) -> None:
        """Once the lead exists its fields are read-only (the CRM has them now)."""
        for edit in self.inputs.values():
            edit.setReadOnly(locked)
        for box in self.consents.values():
            box.setEnabled(not locked)
        self.create_button.setVisible(not locked)
        self.cancel_button.setText(translate("NewLeadForm", "Done") if locked else translate("NewLeadForm", "Back"))

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.inputs.items()}

    def consent(self) -> Consent:
        """What the caller agreed to (the boxes ticked)."""
        return Consent(tcpa=self.consents["tcpa"].isChecked(), opt_in=self.consents["opt_in"].isChecked())

    def problems(self) -> dict[str, str]:
        """Error lines for values that cannot be sent as they are, by field name (checked before anything is
        sent): too long for the field, or not a phone number, an email address or a ZIP. An empty field is left to
        the lead's own rules (phone and ZIP are required)."""
        values = self.values()
        found = {}
        for name, text in values.items():
            message = too_long(text, NEW_LEAD_LIMITS.get(name, FIELD_LIMIT))
            if message:
                found[name] = message
        if "zip" in found:
            found["zip"] = f"A ZIP has at most {ZIP_LENGTH} characters (84101 or 84101-1234)."
        if values["phone"] and "phone" not in found:
            try:
                normalize_phone(values["phone"], self.region)
            except InvalidPhoneError as exc:
                found["phone"] = str(exc)
        checks = {
            "email": email_problem(values["email"]),
            "zip": zip_problem(values["zip"], self.postal_region()),
        }
        for name, message in checks.items():
            if message and name not in found:
                found[name] = message
        return found

    def postal_region(self) -> str:
        """Whose postal code the ZIP is: the phone number's region, else the profile's."""
        return postal_region(None, self.values()["phone"], self.region)

    def _checked(self, problems: dict[str, str]) -> None:
        """After a check as the setter types: the ZIP's city and state, and the messages beside the fields."""
        zip_code = self.values()["zip"]
        place = None
        if "zip" not in problems and self.postal_region() in US_POSTAL_REGIONS:
            place = place_of_zip(zip_code)
        if place is not None:
            self.place.setText(str(place))
        elif zip_code and "zip" not in problems and self.postal_region() in US_POSTAL_REGIONS:
            self.place.setText(translate("NewLeadForm", "Not a ZIP we know: check it (HeavySet may refuse it)"))
        else:
            self.place.setText("—")
        self._show({name: text for name, text in self._said.items() if name not in self._typed} | problems)

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show each message under its field, each until its field is typed in; returns those with no field."""
        self._said = dict(errors)
        self._typed.clear()
        return self._show({**errors, **self.live.problems})

    def _show(self, errors: dict[str, str]) -> list[str]:
        return self.field_errors.show(errors)

    def clear_errors(self) -> None:
        self._said.clear()
        self._typed.clear()
        self.field_errors.clear()
