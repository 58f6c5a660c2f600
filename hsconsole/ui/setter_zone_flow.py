"""The setter's own zone in the window: Settings ▸ My time zone, kept and used at once, and shown in the
status bar ("Your time: Manila (UTC+8)")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from hsconsole.services.settings import Settings
    from hsconsole.ui.caller import Caller
    from hsconsole.ui.status_line import StatusLine


class Host(Protocol):
    """What the zone flow needs of the console window."""

    setter_zone: str
    settings: Settings
    caller: Caller
    status_line: StatusLine
    editor: Any
    connector_panel: Any
    side: Any
    slot_view: Any
    lookup: Any

    def save_settings(self) -> None: ...

    def status(self, text: str) -> None: ...


class SetterZoneFlow:
    """Settings ▸ My time zone for ``host``; ``window`` is the dialog's parent."""

    def __init__(self, host: Host, window: QWidget) -> None:
        self.host = host
        self.window = window

    def choose(self) -> None:
        """Ask the setter; their choice is kept in the settings and used at once."""
        from hsconsole.ui.zone import setter_zone
        from hsconsole.ui.zone_dialog import choose_zone

        host = self.host
        chosen = choose_zone(host.settings.setter_zone, self.window)
        if chosen is None or chosen == host.settings.setter_zone:
            return
        host.settings.setter_zone = chosen
        host.save_settings()
        self.use(setter_zone(chosen))

    def use(self, zone: str) -> None:
        """Show every time of "yours" in ``zone`` from now on: the caller's facts and blocks at once; the side
        windows close and open anew in it."""
        host = self.host
        host.setter_zone = zone
        host.editor.use_setter_zone(zone)
        host.connector_panel.setter_zone = zone
        host.side.close_all()
        if host.caller.slots is not None:
            row = host.slot_view.selected_row()
            host.lookup.show_slots(row.block_id if row is not None else None)
        place = self.show()
        host.status(f"Your times are now in {place}")

    def show(self) -> str:
        """The status bar says whose time "your time" is; returns it ("Manila (UTC+8)")."""
        from datetime import UTC, datetime

        from hsconsole.domain.zones import city_of, offset_text
        from hsconsole.ui.zone import zone_source

        host = self.host
        zone = host.setter_zone
        place = f"{city_of(zone)} ({offset_text(datetime.now(UTC), zone)})"
        host.status_line.show_zone(
            f"Your time: {place}",
            f"{zone}, {zone_source(host.settings.setter_zone)}. Settings ▸ My time zone changes it.",
        )
        return place
