"""The status bar's lasting parts: what waits in the outbox, whether HeavySet answers, and the profile.

Part of the window's frame: it imports no service layer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

PENDING_TIP = QT_TRANSLATE_NOOP("StatusLine", "Changes waiting to reach HeavySet or Apptoto (click to see them)")
CONNECTED = QT_TRANSLATE_NOOP("StatusLine", "● Connected")
CONNECTED_MAIN_ROUTE = QT_TRANSLATE_NOOP("StatusLine", "● Connected · main route")
OFFLINE = QT_TRANSLATE_NOOP("StatusLine", "○ Can't reach HeavySet")
NOT_CONNECTED = QT_TRANSLATE_NOOP("StatusLine", "Not connected yet")
"""The connection's words as written; the label shows them translated."""


def pending_text(pending: int, failed: int, note: str | None) -> str:
    """The outbox in a few words: refused, pending, or all sent; and what waits until when (``note``)."""
    if failed:
        text = translate("StatusLine", "⚠ {failed} refused").format(failed=failed)
        if pending:
            text += translate("StatusLine", ", {pending} pending").format(pending=pending)
    elif pending:
        text = translate("StatusLine", "⟳ {pending} pending").format(pending=pending)
    else:
        text = translate("StatusLine", "✓ All sent")
    return text + (f" · {note}" if note else "")


class StatusLine:
    """The pending-changes button, the connection and the profile, on the right of ``bar``."""

    def __init__(self, bar: QStatusBar) -> None:
        self.mode_label = QLabel()
        self.mode_label.setObjectName("mode_label")
        self.connection_label = QLabel(translate("StatusLine", "Starting…"))
        self.connection_label.setObjectName("connection_label")
        self.pending_button = QPushButton()
        self.pending_button.setObjectName("pending_button")
        self.pending_button.setFlat(True)
        self.pending_button.setAccessibleName(translate("StatusLine", "Pending changes"))
        self.pending_button.setToolTip(translate("StatusLine", PENDING_TIP))
        self.pending_button.setVisible(False)
        self.zone_label = QLabel()
        self.zone_label.setObjectName("zone_label")
        bar.addPermanentWidget(self.pending_button)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.zone_label)
        bar.addPermanentWidget(self.mode_label)

    def show_zone(self, text: str, tip: str) -> None:
        """Whose time "your time" is: "Your time: Manila (UTC+8)"."""
        self.zone_label.setText(text)
        self.zone_label.setToolTip(tip)

    def show_mode(self, mode_text: str, endpoint_text: str = "") -> None:
        self.mode_label.setText(" · ".join(x for x in (mode_text, endpoint_text) if x))

    def show_pending(self, pending: int, failed: int, note: str | None) -> None:
        self.pending_button.setVisible(True)
        self.pending_button.setText(pending_text(pending, failed, note))
        self.pending_button.setToolTip(note or translate("StatusLine", PENDING_TIP))

    def no_outbox(self) -> None:
        self.pending_button.setVisible(False)

    def connected(self, route_note: str = "") -> None:
        """HeavySet answered; ``route_note`` says why the main route is used instead of the regional one."""
        self.connection_label.setText(translate("StatusLine", CONNECTED_MAIN_ROUTE if route_note else CONNECTED))
        self.connection_label.setToolTip(route_note)

    def offline(self) -> None:
        self.connection_label.setText(translate("StatusLine", OFFLINE))

    def not_connected(self) -> None:
        self.connection_label.setText(translate("StatusLine", NOT_CONNECTED))
