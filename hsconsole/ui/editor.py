"""The lead editor: every field PhoneUpdateDto lets a setter change, and the lead's facts.

What the setter types is checked as it is typed (after a pause, or on leaving the field), with the message
beside the field: an email's syntax, a US ZIP's form (a lead elsewhere keeps its own postal code), the year
the home was built. A changed ZIP fills the city in, unless the setter typed one. :meth:`LeadEditor.problems`
is what keeps Save from sending; ``wrong_changed`` tells the window when to look again.

A value is never cut: a field takes text of any length and Save refuses one longer than its field takes
(``EDITOR_LIMITS``, from the request model) with a message at the field. A value from HeavySet that a
field cannot show as it is (longer than that, or with characters a text field cannot hold) is
*held*: shown in part, read-only, with a note under it, and left as it is by Save, which sends
only what the setter changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.checks import (
    US_POSTAL_REGIONS,
    email_problem,
    home_year_text_problem,
    place_of_zip,
    postal_region,
    zip_problem,
)
from hsconsole.domain.phones import DEFAULT_REGION
from hsconsole.services.console import EDITOR_LIMITS, editable_values, pending_changes
from hsconsole.services.formatting import (
    caller_time,
    format_appointment,
    format_created,
    lead_zone_name,
    phone_for_display,
)
from hsconsole.services.models import ExistingLead
from hsconsole.ui.forms import FIELD_LIMIT, FieldErrors, LiveChecks, SelectOnArrival, TickBox, clipped, too_long, uncut
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

# (field name, label with mnemonic, kind); labels as written, shown translated
TEXT_FIELDS = (
    ("first_name", QT_TRANSLATE_NOOP("LeadEditor", "First &name"), "text"),
    ("last_name", QT_TRANSLATE_NOOP("LeadEditor", "L&ast name"), "text"),
    ("street_address", QT_TRANSLATE_NOOP("LeadEditor", "Str&eet"), "text"),
    ("city", QT_TRANSLATE_NOOP("LeadEditor", "C&ity"), "text"),
    ("zip", QT_TRANSLATE_NOOP("LeadEditor", "&ZIP"), "text"),
    ("email", QT_TRANSLATE_NOOP("LeadEditor", "E&mail"), "text"),
    ("home_year", QT_TRANSLATE_NOOP("LeadEditor", "Home &year"), "year"),
    ("taker_id", QT_TRANSLATE_NOOP("LeadEditor", "Ta&ker id"), "text"),
)
CHECK_FIELDS = (
    ("opt_out_phone", QT_TRANSLATE_NOOP("LeadEditor", "D&o not call")),
    ("tcpa_flag", QT_TRANSLATE_NOOP("LeadEditor", "&TCPA consent")),
)
"""Mnemonics are unique across the whole main window (menus included): see ui/shortcuts.py."""
FACTS = (
    ("status", QT_TRANSLATE_NOOP("LeadEditor", "Status")),
    ("appointment", QT_TRANSLATE_NOOP("LeadEditor", "Appointment")),
    ("your_time", QT_TRANSLATE_NOOP("LeadEditor", "Your time")),
    ("rep", QT_TRANSLATE_NOOP("LeadEditor", "Sales rep")),
    ("source", QT_TRANSLATE_NOOP("LeadEditor", "Source")),
    ("product", QT_TRANSLATE_NOOP("LeadEditor", "Product")),
    ("segment", QT_TRANSLATE_NOOP("LeadEditor", "Market")),
    ("created", QT_TRANSLATE_NOOP("LeadEditor", "Created")),
    ("disposition", QT_TRANSLATE_NOOP("LeadEditor", "Disposition")),
)
FACT_LENGTH = 500
"""Characters of a fact from the CRM shown at most (a longer one ends in "…")."""


class LeadEditor(QWidget):
    """Form bound to a lead's editable fields, under the lead's name and the time it is where they are.

    Signals:
        dirty_changed(bool): whether any field differs from the server copy.
        wrong_changed(bool): whether a field is wrong (see :meth:`problems`), after a check as the setter types.
    """

    dirty_changed = Signal(bool)
    wrong_changed = Signal(bool)

    def __init__(self, setter_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setter_zone = setter_zone
        self.lead: ExistingLead | None = None
        self._lead_zone: str | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        """The moment the caller's time is told from (tests set it)."""
        self._dirty = False
        self.inputs: dict[str, QLineEdit] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.field_errors = FieldErrors()
        self.errors = self.field_errors.labels
        self.facts: dict[str, QLabel] = {}
        self.held: dict[str, Any] = {}
        """Fields whose value from HeavySet cannot be shown as it is: the value, kept untouched."""
        self._held_notes: dict[str, str] = {}
        self.region = DEFAULT_REGION
        """The profile's region: the lead's postal codes are read as its, when neither its CRM country nor its
        phone number says otherwise."""
        self._said: dict[str, str] = {}
        """Messages the window showed (a server's refusal), each until its field is typed in."""
        self._typed: set[str] = set()
        self._city_filled: str | None = None
        """The city this editor put in from a changed ZIP (not one the setter typed)."""
        self.arrival = SelectOnArrival(self)
        self.live = LiveChecks(self, self.problems, self._checked)
        self.live.wrong_changed.connect(self.wrong_changed)

        self.title = QLabel()
        # a long name is cut at the pane's edge: it never widens the pane (a scroll bar under the form)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        title_font = QFont()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caller_time = QLabel()
        """ "It is 8:12 PM in Honolulu": beside the name, told again each minute; hidden when the zone is unknown."""
        self.caller_time.setObjectName("caller_time")
        self.caller_time.setAccessibleName(translate("LeadEditor", "Caller's local time"))
        self.caller_time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.caller_time.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caller_time.hide()
        self._minute = QTimer(self, singleShot=True)
        self._minute.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may tell the new minute 3 s late
        self._minute.timeout.connect(self._show_caller_time)
        self.phone = QLineEdit()
        self.phone.setReadOnly(True)
        self.phone.setAccessibleName(translate("LeadEditor", "Phone (read-only)"))
        self.phone.setToolTip(translate("LeadEditor", "The phone number is the lead's key and cannot be changed here"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        phone_label = QLabel(translate("LeadEditor", "Phone"))
        phone_label.setBuddy(self.phone)
        form.addRow(phone_label, self.phone)
        for name, written, kind in TEXT_FIELDS:
            text = translate("LeadEditor", written)
            edit = uncut(QLineEdit())
            edit.setObjectName(name)
            edit.setAccessibleName(text.replace("&", ""))
            if kind == "year":  # digits only; a year out of range stays as typed, with a message beside it
                edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), edit))
                edit.setPlaceholderText(translate("LeadEditor", "e.g. 1998"))
            edit.textEdited.connect(self._edited)
            edit.textEdited.connect(lambda _text, name=name: self._typed.add(name))
            self.inputs[name] = edit
            self._add_row(form, name, text, edit)
            self.arrival.watch(edit, self.labels[name])
            self.live.watch(edit)
        for name, text in CHECK_FIELDS:
            box = TickBox(translate("LeadEditor", text))
            box.setObjectName(name)
            box.toggled.connect(self._edited)
            self.checks[name] = box
            self._add_row(form, name, "", box)
        self.comment = uncut(QLineEdit())
        self.comment.setObjectName("comment")
        self.comment.setPlaceholderText(translate("LeadEditor", "Added to the lead's notes when you save"))
        self.comment.setAccessibleName(translate("LeadEditor", "Note to add to the lead"))
        self.comment.textEdited.connect(self._edited)
        self.comment.textEdited.connect(lambda _text: self._typed.add("comment"))
        self._add_row(form, "comment", translate("LeadEditor", "Note to a&dd"), self.comment)
        self.arrival.watch(self.comment, self.labels["comment"])
        self.live.watch(self.comment)

        fields_box = QGroupBox(translate("LeadEditor", "Details"))
        fields_box.setLayout(form)

        facts_grid = QGridLayout()
        for row, (key, written) in enumerate(FACTS):
            text = translate("LeadEditor", written)
            name_label = QLabel(translate("LeadEditor", "{fact}:").format(fact=text))
            value = QLabel("—")
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long word: cut
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            value.setAccessibleName(text)
            self.facts[key] = value
            facts_grid.addWidget(name_label, row, 0, Qt.AlignmentFlag.AlignTop)
            facts_grid.addWidget(value, row, 1)
        facts_grid.setColumnStretch(1, 1)
        facts_page = QWidget()
        facts_page.setLayout(facts_grid)
        self.facts_tabs = QTabWidget()
        """The CRM's facts, and beside them what the window adds (the caller's history)."""
        self.facts_tabs.setObjectName("facts_tabs")
        self.facts_tabs.addTab(facts_page, translate("LeadEditor", "From the CRM"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.caller_time)
        layout.addLayout(heading)
        layout.addWidget(fields_box)
        layout.addWidget(self.facts_tabs)
        layout.addStretch(1)

    def _add_row(self, form: QFormLayout, name: str, text: str, field: QWidget) -> None:
        label = QLabel(text)
        self.labels[name] = label
        self.field_errors.add_row(form, name, label, field)

    # ------------------------------------------------------------ data

    @property
    def lead_zone(self) -> str | None:
        """The lead's zone as its blocks give it (None: unknown); setting it tells the caller's time anew."""
        return self._lead_zone

    @lead_zone.setter
    def lead_zone(self, zone: str | None) -> None:
        self._lead_zone = zone
        self._show_caller_time()

    def _show_caller_time(self) -> None:
        """The caller's time now, and again at the turn of the next minute; nothing when their zone is unknown."""
        name = lead_zone_name(self.lead, self._lead_zone) if self.lead is not None else None
        if name is None:
            self._minute.stop()
            self.caller_time.hide()
            self.caller_time.clear()
            return
        now = self.now()
        self.caller_time.setText(caller_time(now, name, ZoneInfo(self.setter_zone)))
        self.caller_time.setToolTip(
            translate("LeadEditor", "The caller's local time ({zone}), told again each minute").format(zone=name)
        )
        self.caller_time.show()
        self._minute.start(max(60_000 - (now.second * 1000 + now.microsecond // 1000), 0) + 50)

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: the facts' "your time" and the caller's time are told again."""
        self.setter_zone = zone
        if self.lead is not None:
            self._show_facts(self.lead)
            self._show_caller_time()

    def load(self, lead: ExistingLead, *, keep: dict[str, Any] | None = None, lead_zone: str | None = None) -> None:
        """Show ``lead``; ``keep`` re-applies edits that must not be lost."""
        self.lead = lead
        self.lead_zone = lead_zone  # tells the caller's time
        values = editable_values(lead)
        self.held.clear()
        self._held_notes.clear()
        for name in self.inputs:
            self._set_field(name, values.get(name))
        for name, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(bool(values.get(name)))
            box.blockSignals(False)
        self.comment.clear()
        self._city_filled = None
        if keep:
            self._apply(keep)
        self.title.setText(clipped(lead.name) if lead.name else translate("LeadEditor", "(no name)"))
        self.phone.setText(phone_for_display(lead.phone))
        self._show_facts(lead)
        self.clear_errors()
        self._edited()

    def _set_field(self, name: str, value: Any) -> None:
        """Show ``value`` in the text field ``name``; hold it when the field cannot show it as it is."""
        edit = self.inputs[name]
        text = "" if value is None else str(value)
        self.held.pop(name, None)
        self._held_notes.pop(name, None)
        edit.setReadOnly(False)
        edit.setToolTip("")
        edit.setText(text)
        if len(text) <= FIELD_LIMIT and edit.text() == text:
            return
        self.held[name] = value
        if len(text) > FIELD_LIMIT:
            why = f"HeavySet holds {len(text):,} characters here, more than this field takes ({FIELD_LIMIT:,})"
        else:
            why = "HeavySet holds characters here that a text field cannot show"
        note = f"{why}: shown in part and read-only. Saving leaves it as it is."
        self._held_notes[name] = note
        edit.setText(clipped(edit.text()))
        edit.setCursorPosition(0)
        edit.setReadOnly(True)
        edit.setToolTip(note)

    def _apply(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.inputs:
                self._set_field(name, value)
            elif name in self.checks:
                self.checks[name].setChecked(bool(value))
            elif name == "comment":
                self.comment.setText(str(value))

    def _show_facts(self, lead: ExistingLead) -> None:
        setter = ZoneInfo(self.setter_zone)
        lead_time, your_time = format_appointment(lead, setter, self.lead_zone)
        rep = lead.sales_rep_name or "—"
        if lead.sales_rep_email:
            rep += f" <{lead.sales_rep_email}>"
        text = {
            "status": lead.appointment_status or translate("LeadEditor", "No appointment"),
            "appointment": lead_time,
            "your_time": your_time,
            "rep": rep,
            "source": " / ".join(x for x in (lead.source, lead.source_type) if x) or "—",
            "product": lead.product or "—",
            "segment": lead.market_segment or "—",
            "created": format_created(lead.created_date, setter, self.lead_zone) if lead.created_date else "—",
            "disposition": lead.disposition or "—",
        }
        for key, label in self.facts.items():
            label.setText(clipped(text[key], FACT_LENGTH))

    def values(self) -> dict[str, Any]:
        """The fields' values; a held field's is the value it holds, untouched."""
        out: dict[str, Any] = {}
        for name, edit in self.inputs.items():
            if name in self.held:
                out[name] = self.held[name]
                continue
            text = edit.text()
            out[name] = (int(text) if text.strip().isdigit() else None) if name == "home_year" else text
        for name, box in self.checks.items():
            out[name] = box.isChecked()
        return out

    def edits(self) -> dict[str, Any]:
        """Changed fields and the comment: what Save would send (and must never be lost)."""
        if self.lead is None:
            return {}
        changes = pending_changes(self.lead, self.values())
        if self.comment.text().strip():
            changes["comment"] = self.comment.text()
        return changes

    def is_dirty(self) -> bool:
        return bool(self.edits())

    def problems(self) -> dict[str, str]:
        """Error lines for edited values Save cannot send as they are, by field name: longer than the field takes,
        or not what the field holds (email, ZIP, year). A value from HeavySet left as it was is not judged."""
        found = {}
        for name, edit in [*self.inputs.items(), ("comment", self.comment)]:
            message = "" if name in self.held else too_long(edit.text(), EDITOR_LIMITS.get(name, FIELD_LIMIT))
            if message:
                found[name] = message
        changed = self.edits()
        checks: dict[str, Callable[[str], str]] = {
            "email": email_problem,
            "zip": lambda text: zip_problem(text, self.postal_region()),
            "home_year": home_year_text_problem,
        }
        for name, check in checks.items():
            if name in changed and name not in found:
                message = check(self.inputs[name].text())
                if message:
                    found[name] = message
        return found

    def postal_region(self) -> str:
        """Whose postal codes the lead's ZIP is: its CRM country, else its phone number's, else the profile's."""
        lead = self.lead
        return postal_region(lead.country_alpha2 if lead else None, lead.phone if lead else None, self.region)

    def _checked(self, problems: dict[str, str]) -> None:
        """After a check as the setter types: the city of a changed ZIP, and the messages beside the fields."""
        self._fill_city()
        self._show_errors(problems)

    def _fill_city(self) -> None:
        """A changed US ZIP puts its city in the City field, unless the setter typed a city of their own; the ZIP
        set back puts the lead's city back. (The state follows the ZIP on HeavySet's side.)"""
        if self.lead is None or {"city", "zip"} & self.held.keys():
            return
        server = editable_values(self.lead)
        city = self.inputs["city"]
        if city.text() not in {server["city"], self._city_filled}:
            return  # the setter's own
        zip_text = self.inputs["zip"].text().strip()
        place = None
        if zip_text != server["zip"] and self.postal_region() in US_POSTAL_REGIONS:
            place = place_of_zip(zip_text)
        want = place.city if place else server["city"]
        self._city_filled = want if place else None
        if city.text() != want:
            city.setText(want)
            self._edited()

    def revert(self) -> None:
        if self.lead is not None:
            self.load(self.lead, lead_zone=self.lead_zone)

    def _edited(self, *_: object) -> None:
        changes = self.edits()
        for name, label in self.labels.items():
            font = label.font()
            font.setItalic(name in changes)
            font.setBold(name in changes)
            label.setFont(font)
            base = label.text().rstrip(" •")
            if label.text():
                label.setText(base + (" •" if name in changes else ""))
        for name, box in self.checks.items():
            font = box.font()
            font.setBold(name in changes)
            box.setFont(font)
        dirty = bool(changes)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # ------------------------------------------------------------ errors

    def show_field_errors(self, errors: dict[str, str]) -> list[str]:
        """Show each message under its field (a held field's note where it has none), each until its field is typed
        in; returns those with no field."""
        self._said = dict(errors)
        self._typed.clear()
        return self._show_errors(self.live.problems)

    def _show_errors(self, problems: dict[str, str]) -> list[str]:
        said = {name: text for name, text in self._said.items() if name not in self._typed}
        return self.field_errors.show({**self._held_notes, **said, **problems})

    def clear_errors(self) -> None:
        """No error lines; the notes of held fields stay."""
        self._said.clear()
        self._typed.clear()
        self.live.reset()
        self.field_errors.show(self._held_notes)

    def focus_first(self) -> None:
        self.inputs["first_name"].setFocus(Qt.FocusReason.ShortcutFocusReason)
