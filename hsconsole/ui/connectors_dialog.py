"""Settings ▸ Connectors (:class:`ConnectorsDialog`) and the setup wizard's optional connectors page
(:class:`ConnectorsPage`), both around one :class:`~hsconsole.ui.connectors_settings.ConnectorsForm`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from hsconsole.services.errors import NetworkError
from hsconsole.services.settings import (
    Profile,
)
from hsconsole.services.setup import check_apptoto, check_timezest
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.connector_keys import (
    CONNECTORS,
    SERVICE_NAMES,
    ConnectorChoice,
    ConnectorsInvalid,
    result_label,
)
from hsconsole.ui.connectors_settings import ApptotoChecker, ConnectorsForm, KeyReader, TimeZestChecker
from hsconsole.ui.forms import show_message
from hsconsole.ui.language import translate

log = logging.getLogger("hsconsole.ui")


def _ask(parent: QWidget) -> Callable[[str, str], bool]:
    def confirm(title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    return confirm


class ConnectorsDialog(QDialog):
    """Settings ▸ Connectors for one profile.

    Save checks the fields (errors under them; the dialog stays open), tests
    each changed connector the setter has not tested, and when a test fails
    for a reason other than the network asks through :attr:`confirm` whether
    to save anyway. A connector that cannot be reached is saved untested.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        has_apptoto_key: bool = False,
        has_timezest_key: bool = False,
        read_key: KeyReader | None = None,
        parent: QWidget | None = None,
        apptoto_checker: ApptotoChecker = check_apptoto,
        timezest_checker: TimeZestChecker = check_timezest,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectors_dialog")
        self.setWindowTitle(translate("Connectors", "Connectors: {profile}").format(profile=profile.name))
        self.form = ConnectorsForm(self, apptoto_checker=apptoto_checker, timezest_checker=timezest_checker)
        self.form.load(profile, has_apptoto_key=has_apptoto_key, has_timezest_key=has_timezest_key, read_key=read_key)
        self.confirm: Callable[[str, str], bool] = _ask(self)
        """Asks a yes/no question (title, text); replaced in tests."""
        self.tasks = TaskKeeper()
        self._choice: ConnectorChoice | None = None
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            translate("Connectors", "&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("connectors_save")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("connectors_cancel")
        self.buttons.accepted.connect(self._save_clicked)
        self.buttons.rejected.connect(self.reject)
        self.status = result_label("connectors_status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self.finished.connect(self._finished)

    def _save_clicked(self) -> None:
        self.tasks.spawn(self.save(), slot="save")

    async def save(self) -> bool:
        """Validate, test what needs it, and accept; False when the dialog stays open."""
        show_message(self.status, "")
        if self.form.validate():
            show_message(self.status, "⚠ " + translate("Connectors", "Check the marked fields."))
            return False
        self.save_button.setEnabled(False)
        try:
            for kind in CONNECTORS:
                if not self.form.needs_test(kind):
                    continue
                check = await self.form.finish_test(kind)
                if check.ok or isinstance(check.error, NetworkError):
                    continue  # out of reach: saved untested, as the setup wizard does
                service = SERVICE_NAMES[kind]
                if not self.confirm(
                    translate("Connectors", "{service} test failed").format(service=service),
                    check.message
                    + "\n\n"
                    + translate("Connectors", "Save the {service} settings anyway?").format(service=service),
                ):
                    not_saved = translate(
                        "Connectors", "Not saved: correct the {service} settings, or turn {service} off."
                    )
                    show_message(self.status, not_saved.format(service=service))
                    return False
            try:
                self._choice = self.form.choice()
            except ConnectorsInvalid:
                show_message(self.status, "⚠ " + translate("Connectors", "Check the marked fields."))
                return False
        finally:
            self.save_button.setEnabled(True)
        self.accept()
        return True

    def result_choice(self) -> ConnectorChoice | None:
        """The choice once saved; None when cancelled (or not yet saved)."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self._choice

    def _finished(self, _code: int) -> None:
        self.form.cancel_tests()
        self.tasks.cancel_pending()


# ---------------------------------------------------------------- the wizard page


class ConnectorsPage(QWizardPage):
    """The connectors as an optional page of the setup wizard (both off by default).

    The form scrolls inside the page: with both groups on it is taller than the wizard, and every field
    and test result keeps the height it needs rather than being squeezed to fit.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        apptoto_checker: ApptotoChecker = check_apptoto,
        timezest_checker: TimeZestChecker = check_timezest,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectors_page")
        self.setTitle(translate("Connectors", "Reminders and self-scheduling (optional)"))
        # short: the wizard's header does not grow for a subtitle that wraps onto a third line
        self.setSubTitle(
            translate(
                "Connectors", "Both are optional: leave them off now, or set them up later in Settings ▸ Connectors."
            )
        )
        self.form = ConnectorsForm(apptoto_checker=apptoto_checker, timezest_checker=timezest_checker)
        self.form.note.setText(
            translate("Connectors", "API keys are kept in this computer's keychain, never in a file.")
        )  # (no repeat)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("connectors_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps instead
        self.scroll_area.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area)

    def load(
        self,
        profile: Profile,
        *,
        has_apptoto_key: bool = False,
        has_timezest_key: bool = False,
        read_key: KeyReader | None = None,
    ) -> None:
        self.form.load(profile, has_apptoto_key=has_apptoto_key, has_timezest_key=has_timezest_key, read_key=read_key)

    def validatePage(self) -> bool:
        return not self.form.validate()

    def cleanupPage(self) -> None:
        self.form.cancel_tests()
        super().cleanupPage()

    def choice(self) -> ConnectorChoice:
        return self.form.choice()
