"""The caller's history in the lead view: what was done for this caller, when and by whom, newest first.

A tab beside the CRM's facts (so the lead view grows no taller): the caller's lines in the activity log of
this profile (lookups, bookings, reschedules, cancellations, not-qualified marks, notes, saves, changes sent
from the outbox), each with its time in the setter's zone (with the date) and who did it ("—" for lines
recorded before the log kept who). At most :data:`hsconsole.services.audit.HISTORY_LIMIT` lines; "Show all
in the activity log" opens the activity log window on every line of the caller.

The lines are read on a worker thread once the lead is shown, and shown only if the window still shows the
caller they were read for (:class:`hsconsole.ui.caller.Caller`: a new one for each caller), so a slow read of
one caller never shows beside the next. The history reads itself again when a line of the caller on screen
is recorded: a booking, a save, a cancellation, a change the outbox sent.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.slots import is_known_zone, load_zone
from hsconsole.services.audit import (
    AuditEntry,
    AuditLog,
    AuditLogError,
    CallerHistory,
    format_value,
    history_phones,
    read_history,
)
from hsconsole.services.formatting import format_local_time
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.audit_window import UNKNOWN_ACTOR, action_label
from hsconsole.ui.cells import zone_header
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from hsconsole.services.models import ExistingLead
    from hsconsole.ui.caller import Caller

log = logging.getLogger("hsconsole.ui")

COLUMNS = (
    QT_TRANSLATE_NOOP("CallerHistory", "When"),
    QT_TRANSLATE_NOOP("CallerHistory", "What"),
    QT_TRANSLATE_NOOP("CallerHistory", "By"),
)
"""The columns as written (shown translated)."""
TITLE = QT_TRANSLATE_NOOP("LeadPane", "History")
"""The tab's title as written (shown translated, with the count)."""
AGAIN_MS = 150
"""A line of the caller recorded: the history is read again this long after (a burst is read once)."""
FAILED = "⚠ "
"""Before what failed, so a narrow pane that cuts the end of a line never shows it as done."""
WORDS_LENGTH = 300
"""Characters of a note or a message shown in a line at most (the tooltip has all of it)."""


def _short(text: object) -> str:
    words = " ".join(str(text).split())
    return words if len(words) <= WORDS_LENGTH else words[: WORDS_LENGTH - 1] + "…"


def entry_words(entry: AuditEntry) -> str:
    """What a line of the activity log did for the caller, in setter words ("Booked Tue Nov 25, 8:00 AM MST");
    what failed starts with "⚠", what waits in the outbox says so."""
    changes, action, message = entry.changes, entry.action, _short(entry.message)
    if action == "lookup":
        if entry.result == "failed":
            return FAILED + translate("CallerHistory", "Look-up failed") + (f": {message}" if message else "")
        return (
            translate("CallerHistory", "Looked up: not in the CRM")
            if message == "not in the CRM"
            else translate("CallerHistory", "Looked up")
        )
    if action in ("book", "reschedule"):
        block = _short(changes.get("block") or changes.get("block_id") or "")
        where = block or translate("CallerHistory", "a block")
        text = (
            translate("CallerHistory", "Booked {block}")
            if action == "book"
            else translate("CallerHistory", "Rescheduled to {block}")
        ).format(block=where)
    elif action == "cancel":
        note = _short(changes.get("note") or "")
        text = translate("CallerHistory", "Cancelled the appointment") + (f": {note}" if note else "")
    elif action == "disqualify":
        reason, comment = _short(changes.get("reason") or ""), _short(changes.get("comment") or "")
        marked = translate("CallerHistory", "Marked not qualified: {reason}").format(
            reason=reason or translate("CallerHistory", "no reason given")
        )
        text = marked + (f" ({comment})" if comment else "")
    elif action == "save":
        note = _short(changes.get("append_comment") or "")
        fields = [
            f"{name.replace('_', ' ')} → {_short(format_value(value))}"
            for name, value in changes.items()
            if name != "append_comment"
        ]
        saved = [translate("CallerHistory", "Saved {fields}").format(fields="; ".join(fields))] if fields else []
        parts = saved + ([translate("CallerHistory", "Note: {note}").format(note=note)] if note else [])
        text = " · ".join(parts) or translate("CallerHistory", "Saved")
    elif action == "replay":
        if entry.result == "failed":
            return FAILED + translate("CallerHistory", "Not sent from the outbox") + (f": {message}" if message else "")
        return translate("CallerHistory", "Sent from the outbox") + (f": {message}" if message else "")
    elif action == "new_lead":
        text = translate("CallerHistory", "Created the lead")
    elif action == "timezest_link":
        text = translate("CallerHistory", "Scheduling link") + (
            f": {message}" if message and entry.result == "ok" else ""
        )
    else:
        text = action_label(action)
    if entry.result == "queued":
        return text + translate("CallerHistory", " — waiting in the outbox")
    if entry.result == "failed":
        return FAILED + text + translate("CallerHistory", " — failed") + (f": {message}" if message else "")
    return text


