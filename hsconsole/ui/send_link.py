"""TimeZest in the console: send a caller a scheduling link.

:class:`SendLinkDialog` is opened from the lead view. The setter picks an
appointment type, one or more agents or teams (one list, narrowed as they
type) and, if they want, a window of days, and how the link reaches the
homeowner: a link TimeZest makes and the setter passes on (``generate_url``:
TimeZest does not email it), or TimeZest's own workflow sends it to the
homeowner's email (``pod``). The choice is kept with the profile. The service
creates the link, records it in the activity log and notes it on the HeavySet
lead. Any link TimeZest returns is shown with a Copy button. An account that
refuses ``pod`` is said so in plain words, the choice goes back to a link the
setter passes on, and nothing chosen is lost.

After an unclear failure (the answer was lost, and the check for what
TimeZest made failed too) the dialog keeps the
:class:`~hsconsole.api.timezest.client.UncertainCreateError` and the exact request
it sent, locks the choices, and its button becomes "Send again (checks
first)": the next try looks for the first link before it sends, so the
homeowner never gets two.

The choices are widgets of their own: the agents and teams in
:mod:`hsconsole.ui.resource_picker`, the appointment type, the way the link
reaches the homeowner and the window of days in :mod:`hsconsole.ui.link_choices`.
The dialog reads the options, sends, shows the result and decides when it may close.
The team report is :mod:`hsconsole.ui.team_report`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsconsole.services.errors import ApiError, UncertainCreateError
from hsconsole.services.formatting import phone_for_display
from hsconsole.services.models import ExistingLead
from hsconsole.services.scheduling import (
    AppointmentType,
    LinkOptions,
    NewSchedulingRequest,
    Resource,
    Scheduling,
    SentLink,
    TimeZestTriggerModeError,
    TriggerMode,
)
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate
from hsconsole.ui.link_choices import AppointmentTypeBox, DayWindow, DeliveryChoice
from hsconsole.ui.messages import describe, safe
from hsconsole.ui.resource_picker import ResourcePicker
from hsconsole.ui.timezest_parts import (
    SERVICE,
    buddy_label,
    error_words,
    fit_height,
    plain_button,
    status_label,
    zone,
)

log = logging.getLogger("hsconsole.ui")

NO_EMAIL_REASON = QT_TRANSLATE_NOOP(
    "SendLinkDialog", "The lead has no email address: TimeZest needs one to send the link to."
)
NO_RESOURCE_REASON = QT_TRANSLATE_NOOP("SendLinkDialog", "Pick at least one agent or team.")
NO_TYPES_REASON = QT_TRANSLATE_NOOP("SendLinkDialog", "TimeZest has no appointment types to offer.")
RECOVERED_TEXT = QT_TRANSLATE_NOOP("SendLinkDialog", "TimeZest had already made this link; it was not sent twice.")
SEND_TEXT = QT_TRANSLATE_NOOP("SendLinkDialog", "&Send link")
SEND_AGAIN_TEXT = QT_TRANSLATE_NOOP("SendLinkDialog", "Send a&gain (checks first)")
SENDING_TEXT = QT_TRANSLATE_NOOP("SendLinkDialog", "Sending…")
BEING_SENT = QT_TRANSLATE_NOOP("SendLinkDialog", "Wait a moment: the link is being sent.")
LOADING_TEXT = QT_TRANSLATE_NOOP("SendLinkDialog", "Loading appointment types and agents…")
"""The dialog's words as written (shown translated, ``translate("SendLinkDialog", …)``)."""


# ---------------------------------------------------------------- sending a link


