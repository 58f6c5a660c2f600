"""The setup wizard: from nothing to a working console, without a manual.

Pages: welcome (with a way out to the demo) → profile name → tokens →
endpoint → test → (optional) connectors: Apptoto reminders and TimeZest
links, which the setter may skip with Finish on the test page. The wizard
only collects and tests; the caller stores the tokens and keys in the
keychain and the rest in the settings file.
Enter presses Finish once the connection test passed, Test again after it failed. Without a usable
keychain the token page says so, once, and what Finish then does: keep the secrets for this session only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hsconsole.domain.endpoints import DEFAULT_ORIGIN
from hsconsole.domain.tokens import TokenProblem, clean_token
from hsconsole.services.settings import Endpoint, Profile, check_profile_name
from hsconsole.services.setup import ConnectionCheck
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.connector_keys import ConnectorChoice
from hsconsole.ui.connectors_dialog import ConnectorsPage
from hsconsole.ui.forms import TickBox, error_label, show_message
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate
from hsconsole.ui.wizard_check import CheckPage
from hsconsole.ui.zone_dialog import ZoneQuestion

Checker = Callable[[Profile, str, str], Awaitable[ConnectionCheck]]

PAGE_WELCOME, PAGE_PROFILE, PAGE_TOKENS, PAGE_ENDPOINT, PAGE_TEST, PAGE_CONNECTORS = range(6)


@dataclass(frozen=True)
class SetupResult:
    """What the setter chose: the demo, or a profile with its tokens."""

    demo: bool
    profile: Profile | None = None
    s2s_token: str = ""
    zapier_token: str = ""
    connectors: ConnectorChoice | None = None
    """Set when the setter went on to the connectors page (else the profile has none)."""
    setter_zone: str | None = None
    """The setter's own zone, when the welcome page asked for it and they chose one ("" for this computer's)."""


class WelcomePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setTitle(translate("SetupWizard", "Welcome to HeavySet Console"))
        self.setSubTitle(
            translate("SetupWizard", "Look up callers, fix their details and book appointments while you talk.")
        )
        text = QLabel(
            translate(
                "SetupWizard",
                "To work with your company's leads you need a HeavySet access token. Your admin creates one in "
                "HeavySet: Admin → Appointment Page → Access Tokens. It is shown only once, so have it at hand.\n\n"
                "No token yet? Try the console on demo data first.",
            )
        )
        text.setWordWrap(True)
        self.demo_button = QPushButton(translate("SetupWizard", "Try the &demo"))
        self.demo_button.setObjectName("demo_button")
        self.demo_button.setAutoDefault(False)  # Enter goes on with the setup, never into the demo
        self.demo_button.clicked.connect(wizard.choose_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.zone_question = ZoneQuestion(wizard.zone_reason) if wizard.zone_reason else None
        if self.zone_question is not None:  # a remote desktop's clock: the setter says where they are
            layout.addSpacing(12)
            layout.addWidget(self.zone_question)
        layout.addStretch(1)


class ProfilePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(translate("SetupWizard", "Name this profile"))
        self.setSubTitle(translate("SetupWizard", "One profile per HeavySet account: a company, a market or a page."))
        self.name = QLineEdit()
        self.name.setObjectName("profile_name")
        self.name.setPlaceholderText(translate("SetupWizard", "e.g. Sunrise Solar – Denver"))
        self.name.setAccessibleName(translate("SetupWizard", "Profile name"))
        self.error: QLabel = error_label()
        self.name.textChanged.connect(lambda _t: show_message(self.error, ""))
        form = QFormLayout(self)
        label = QLabel(translate("SetupWizard", "&Profile name"))
        label.setBuddy(self.name)
        form.addRow(label, self.name)
        form.addRow("", self.error)

    def validatePage(self) -> bool:
        try:
            name = check_profile_name(self.name.text())
        except ValueError as exc:
            show_message(self.error, "⚠ " + str(exc))
            return False
        if name in self.wizard_.taken_names:
            show_message(
                self.error,
                "⚠ " + translate("SetupWizard", "A profile with that name exists already; choose another name."),
            )
            return False
        self.name.setText(name)
        return True


NO_KEYCHAIN = QT_TRANSLATE_NOOP(
    "SetupWizard",
    "This computer has no keychain the console can use, so it cannot remember your token or API keys: "
    "Finish keeps them only until you close the console, and you paste them again at the next start. "
    "They are never written to a file.",
)
"""What the token page says when there is no usable keychain (the only place it is said)."""


class TokenPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(translate("SetupWizard", "Access token"))
        kept = (
            ""
            if wizard.no_keychain
            else translate("SetupWizard", " It is kept in this computer's keychain, never in a file.")
        )
        self.setSubTitle(translate("SetupWizard", "Paste the token from HeavySet.") + kept)
        self.keychain_note = QLabel("⚠ " + translate("SetupWizard", NO_KEYCHAIN))
        self.keychain_note.setObjectName("no_keychain_note")
        self.keychain_note.setWordWrap(True)
        self.keychain_note.setContentsMargins(0, 8, 0, 0)
        self.keychain_note.setVisible(wizard.no_keychain)
        self.s2s = QLineEdit()
        self.s2s.setObjectName("s2s_token")
        self.s2s.setEchoMode(QLineEdit.EchoMode.Password)
        self.s2s.setAccessibleName(translate("SetupWizard", "Access token"))
        self.s2s.setPlaceholderText(translate("SetupWizard", "Paste the access token"))
        self.show_tokens = TickBox(translate("SetupWizard", "&Show"))
        self.show_tokens.setObjectName("show_tokens")
        self.show_tokens.toggled.connect(self._echo)
        self.separate = TickBox(translate("SetupWizard", "Use a se&parate token for creating new leads"))
        self.separate.setObjectName("separate_zapier")
        self.zapier = QLineEdit()
        self.zapier.setObjectName("zapier_token")
        self.zapier.setEchoMode(QLineEdit.EchoMode.Password)
        self.zapier.setAccessibleName(translate("SetupWizard", "Token for new leads"))
        self.zapier.setPlaceholderText(translate("SetupWizard", "Leave empty to use the same token"))
        self.zapier.setEnabled(False)
        self.separate.toggled.connect(self.zapier.setEnabled)
        self.s2s_error = error_label()
        self.zapier_error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.s2s, 1)
        row.addWidget(self.show_tokens)
        form = QFormLayout(self)
        label = QLabel(translate("SetupWizard", "&Token"))
        label.setBuddy(self.s2s)
        form.addRow(label, row)
        form.addRow("", self.s2s_error)
        form.addRow("", self.separate)
        zap_label = QLabel(translate("SetupWizard", "Token for new &leads"))
        zap_label.setBuddy(self.zapier)
        form.addRow(zap_label, self.zapier)
        form.addRow("", self.zapier_error)
        form.addRow(self.keychain_note)

    def _echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.s2s.setEchoMode(mode)
        self.zapier.setEchoMode(mode)

    def validatePage(self) -> bool:
        show_message(self.s2s_error, "")
        show_message(self.zapier_error, "")
        try:
            s2s = clean_token(self.s2s.text())
        except TokenProblem as problem:
            show_message(self.s2s_error, "⚠ " + str(problem))
            return False
        zapier = s2s
        if self.separate.isChecked() and self.zapier.text().strip():
            try:
                zapier = clean_token(self.zapier.text())
            except TokenProblem as problem:
                show_message(self.zapier_error, "⚠ " + str(problem))
                return False
        self.wizard_.s2s_token = s2s
        self.wizard_.zapier_token = zapier
        return True


class EndpointPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(translate("SetupWizard", "Where HeavySet answers"))
        self.setSubTitle(translate("SetupWizard", "Most companies use the standard endpoint."))
        self.standard = QRadioButton(translate("SetupWizard", "&Standard (api.heavyset.tech)"))
        self.standard.setObjectName("endpoint_standard")
        self.oregon = QRadioButton(translate("SetupWizard", "Low-latency lookups, &Oregon (U.S. West)"))
        self.oregon.setObjectName("endpoint_oregon")
        self.virginia = QRadioButton(translate("SetupWizard", "Low-latency lookups, &Virginia (U.S. East)"))
        self.virginia.setObjectName("endpoint_virginia")
        self.standard.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.standard, self.oregon, self.virginia):
            group.addButton(button)
            button.toggled.connect(self._regional_changed)
        self.crm_id = QLineEdit()
        self.crm_id.setObjectName("crm_settings_id")
        self.crm_id.setPlaceholderText(translate("SetupWizard", "crmSettingsId from HeavySet"))
        self.crm_id.setAccessibleName(translate("SetupWizard", "CRM settings id"))
        self.crm_id.setEnabled(False)
        self.advanced = QGroupBox(translate("SetupWizard", "&Advanced: a different API address (proxy or staging)"))
        self.advanced.setObjectName("advanced_origin_box")
        self.advanced.setCheckable(True)
        self.advanced.setChecked(False)
        self.origin = QLineEdit(DEFAULT_ORIGIN)
        self.origin.setObjectName("origin")
        self.origin.setAccessibleName(translate("SetupWizard", "API address"))
        advanced_layout = QFormLayout(self.advanced)
        advanced_layout.addRow(translate("SetupWizard", "API address"), self.origin)
        self.error = error_label()
        crm_label = QLabel(translate("SetupWizard", "CRM settings &id"))
        crm_label.setBuddy(self.crm_id)
        layout = QVBoxLayout(self)
        for button in (self.standard, self.oregon, self.virginia):
            layout.addWidget(button)
        crm_row = QHBoxLayout()
        crm_row.addSpacing(24)
        crm_row.addWidget(crm_label)
        crm_row.addWidget(self.crm_id, 1)
        layout.addLayout(crm_row)
        layout.addSpacing(12)
        layout.addWidget(self.advanced)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _regional_changed(self) -> None:
        self.crm_id.setEnabled(not self.standard.isChecked())

    def endpoint(self) -> Endpoint:
        return "oregon" if self.oregon.isChecked() else "virginia" if self.virginia.isChecked() else "standard"

    def validatePage(self) -> bool:
        crm = self.crm_id.text().strip()
        if self.endpoint() != "standard" and not crm:
            show_message(
                self.error,
                "⚠ "
                + translate("SetupWizard", "Low-latency lookups need the crmSettingsId HeavySet gave your company."),
            )
            return False
        origin = self.origin.text().strip() if self.advanced.isChecked() else DEFAULT_ORIGIN
        try:
            profile = Profile(
                name=self.wizard_.profile_page.name.text(),
                origin=origin,
                endpoint=self.endpoint(),
                crm_settings_id=crm or None,
                separate_zapier_token=self.wizard_.s2s_token != self.wizard_.zapier_token,
            )
        except ValueError as exc:
            message = str(exc).split("\n")[-1].strip().removeprefix("Value error, ")
            show_message(self.error, "⚠ " + message)
            return False
        show_message(self.error, "")
        self.wizard_.profile = profile
        return True


class SetupWizard(QWizard):
    """Signals:
    done_with(object): the :class:`SetupResult`, or None when cancelled.
    """

    done_with = Signal(object)

    def __init__(
        self,
        checker: Checker,
        *,
        taken_names: set[str] | None = None,
        initial: Profile | None = None,
        no_keychain: bool = False,
        zone_reason: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``no_keychain``: the computer has no usable keychain (the token page says what that means).
        ``zone_reason``: why this computer's zone looks like a server's (the welcome page asks for the setter's)."""
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.setWindowTitle(translate("SetupWizard", "Set up HeavySet Console"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.checker = checker
        self.taken_names = taken_names or set()
        self.tasks = TaskKeeper()
        self.s2s_token = ""
        self.zapier_token = ""
        self.profile: Profile | None = None
        self.demo_chosen = False
        self.no_keychain = no_keychain
        self.zone_reason = zone_reason
        self.welcome_page = WelcomePage(self)
        self.profile_page = ProfilePage(self)
        self.token_page = TokenPage(self)
        self.endpoint_page = EndpointPage(self)
        self.test_page = CheckPage(self)
        self.connectors_page = ConnectorsPage()
        for page_id, page in enumerate(
            (
                self.welcome_page,
                self.profile_page,
                self.token_page,
                self.endpoint_page,
                self.test_page,
                self.connectors_page,
            )
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_WELCOME)
        if no_keychain:
            self.connectors_page.form.note.setText(
                translate("SetupWizard", "Like the token, API keys never go to a file.")
            )
        # after QWizard's own choice of the default button, which would be Next on the test page
        self.currentIdChanged.connect(self._settle_default)
        self.test_page.completeChanged.connect(self._settle_default)
        if initial is not None:
            self._prefill(initial)
        self.resize(640, 480)
        self.finished.connect(self._finished)

    def _prefill(self, profile: Profile) -> None:
        """Start at the token page for a profile that exists but has no token here."""
        self.taken_names.discard(profile.name)
        self.profile_page.name.setText(profile.name)
        endpoint = self.endpoint_page
        {"standard": endpoint.standard, "oregon": endpoint.oregon, "virginia": endpoint.virginia}[
            profile.endpoint
        ].setChecked(True)
        endpoint.crm_id.setText(profile.crm_settings_id or "")
        if profile.origin != DEFAULT_ORIGIN:
            endpoint.advanced.setChecked(True)
            endpoint.origin.setText(profile.origin)
        self.token_page.separate.setChecked(profile.separate_zapier_token)
        kept = not self.no_keychain  # without a keychain no key was kept: the page asks for it
        self.connectors_page.load(
            profile,
            has_apptoto_key=kept and profile.apptoto is not None,
            has_timezest_key=kept and profile.timezest is not None,
        )
        self.setStartId(PAGE_TOKENS)

    def _settle_default(self, *_args: object) -> None:
        """Enter on the test page: Finish once the test passed (or the setter saved untested), else Test again
        (nothing while it runs); the optional connectors page stays one click on Next away."""
        page = self.test_page
        finish = self.button(QWizard.WizardButton.FinishButton)
        if self.currentPage() is page and isinstance(finish, QPushButton):
            (finish if page.isComplete() else page.retry_button).setDefault(True)

    def choose_demo(self) -> None:
        self.demo_chosen = True
        self.accept()

    def result_value(self) -> SetupResult | None:
        question = self.welcome_page.zone_question
        zone = question.chosen if question is not None else None
        if self.demo_chosen:
            return SetupResult(demo=True, setter_zone=zone)
        if self.result() != QWizard.DialogCode.Accepted or self.profile is None:
            return None
        profile = self.profile.model_copy(update={"tested": self.test_page.passed})
        if self.test_page.check is not None and self.test_page.check.page is not None:
            page = self.test_page.check.page
            profile = profile.model_copy(update={"page_label": page.label, "page_id": page.page_id})
        connectors = None
        if PAGE_CONNECTORS in self.visitedIds():
            try:
                connectors = self.connectors_page.choice()
            except ValueError:  # left invalid: the connectors stay off, the setter sets them later
                connectors = None
        if connectors is not None:
            profile = profile.model_copy(update={"apptoto": connectors.apptoto, "timezest": connectors.timezest})
        return SetupResult(False, profile, self.s2s_token, self.zapier_token, connectors, zone)

    def _finished(self, _code: int) -> None:
        self.tasks.cancel_pending()
        self.done_with.emit(self.result_value())

    async def run(self) -> SetupResult | None:
        """Show the wizard and wait for the setter to finish or cancel it."""
        future: asyncio.Future[SetupResult | None] = asyncio.get_event_loop().create_future()

        def done(value: object) -> None:
            if not future.done():
                future.set_result(value if isinstance(value, SetupResult) else None)

        self.done_with.connect(done)
        self.open()
        return await future