class CallerHistoryView(QWidget):
    """The history tab of the lead view.

    Signals:
        show_all_requested(str): the setter wants every line of the caller (their number) in the activity log.
        title_changed(str): the tab's title ("History (12)").
    """

    show_all_requested = Signal(str)
    title_changed = Signal(str)
    _recorded = Signal(str)
    """A line was recorded (from whichever thread recorded it): handled on the window's thread."""

    def __init__(self, setter_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caller_history")
        self.zone = load_zone(setter_zone) if setter_zone and is_known_zone(setter_zone) else None
        self.log: AuditLog | None = None
        self._listener: Callable[[str], None] | None = None
        self.caller: Caller | None = None
        """The caller the history is of (None: no caller's)."""
        self.phones: frozenset[str] = frozenset()
        self.phone = ""
        """The caller's number, as the activity log window is opened on it."""
        self.profile: str | None = None
        self.tasks = TaskKeeper()
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(AGAIN_MS)
        self._again.timeout.connect(self.reload)
        self._recorded.connect(self._line_recorded)

        self.lines = QTreeWidget()
        self.lines.setObjectName("history_lines")
        self.lines.setAccessibleName(translate("CallerHistory", "This caller's history, newest first"))
        self.lines.setRootIsDecorated(False)
        self.lines.setUniformRowHeights(True)
        self.lines.setWordWrap(False)
        self.lines.setHeaderLabels([translate("CallerHistory", word) for word in COLUMNS])
        self._name_zone()
        # as tall and wide as the pane gives: the facts beside it decide the tab's size, long lines scroll
        self.lines.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        header = self.lines.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()
        self.note.setObjectName("history_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.show_all_button = QPushButton(translate("CallerHistory", "Show all in the activity log"))
        self.show_all_button.setObjectName("history_show_all")
        self.show_all_button.setToolTip(
            translate("CallerHistory", "Every line of this caller, in the activity log window")
        )
        self.show_all_button.setEnabled(False)
        self.show_all_button.clicked.connect(lambda: self.show_all_requested.emit(self.phone))
        footer = QHBoxLayout()
        footer.addWidget(self.note, 1)
        footer.addWidget(self.show_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.lines, 1)
        layout.addLayout(footer)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.destroyed.connect(self.tasks.cancel_pending)  # a read still on its way is not shown in nothing

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: the times are told again in it (as read, not read again)."""
        self.zone = load_zone(zone) if is_known_zone(zone) else None
        self._name_zone()
        caller = self.caller
        if caller is not None and caller.history is not None and caller.history.phones == self.phones:
            self._show(caller.history)

    def _name_zone(self) -> None:
        """The "When" header says whose times they are: "When (Manila time)"."""
        zone_header(self.lines, 0, translate("CallerHistory", COLUMNS[0]), self.zone)

    # ------------------------------------------------------------ the log

    def use_log(self, log_file: AuditLog | None) -> None:
        """Read ``log_file`` (None: no activity log in this session, nothing to show)."""
        if self.log is not None and self._listener is not None:
            with contextlib.suppress(ValueError):
                self.log.on_record.remove(self._listener)
        self.log, self._listener = log_file, None
        if log_file is None:
            return
        view = weakref.ref(self)

        def heard(phone: str) -> None:
            """On the thread that recorded the line: passed to the window's thread (a queued signal)."""
            shown = view()
            try:
                if shown is not None:
                    shown._recorded.emit(phone)
                    return
            except RuntimeError:  # the view went with its window
                pass
            with contextlib.suppress(ValueError):
                log_file.on_record.remove(heard)

        self._listener = heard
        log_file.on_record.append(heard)

    def _line_recorded(self, phone: str) -> None:
        if self.caller is not None and phone in self.phones:
            self._again.start()

    # ------------------------------------------------------------ the caller

    def show_for(self, caller: Caller, lead: ExistingLead, *, region: str, profile: str | None) -> None:
        """The history of ``caller`` (whose lead is ``lead``), read in the background."""
        phones = history_phones([caller.phone, lead.phone], region)
        same = self.caller is caller and self.phones == phones
        self.caller, self.phones, self.profile = caller, phones, profile
        self.phone = caller.phone or lead.phone
        if not same:
            self._show_nothing(translate("CallerHistory", "Reading…"))
            if caller.history is not None and caller.history.phones == phones:
                self._show(caller.history)  # read for this caller before: shown while it is read again
        self.show_all_button.setEnabled(self.log is not None)
        self.reload()

    def clear(self) -> None:
        """No caller's history: what was shown goes, and a read still on its way is not shown."""
        self.caller, self.phones, self.profile, self.phone = None, frozenset(), None, ""
        self.tasks.cancel_pending()
        self._again.stop()
        self.show_all_button.setEnabled(False)
        self._show_nothing("")

    def reload(self) -> None:
        """Read the caller's history again."""
        caller, log_file = self.caller, self.log
        if caller is None or log_file is None:
            return
        self.tasks.spawn(self._read(log_file, caller, self.phones, self.profile), slot="history")

    async def _read(self, log_file: AuditLog, caller: Caller, phones: frozenset[str], profile: str | None) -> None:
        try:
            history = await read_history(log_file, phones, profile=profile)
        except AuditLogError as exc:
            log.warning("caller history not readable: %s", exc)
            if self.caller is caller:
                self._show_nothing(
                    translate("CallerHistory", "The history could not be read: {reason}").format(reason=exc)
                )
            return
        caller.history = history
        if self.caller is not caller or self.phones != phones:
            return  # the setter turned to another caller while it was read
        self._show(history)

    # ------------------------------------------------------------ showing

    def _show_nothing(self, note: str) -> None:
        self.lines.clear()
        self.note.setText(note)
        self.title_changed.emit(translate("LeadPane", TITLE))

    def _show(self, history: CallerHistory) -> None:
        self.lines.clear()
        items = []
        for entry in history.entries:
            what = entry_words(entry)
            item = QTreeWidgetItem([format_local_time(entry.at, self.zone), what, entry.actor or UNKNOWN_ACTOR])
            item.setToolTip(
                0,
                entry.at.isoformat(timespec="seconds")
                + translate("CallerHistory", " · profile {profile}").format(profile=entry.profile),
            )
            item.setToolTip(1, what)
            if not entry.actor:
                item.setToolTip(2, translate("CallerHistory", "Not known: recorded before the activity log kept who"))
            items.append(item)
        self.lines.addTopLevelItems(items)
        count = len(history.entries)
        if not count:
            self.note.setText(translate("CallerHistory", "Nothing recorded for this caller yet."))
        elif history.more:
            self.note.setText(
                translate("CallerHistory", "The newest {count} of this caller's actions.").format(count=count)
            )
        else:
            many = translate("CallerHistory", "{count} actions for this caller, newest first.")
            one = translate("CallerHistory", "{count} action for this caller, newest first.")
            self.note.setText((one if count == 1 else many).format(count=count))
        title = translate("LeadPane", TITLE)
        self.title_changed.emit(f"{title} ({count}{'+' if history.more else ''})" if count else title)
