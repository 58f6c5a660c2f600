"""The setup wizard's connection test: run on entry, said in setter words, and a way to save a profile untested
while the network is down (the console tests it by itself later)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage

from hsconsole.services.errors import AuthRejectedError, DemoModeError
from hsconsole.ui.language import translate
from hsconsole.ui.messages import describe

if TYPE_CHECKING:
    from hsconsole.services.settings import Profile
    from hsconsole.services.setup import ConnectionCheck
    from hsconsole.services.tasks import TaskKeeper


class Tested(Protocol):
    """What the test page needs of its wizard: the profile and tokens to test, and how."""

    tasks: TaskKeeper
    profile: Profile | None
    s2s_token: str
    zapier_token: str
    checker: Callable[[Profile, str, str], Awaitable[ConnectionCheck]]


class CheckPage(QWizardPage):
    """Runs the connection test on entry; complete when it passed or the setter saves untested."""

    def __init__(self, wizard: Tested) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(translate("SetupWizard", "Testing the connection"))
        self.setSubTitle(translate("SetupWizard", "The console asks HeavySet whether it accepts the token."))
        self.result = QLabel()
        self.result.setObjectName("test_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(translate("SetupWizard", "Test &again"))
        self.retry_button.setObjectName("test_again")
        self.retry_button.setAutoDefault(False)  # Enter presses the wizard's default (see SetupWizard)
        self.retry_button.clicked.connect(self.start_test)
        self.untested_button = QPushButton(translate("SetupWizard", "Save &without testing"))
        self.untested_button.setObjectName("save_untested")
        self.untested_button.setAutoDefault(False)
        self.untested_button.setToolTip(
            translate("SetupWizard", "Keep the profile now; the console tests it when the network is back")
        )
        self.untested_button.clicked.connect(self._save_untested)
        self.untested_button.setVisible(False)
        self.passed = False
        self.untested = False
        self.check: ConnectionCheck | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.untested_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.start_test()

    def cleanupPage(self) -> None:
        self.wizard_.tasks.cancel_pending()
        self.passed = self.untested = False

    def start_test(self) -> None:
        self.passed = self.untested = False
        self.untested_button.setVisible(False)
        self.retry_button.setEnabled(False)
        self.result.setText(translate("SetupWizard", "Testing…"))
        self.completeChanged.emit()
        self.wizard_.tasks.spawn(self._test(), slot="test")

    async def _test(self) -> None:
        wizard = self.wizard_
        assert wizard.profile is not None
        try:
            check = await wizard.checker(wizard.profile, wizard.s2s_token, wizard.zapier_token)
        finally:
            self.retry_button.setEnabled(True)
        self.check = check
        if check.ok:
            assert check.page is not None
            self.passed = True
            self.result.setText(
                translate(
                    "SetupWizard",
                    "✔ Connected to “{label}” (page {page}).\n✔ The CRM has {reasons} not-qualified reasons.\n\n"
                    "Press Finish to start, or Next to set up reminders and self-scheduling links (optional).",
                ).format(label=check.page.label, page=check.page.page_id, reasons=check.reasons)
            )
        elif check.offline:
            self.result.setText(
                "✘ "
                + describe(check.errors[0])
                + "\n\n"
                + translate(
                    "SetupWizard",
                    "You can save the profile now without testing; the console tests it by itself "
                    "as soon as the network is back.",
                )
            )
            self.untested_button.setVisible(True)
        else:
            lines = []
            for error in check.errors:
                if isinstance(error, AuthRejectedError):
                    lines.append(
                        "✘ "
                        + translate(
                            "SetupWizard",
                            "HeavySet rejected the token. Go Back and paste it again, or ask your admin for a new one.",
                        )
                    )
                elif isinstance(error, DemoModeError):
                    lines.append(
                        "✘ "
                        + translate(
                            "SetupWizard",
                            "This HeavySet account is in demo mode and cannot be used for real calls. "
                            "Ask your admin to activate it.",
                        )
                    )
                else:
                    lines.append("✘ " + describe(error))
            self.result.setText("\n".join(dict.fromkeys(lines)))
        self.completeChanged.emit()

    def _save_untested(self) -> None:
        self.untested = True
        self.result.setText(self.result.text() + "\n\n" + translate("SetupWizard", "Saved untested: press Finish."))
        self.untested_button.setVisible(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.passed or self.untested
