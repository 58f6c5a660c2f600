"""Settings for the two optional connectors of a profile: Apptoto reminders and TimeZest links.

:class:`ConnectorsForm` holds both groups (each off until the setter turns
it on) with their Test buttons; :mod:`hsconsole.ui.connectors_dialog` hosts it as
Settings ▸ Connectors and as an optional wizard page, and :mod:`hsconsole.ui.connector_keys`
reads the keys pasted. The form only collects and tests: what it returns is a
:class:`~hsconsole.ui.connector_keys.ConnectorChoice`,
and the caller keeps the keys in the keychain and the rest in the settings
file. A key is never written to a label or the log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsconsole.services.errors import SecretsError
from hsconsole.services.redaction import REDACTOR
from hsconsole.services.settings import (
    APPTOTO_ORIGIN,
    TIMEZEST_ORIGIN,
    ApptotoSettings,
    Profile,
    TimeZestSettings,
)
from hsconsole.services.setup import ConnectorCheck, check_apptoto, check_timezest
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.connector_keys import (
    CONNECTORS,
    KEPT_KEY_PLACEHOLDER,
    SERVICE_NAMES,
    Connector,
    ConnectorChoice,
    ConnectorsInvalid,
    KeyField,
    clean_key,
    fingerprint,
    hint_label,
    line_edit,
    redact_key,
    result_label,
)
from hsconsole.ui.forms import FieldErrors, show_message
from hsconsole.ui.language import translate

log = logging.getLogger("hsconsole.ui")

ApptotoChecker = Callable[[ApptotoSettings, str], Awaitable[ConnectorCheck]]
TimeZestChecker = Callable[[TimeZestSettings, str], Awaitable[ConnectorCheck]]
KeyReader = Callable[[Connector], str | None]
"""Reads a saved key from the keychain (for testing with a kept key); may raise SecretsError."""


class ConnectorsForm(QWidget):
    """The Apptoto and TimeZest groups of one profile, each off until checked.

    Signals:
    test_finished(str, object): ``"apptoto"`` or ``"timezest"`` and the :class:`ConnectorCheck`.
    """

    test_finished = Signal(str, object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        apptoto_checker: ApptotoChecker = check_apptoto,
        timezest_checker: TimeZestChecker = check_timezest,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectors_form")
        self.apptoto_checker = apptoto_checker
        self.timezest_checker = timezest_checker
        self.tasks = TaskKeeper()
        self._read_key: KeyReader | None = None
        self._kept: dict[Connector, bool] = {"apptoto": False, "timezest": False}
        self._loaded: Profile | None = None
        self._checks: dict[Connector, tuple[str, ConnectorCheck]] = {}
        """The last finished test of each connector, with the fingerprint of what it ran with."""
        self._running: dict[Connector, asyncio.Task[ConnectorCheck]] = {}

        # Apptoto
        self.apptoto_box = QGroupBox(translate("Connectors", "&Reminders through Apptoto"))
        self.apptoto_box.setObjectName("apptoto_box")
        self.apptoto_box.setCheckable(True)
        self.apptoto_box.setChecked(False)
        self.apptoto_email = line_edit(
            "apptoto_email",
            translate("Connectors", "Apptoto account email"),
            translate("Connectors", "the email you sign in to Apptoto with"),
        )
        self.apptoto_key_field = KeyField(
            "apptoto", translate("Connectors", "Sho&w"), translate("Connectors", "Apptoto API key")
        )
        self.apptoto_key = self.apptoto_key_field.line
        self.apptoto_calendar = line_edit(
            "apptoto_calendar",
            translate("Connectors", "Apptoto calendar"),
            translate("Connectors", "calendar name or id, e.g. HeavySet Appointments"),
        )
        self.apptoto_address_book = line_edit(
            "apptoto_address_book",
            translate("Connectors", "Apptoto address book"),
            translate("Connectors", "leave empty to not add new leads"),
        )
        self.apptoto_origin = line_edit(
            "apptoto_origin", translate("Connectors", "Apptoto API address"), text=APPTOTO_ORIGIN
        )
        self.apptoto_test = QPushButton(translate("Connectors", "Test A&pptoto"))
        self.apptoto_test.setObjectName("apptoto_test")
        self.apptoto_test.clicked.connect(lambda: self.start_test("apptoto"))
        self.apptoto_result = result_label("apptoto_result")
        self.apptoto_errors = FieldErrors()
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("apptoto_email", translate("Connectors", "Account e&mail"), self.apptoto_email),
            ("apptoto_key", translate("Connectors", "API &key"), self.apptoto_key_field),
            ("apptoto_calendar", translate("Connectors", "&Calendar"), self.apptoto_calendar),
            ("apptoto_address_book", translate("Connectors", "A&ddress book"), self.apptoto_address_book),
            ("apptoto_origin", translate("Connectors", "Advanced: API &address"), self.apptoto_origin),
        ]
        for name, text, field in rows:
            self.apptoto_errors.add_row(form, name, QLabel(text), field)
        box_layout = QVBoxLayout(self.apptoto_box)
        box_layout.addWidget(
            hint_label(
                translate(
                    "Connectors",
                    "Apptoto texts and emails reminders for the appointments you book, and tells you who confirmed.",
                )
            )
        )
        box_layout.addLayout(form)
        box_layout.addLayout(self._test_row(self.apptoto_test, self.apptoto_result))

        # TimeZest
        self.timezest_box = QGroupBox(translate("Connectors", "Self-scheduling links through &TimeZest"))
        self.timezest_box.setObjectName("timezest_box")
        self.timezest_box.setCheckable(True)
        self.timezest_box.setChecked(False)
        self.timezest_key_field = KeyField(
            "timezest", translate("Connectors", "S&how"), translate("Connectors", "TimeZest API key")
        )
        self.timezest_key = self.timezest_key_field.line
        self.timezest_origin = line_edit(
            "timezest_origin", translate("Connectors", "TimeZest API address"), text=TIMEZEST_ORIGIN
        )
        self.timezest_test = QPushButton(translate("Connectors", "Test Time&Zest"))
        self.timezest_test.setObjectName("timezest_test")
        self.timezest_test.clicked.connect(lambda: self.start_test("timezest"))
        self.timezest_result = result_label("timezest_result")
        self.timezest_errors = FieldErrors()
        tz_form = QFormLayout()
        self.timezest_errors.add_row(
            tz_form, "timezest_key", QLabel(translate("Connectors", "API ke&y")), self.timezest_key_field
        )
        self.timezest_errors.add_row(
            tz_form, "timezest_origin", QLabel(translate("Connectors", "Advanced: AP&I address")), self.timezest_origin
        )
        tz_layout = QVBoxLayout(self.timezest_box)
        tz_layout.addWidget(
            hint_label(
                translate(
                    "Connectors",
                    "TimeZest makes a link for a lead to pick a time: you pass it on, or TimeZest emails it (chosen "
                    "when you send). A read-only key can look links up; making them needs a key that may write.",
                )
            )
        )
        tz_layout.addLayout(tz_form)
        tz_layout.addLayout(self._test_row(self.timezest_test, self.timezest_result))

        self.note = hint_label(
            translate(
                "Connectors", "Both are optional. API keys are kept in this computer's keychain, never in a file."
            )
        )
        self.note.setObjectName("connectors_note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.apptoto_box)
        layout.addWidget(self.timezest_box)
        layout.addWidget(self.note)
        layout.addStretch(1)

        for line in (
            self.apptoto_email,
            self.apptoto_key,
            self.apptoto_calendar,
            self.apptoto_address_book,
            self.apptoto_origin,
        ):
            line.textEdited.connect(lambda _t: self._inputs_changed("apptoto"))
        for line in (self.timezest_key, self.timezest_origin):
            line.textEdited.connect(lambda _t: self._inputs_changed("timezest"))
        self.apptoto_box.toggled.connect(lambda on: self._box_toggled("apptoto", on))
        self.timezest_box.toggled.connect(lambda on: self._box_toggled("timezest", on))

    @staticmethod
    def _test_row(button: QPushButton, result: QLabel) -> QVBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(row)
        column.addWidget(result)
        return column

    # ------------------------------------------------------------ loading

    def load(
        self,
        profile: Profile,
        *,
        has_apptoto_key: bool,
        has_timezest_key: bool,
        read_key: KeyReader | None = None,
    ) -> None:
        """Show ``profile``'s connectors; a saved key shows as a placeholder, the field stays empty.

        ``read_key`` (optional) reads a saved key from the keychain when Test
        runs with the key field empty; without it the setter types the key
        again to test.
        """
        self.tasks.cancel_pending()
        self._running.clear()
        self._loaded = profile
        self._read_key = read_key
        self._kept = {"apptoto": has_apptoto_key, "timezest": has_timezest_key}
        self._checks.clear()
        apptoto = profile.apptoto
        self.apptoto_box.setChecked(apptoto is not None)
        self.apptoto_email.setText(apptoto.email if apptoto else "")
        self.apptoto_calendar.setText(apptoto.calendar if apptoto else "")
        self.apptoto_address_book.setText(apptoto.address_book if apptoto else "")
        self.apptoto_origin.setText(apptoto.origin if apptoto else APPTOTO_ORIGIN)
        timezest = profile.timezest
        self.timezest_box.setChecked(timezest is not None)
        self.timezest_origin.setText(timezest.origin if timezest else TIMEZEST_ORIGIN)
        for line, kept in ((self.apptoto_key, has_apptoto_key), (self.timezest_key, has_timezest_key)):
            line.clear()
            line.setPlaceholderText(
                translate("Connectors", KEPT_KEY_PLACEHOLDER) if kept else translate("Connectors", "Paste the API key")
            )
        self.apptoto_errors.clear()
        self.timezest_errors.clear()
        show_message(self.apptoto_result, "")
        if timezest is not None and timezest.read_only:
            show_message(
                self.timezest_result,
                translate(
                    "Connectors", "This key can only read: sending links is turned off. Test again after a change."
                ),
            )
        else:
            show_message(self.timezest_result, "")

    # ------------------------------------------------------------ reading the fields

    def _apptoto_settings(self, errors: dict[str, str]) -> ApptotoSettings | None:
        email = self.apptoto_email.text().strip()
        calendar = self.apptoto_calendar.text().strip()
        origin = self.apptoto_origin.text().strip() or APPTOTO_ORIGIN
        if not email:
            errors["apptoto_email"] = translate("Connectors", "Enter the email you sign in to Apptoto with.")
        if not calendar:
            errors["apptoto_calendar"] = translate("Connectors", "Enter the calendar bookings go to (its name or id).")
        try:
            settings = ApptotoSettings(
                email=email, calendar=calendar, address_book=self.apptoto_address_book.text().strip(), origin=origin
            )
        except ValidationError as exc:
            for name, message in _pydantic_errors(exc, "apptoto").items():
                errors.setdefault(name, message)  # an empty field keeps its own words
            return None
        return None if errors else settings

    def _timezest_settings(self, errors: dict[str, str], read_only: bool = False) -> TimeZestSettings | None:
        origin = self.timezest_origin.text().strip() or TIMEZEST_ORIGIN
        try:
            return TimeZestSettings(origin=origin, read_only=read_only)
        except ValidationError as exc:
            errors.update(_pydantic_errors(exc, "timezest"))
            return None

    def _typed_key(self, kind: Connector, errors: dict[str, str]) -> str | None:
        """The cleaned key typed in; None when the field is empty and a saved key is kept."""
        line = self.apptoto_key if kind == "apptoto" else self.timezest_key
        if not line.text().strip() and self._kept[kind]:
            return None
        try:
            return clean_key(line.text(), SERVICE_NAMES[kind])
        except ValueError as exc:
            errors[f"{kind}_key"] = str(exc)
            return None

    def _read(self, kind: Connector) -> tuple[ApptotoSettings | TimeZestSettings | None, str | None, dict[str, str]]:
        """The group's settings (read_only not yet decided) and typed key, or its field errors."""
        errors: dict[str, str] = {}
        settings: ApptotoSettings | TimeZestSettings | None
        settings = self._apptoto_settings(errors) if kind == "apptoto" else self._timezest_settings(errors)
        key = self._typed_key(kind, errors)
        return (None if errors else settings), key, errors

    def _signature(self, kind: Connector, settings: ApptotoSettings | TimeZestSettings, key: str | None) -> str:
        dump = settings.model_dump(exclude={"read_only"})
        return fingerprint(kind, repr(sorted(dump.items())), key if key is not None else "\x00kept")

    def _fresh_check(self, kind: Connector, signature: str) -> ConnectorCheck | None:
        held = self._checks.get(kind)
        return held[1] if held is not None and held[0] == signature else None

    def _unchanged(self, kind: Connector, settings: ApptotoSettings | TimeZestSettings, key: str | None) -> bool:
        """Same settings as loaded, and the saved key kept."""
        if key is not None or self._loaded is None:
            return False
        loaded = self._loaded.apptoto if kind == "apptoto" else self._loaded.timezest
        if loaded is None:
            return False
        return bool(loaded.model_dump(exclude={"read_only"}) == settings.model_dump(exclude={"read_only"}))

    def validate(self) -> dict[str, str]:
        """Check the enabled groups; each message is shown under its field. Empty: all good."""
        errors: dict[str, str] = {}
        for kind in CONNECTORS:
            found = self._read(kind)[2] if self.box(kind).isChecked() else {}
            self._field_errors(kind).show(found)
            errors.update(found)
        return errors

    def choice(self) -> ConnectorChoice:
        """The setter's choice; raises :class:`ConnectorsInvalid` (a ValueError) with errors under the fields."""
        errors = self.validate()
        if errors:
            raise ConnectorsInvalid(errors)
        apptoto: ApptotoSettings | None = None
        apptoto_key: str | None = None
        if self.apptoto_box.isChecked():
            settings, apptoto_key, _ = self._read("apptoto")
            assert isinstance(settings, ApptotoSettings)
            apptoto = settings
        timezest: TimeZestSettings | None = None
        timezest_key: str | None = None
        if self.timezest_box.isChecked():
            settings, timezest_key, _ = self._read("timezest")
            assert isinstance(settings, TimeZestSettings)
            timezest = settings.model_copy(update={"read_only": self._read_only(settings, timezest_key)})
        return ConnectorChoice(apptoto, apptoto_key, timezest, timezest_key)

    def _read_only(self, settings: TimeZestSettings, key: str | None) -> bool:
        """What the last test said of this key; else what was saved, when nothing changed; else False."""
        check = self._fresh_check("timezest", self._signature("timezest", settings, key))
        if check is not None and check.ok:
            return check.read_only
        if self._unchanged("timezest", settings, key):
            assert self._loaded is not None
            assert self._loaded.timezest is not None
            return self._loaded.timezest.read_only
        return False

    def needs_test(self, kind: Connector) -> bool:
        """The group is on, and neither tested as it is now nor unchanged since it was loaded."""
        if not self.box(kind).isChecked():
            return False
        settings, key, errors = self._read(kind)
        if errors or settings is None:
            return True
        return self._fresh_check(kind, self._signature(kind, settings, key)) is None and not self._unchanged(
            kind, settings, key
        )

    # ------------------------------------------------------------ testing

    def start_test(self, kind: Connector) -> None:
        """The Test button: run the test in the background (a new press restarts it)."""
        coro = self.test_apptoto() if kind == "apptoto" else self.test_timezest()
        self._running[kind] = self.tasks.spawn(coro, slot=kind)

    async def test_apptoto(self) -> ConnectorCheck:
        return await self._test("apptoto")

    async def test_timezest(self) -> ConnectorCheck:
        return await self._test("timezest")

    async def finish_test(self, kind: Connector) -> ConnectorCheck:
        """The test started by the button when it is still running, else a new test."""
        running = self._running.get(kind)
        if running is not None and self.tasks.busy(kind):
            return await running
        return await self._test(kind)

    async def _test(self, kind: Connector) -> ConnectorCheck:
        service = SERVICE_NAMES[kind]
        button = self.apptoto_test if kind == "apptoto" else self.timezest_test
        result = self.result_label(kind)
        settings, typed, errors = self._read(kind)
        self._field_errors(kind).show(errors)
        if errors or settings is None:
            check = ConnectorCheck(False, translate("Connectors", "Fix the marked fields, then test again."))
            show_message(result, "✘ " + check.message)
            return check
        signature = self._signature(kind, settings, typed)
        key = typed
        if key is None:
            key, problem = self._saved_key(kind)
            if key is None:
                check = ConnectorCheck(False, problem)
                show_message(result, "✘ " + check.message)
                return check
        REDACTOR.register(key)  # from now on no log line can carry it
        button.setEnabled(False)
        show_message(result, translate("Connectors", "Testing {service}…").format(service=service))
        try:
            if isinstance(settings, ApptotoSettings):
                check = await self.apptoto_checker(settings, key)
            else:
                check = await self.timezest_checker(settings, key)
        except Exception as exc:  # the setter sees words, the log the kind of failure (never the key)
            log.error("the %s test failed unexpectedly: %s", service, type(exc).__name__)
            failed = translate("Connectors", "The {service} test failed unexpectedly. Try again; the log has details.")
            check = ConnectorCheck(False, failed.format(service=service))
        finally:
            button.setEnabled(True)
        check = ConnectorCheck(check.ok, redact_key(check.message, key), check.read_only, check.error)
        self._checks[kind] = (signature, check)
        show_message(result, ("✔ " if check.ok else "✘ ") + check.message)
        self.test_finished.emit(kind, check)
        return check

    def _saved_key(self, kind: Connector) -> tuple[str | None, str]:
        service = SERVICE_NAMES[kind]
        if self._read_key is None:
            return None, translate(
                "Connectors", "Type the {service} API key again to test it (the saved key is not read here)."
            ).format(service=service)
        try:
            key = self._read_key(kind)
        except SecretsError as exc:
            return None, f"{exc} " + translate("Connectors", "Type the {service} API key again to test it.").format(
                service=service
            )
        if not key:
            return None, translate(
                "Connectors", "The saved {service} key was not found in the keychain; paste it again."
            ).format(service=service)
        return key, ""

    def cancel_tests(self) -> None:
        self.tasks.cancel_pending()
        self._running.clear()

    # ------------------------------------------------------------ reactions

    def _inputs_changed(self, kind: Connector) -> None:
        """A result no longer says anything about what the fields hold now."""
        result = self.result_label(kind)
        if result.text():
            show_message(result, "")

    def _box_toggled(self, kind: Connector, on: bool) -> None:
        if not on:
            self._field_errors(kind).clear()

    # ------------------------------------------------------------ widgets by connector

    def box(self, kind: Connector) -> QGroupBox:
        return self.apptoto_box if kind == "apptoto" else self.timezest_box

    def result_label(self, kind: Connector) -> QLabel:
        return self.apptoto_result if kind == "apptoto" else self.timezest_result

    def _field_errors(self, kind: Connector) -> FieldErrors:
        return self.apptoto_errors if kind == "apptoto" else self.timezest_errors


def _pydantic_errors(exc: ValidationError, prefix: Connector) -> dict[str, str]:
    """Pydantic's errors as field errors in setter words (never the input)."""
    service = SERVICE_NAMES[prefix]
    too_long = {
        "email": translate("Connectors", "That email is too long for an Apptoto account."),
        "calendar": translate("Connectors", "Use up to 200 characters for the calendar."),
        "address_book": translate("Connectors", "Use up to 200 characters for the address book."),
    }
    found: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        name = str(error["loc"][0]) if error["loc"] else "origin"
        if error["type"] == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
        elif error["type"] == "string_too_short" and name == "email":
            message = translate("Connectors", "The Apptoto account email must look like name@company.com")
        elif error["type"] == "string_too_long":
            message = too_long.get(name, translate("Connectors", "That is too long."))
        else:
            message = translate("Connectors", "{service} cannot use this value.").format(service=service)
        found.setdefault(f"{prefix}_{name}", message)
    return found


# ---------------------------------------------------------------- the dialog