class SendLinkDialog(QDialog):
    """ "Send a scheduling link" for one lead.

    Signals:
        sent(SentLink): the link was made (or found after an unclear failure).

    ``await load_options()`` reads the appointment types and resources (done
    on first show); ``await send()`` sends with the current choices. The
    buttons run both through :attr:`tasks`.
    """

    sent = Signal(object)

    def __init__(
        self,
        scheduling: Scheduling,
        lead: ExistingLead,
        setter_zone: str,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.scheduling = scheduling
        self.lead = lead
        self.zone = zone(setter_zone)
        self.tasks = TaskKeeper()
        self.options: LinkOptions | None = None
        self.sent_link: SentLink | None = None
        self.unsettled: UncertainCreateError | None = None
        """The unclear failure of the last try: passed back so Send again looks before it sends."""
        self._unsettled_request: NewSchedulingRequest | None = None
        self._loading = False
        self._sending = False
        self._load_error = ""
        self.setObjectName("send_link_dialog")
        self.setWindowTitle(translate("SendLinkDialog", "Send a scheduling link"))
        self.setModal(False)
        first_day = today or datetime.now(self.zone).date()

        # Who it goes to.
        email = (lead.email or "").strip()
        who = lead.name or phone_for_display(lead.phone)
        self.recipient_label = QLabel()
        self.recipient_label.setObjectName("link_recipient")
        self.recipient_label.setTextFormat(Qt.TextFormat.PlainText)
        self.recipient_label.setWordWrap(True)
        self.recipient_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        address = email or translate("SendLinkDialog", "no email address")
        self.recipient_label.setText(f"{who}  ·  {address}  ·  {phone_for_display(lead.phone)}")
        self.recipient_label.setAccessibleName(
            translate("SendLinkDialog", "Link for {who}, {email}").format(who=who, email=address)
        )
        heading = QLabel(translate("SendLinkDialog", "Scheduling link for"))
        heading_font = heading.font()
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self.opt_out_label = QLabel(
            translate("SendLinkDialog", "⚠ This lead opted out of email: send them a link only if they asked for one.")
        )
        self.opt_out_label.setObjectName("link_opt_out")
        self.opt_out_label.setWordWrap(True)
        self.opt_out_label.setVisible(bool(lead.opt_out_email) and bool(email))

        # How it reaches them.
        self.delivery = DeliveryChoice(who, email, scheduling.trigger_mode)
        self.delivery.mode_chosen.connect(scheduling.choose_trigger_mode)
        self.pass_on_radio = self.delivery.pass_on_radio
        self.email_radio = self.delivery.email_radio
        self.delivery_label = self.delivery.delivery_label

        # What and with whom.
        self.type_combo = AppointmentTypeBox()
        self.type_combo.currentIndexChanged.connect(lambda _i: self._update_send())
        type_label = buddy_label(translate("SendLinkDialog", "&Appointment type"), self.type_combo)

        self.picker = ResourcePicker()
        self.picker.choice_changed.connect(self._update_send)
        self.resource_filter = self.picker.resource_filter
        self.resource_list = self.picker.resource_list
        self.no_match_label = self.picker.no_match_label
        self.chosen_label = self.picker.chosen_label
        who_label = buddy_label(translate("SendLinkDialog", "&With"), self.resource_filter)

        self.day_window = DayWindow(first_day)
        self.window_check = self.day_window.window_check
        self.earliest_edit = self.day_window.earliest_edit
        self.latest_edit = self.day_window.latest_edit

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(type_label, self.type_combo)
        form.addRow(who_label, self.picker)
        form.addRow("", self.day_window)

        # Sending.
        self.send_button = plain_button(translate("SendLinkDialog", SEND_TEXT), "send_link")
        self.send_button.clicked.connect(self._spawn_send)
        self.reload_button = plain_button(translate("SendLinkDialog", "&Try again"), "reload_options")
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self._spawn_load)
        self.reason_label = status_label("send_reason", translate("SendLinkDialog", "Why the link cannot be sent"))
        self.reason_label.setVisible(False)
        self.status_label = status_label("send_status", translate("SendLinkDialog", "Scheduling link status"))
        if scheduling.unsettled_for(lead) is not None:
            self.status_label.setText(
                translate(
                    "SendLinkDialog",
                    "An earlier try to send this homeowner a link did not finish clearly. Sending now first checks "
                    "what TimeZest made, so they never get two links.",
                )
            )

        # The result.
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("link_url")
        self.url_edit.setReadOnly(True)
        self.url_edit.setAccessibleName(translate("SendLinkDialog", "Scheduling link"))
        self.url_edit.setMinimumWidth(360)
        self.copy_button = plain_button(translate("SendLinkDialog", "&Copy"), "copy_link")
        self.copy_button.setAccessibleName(translate("SendLinkDialog", "Copy the scheduling link"))
        self.copy_button.clicked.connect(self.copy_link)
        self.note_label = status_label("link_note", translate("SendLinkDialog", "HeavySet note"))
        self.recovered_label = status_label("link_recovered", translate("SendLinkDialog", "Link found, not sent twice"))
        self.recovered_label.setVisible(False)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.copy_button)
        self.result_box = QGroupBox(translate("SendLinkDialog", "Link"))
        self.result_box.setObjectName("link_result")
        result_column = QVBoxLayout(self.result_box)
        result_column.addLayout(url_row)
        result_column.addWidget(self.recovered_label)
        result_column.addWidget(self.note_label)
        self.result_box.setVisible(False)

        self.close_button = plain_button(translate("SendLinkDialog", "C&lose"), "send_link_close")
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.recipient_label)
        layout.addWidget(self.opt_out_label)
        layout.addLayout(form, 1)
        layout.addWidget(self.delivery)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.result_box)
        layout.addLayout(buttons)
        self.resize(560, 560)
        self._show_options(LinkOptions([], []))
        self.status_label.setText(translate("SendLinkDialog", LOADING_TEXT) if not self._blocked() else " ")

    # ------------------------------------------------------------ reading the choices

    def appointment_type(self) -> AppointmentType | None:
        return self.type_combo.current_type()

    def resource_items(self) -> list[QListWidgetItem]:
        return self.picker.resource_items()

    def chosen_resources(self) -> list[Resource]:
        """The checked agents and teams (hidden by the filter or not), in list order."""
        return self.picker.chosen_resources()

    def set_chosen(self, resource_ids: Sequence[str]) -> None:
        """Check exactly these resources (by id)."""
        self.picker.set_chosen(resource_ids)

    def trigger_mode(self) -> TriggerMode:
        """How the link is to reach the homeowner, as chosen."""
        return self.delivery.trigger_mode()

    def set_trigger_mode(self, mode: TriggerMode) -> None:
        self.delivery.set_trigger_mode(mode)

    def date_window(self) -> tuple[date | None, date | None]:
        return self.day_window.date_window()

    def send_disabled_reason(self) -> str:
        """Why Send is off right now ("" when it can be pressed, or while loading or sending)."""
        if self.scheduling.send_disabled_reason:
            return self.scheduling.send_disabled_reason
        if not (self.lead.email or "").strip():
            return translate("SendLinkDialog", NO_EMAIL_REASON)
        if self.options is None or self.sent_link is not None:
            return ""
        if not self.options.appointment_types:
            return translate("SendLinkDialog", NO_TYPES_REASON)
        if not self.chosen_resources():
            return translate("SendLinkDialog", NO_RESOURCE_REASON)
        return ""

    def _blocked(self) -> bool:
        return bool(self.scheduling.send_disabled_reason or not (self.lead.email or "").strip())

    # ------------------------------------------------------------ options

    async def load_options(self) -> LinkOptions | None:
        """Read the appointment types and the agents and teams; None when TimeZest failed (said in the dialog)."""
        self._loading = True
        self._load_error = ""
        self.reload_button.setVisible(False)
        self.status_label.setText(translate("SendLinkDialog", LOADING_TEXT))
        self._update_send()
        try:
            options = await self.scheduling.options()
        except ApiError as exc:
            log.info("TimeZest options not read: %s", type(exc).__name__)
            self._load_error = error_words(exc)
            self.status_label.setText(self._load_error)
            self.reload_button.setVisible(True)
            return None
        finally:
            self._loading = False
            self._update_send()
        self.options = options
        self._show_options(options)
        self.status_label.setText(" ")
        self._update_send()
        return options

    def _show_options(self, options: LinkOptions) -> None:
        self.type_combo.set_types(options.appointment_types)
        self.picker.set_resources(options.resources)

    # ------------------------------------------------------------ sending

    async def send(self) -> SentLink | None:
        """Send the link with the current choices; the SentLink, or None (the reason is shown)."""
        if self._sending or self.sent_link is not None:
            return None
        reason = self.send_disabled_reason()
        kind = self.appointment_type()
        if reason or self.options is None or kind is None:
            self._update_send()
            return None
        request = self._unsettled_request
        if request is None:
            earliest, latest = self.date_window()
            if earliest and latest and earliest > latest:
                self.status_label.setText(
                    translate("SendLinkDialog", "The last day offered is before the first: pick a later one.")
                )
                return None
            try:
                request = self.scheduling.request_for(
                    self.lead, kind, self.chosen_resources(), earliest, latest, self.trigger_mode()
                )
            except ValidationError as exc:
                fields = {str(e["loc"][0]) for e in exc.errors(include_url=False) if e["loc"]}
                if "end_user_email" in fields:
                    wrong = translate(
                        "SendLinkDialog",
                        "The lead's email address “{email}” does not look right: correct it on the lead, then send.",
                    )
                    self.status_label.setText(wrong.format(email=(self.lead.email or "").strip()))
                else:
                    self.status_label.setText(describe(exc, SERVICE))
                return None
            except ValueError as exc:
                self.status_label.setText(str(exc))
                return None
        self._set_sending(True)
        try:
            sent = await self.scheduling.send_link(
                self.lead, request, appointment_type_name=kind.display_name, unsettled=self.unsettled
            )
        except UncertainCreateError as exc:
            log.info("TimeZest link unsettled after %d send(s)", exc.sends)
            # Keep the first attempt's time (the next try looks back to it) and the very body sent.
            first = self.unsettled
            self.unsettled = exc if first is None or exc.first_attempt_at <= first.first_attempt_at else first
            self._unsettled_request = request
            kept = translate("SendLinkDialog", "The choices are kept as they were so the check can find the first try.")
            self.status_label.setText(f"{error_words(exc)} {kept}")
            return None
        except PermissionError as exc:
            self.status_label.setText(safe(str(exc)))
            return None
        except TimeZestTriggerModeError as exc:
            # Nothing was made: offer the link the setter passes on, with every other choice as it was.
            log.info("TimeZest refused the pod trigger mode")
            self.set_trigger_mode(TriggerMode.GENERATE_URL)
            if self._unsettled_request is not None:  # a try kept for its check: the same body, with a link instead
                self._unsettled_request = self._unsettled_request.model_copy(
                    update={"trigger_mode": TriggerMode.GENERATE_URL}
                )
            self.status_label.setText(safe(self.delivery.refused_text("; ".join(exc.messages) or exc.code)))
            self.send_button.setFocus()
            return None
        except ApiError as exc:
            log.info("TimeZest link not sent: %s", type(exc).__name__)
            # An earlier unclear failure stays: the next try still checks first.
            self.status_label.setText(error_words(exc))
            return None
        finally:
            self._set_sending(False)
        self.sent_link = sent
        self.unsettled = None
        self._unsettled_request = None
        self._show_result(sent)
        self.sent.emit(sent)
        return sent

    def _show_result(self, sent: SentLink) -> None:
        self.url_edit.setText(sent.url)
        self.url_edit.setToolTip(sent.url)  # in full: a long link is cut short in the field
        self.url_edit.setCursorPosition(0)
        self.copy_button.setEnabled(bool(sent.url))
        self.recovered_label.setText(translate("SendLinkDialog", RECOVERED_TEXT) if sent.recovered else "")
        self.recovered_label.setVisible(sent.recovered)
        self.note_label.setText(sent.note or " ")
        self.note_label.setVisible(bool(sent.note))
        self.url_edit.setVisible(bool(sent.url))
        self.copy_button.setVisible(bool(sent.url))
        self.result_box.setVisible(True)
        self.status_label.setText(self.delivery.outcome_text(sent))
        self.send_button.setText(translate("SendLinkDialog", "Sent"))
        self.close_button.setDefault(True)
        self._lock_choices(True)
        self._update_send()

    def copy_link(self) -> None:
        text = self.url_edit.text()
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.status_label.setText(translate("SendLinkDialog", "Link copied."))

    def _set_sending(self, on: bool) -> None:
        self._sending = on
        if on:
            self.send_button.setText(translate("SendLinkDialog", SENDING_TEXT))
            self.status_label.setText(translate("SendLinkDialog", "Sending the link to TimeZest…"))
        elif self.sent_link is None:
            again = self.unsettled is not None
            self.send_button.setText(translate("SendLinkDialog", SEND_AGAIN_TEXT if again else SEND_TEXT))
        self._lock_choices(on or self.unsettled is not None or self.sent_link is not None)
        self._update_send()

    def _lock_choices(self, locked: bool) -> None:
        self.type_combo.setEnabled(not locked)
        self.picker.set_locked(locked)
        self.day_window.set_locked(locked)
        self.delivery.set_locked(locked)

    def _update_send(self) -> None:
        reason = self.send_disabled_reason()
        ready = self.options is not None and self.sent_link is None and not self._loading
        self.send_button.setEnabled(ready and not reason and not self._sending)
        show_reason = bool(reason) and not self._sending
        self.reason_label.setText(reason if show_reason else " ")
        self.reason_label.setVisible(show_reason)
        self.send_button.setToolTip(reason)
        fit_height(self)

    # ------------------------------------------------------------ tasks and closing

    def _spawn_load(self) -> None:
        if not self._loading:
            self.tasks.spawn(self.load_options(), slot="options")

    def _spawn_send(self) -> None:
        if not self._sending and not self.tasks.busy("send"):
            self.tasks.spawn(self.send(), slot="send")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)
        if self.options is None and not self._loading and not self._load_error:
            self._spawn_load()

    def sending(self) -> bool:
        return self._sending

    def reject(self) -> None:
        if self._sending:
            # The create may already be on its way: let it finish so it is recorded and noted.
            self.status_label.setText(translate("SendLinkDialog", BEING_SENT))
            return
        self.tasks.cancel_pending()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._sending:
            self.status_label.setText(translate("SendLinkDialog", BEING_SENT))
            event.ignore()
            return
        self.tasks.cancel_pending()
        super().closeEvent(event)
