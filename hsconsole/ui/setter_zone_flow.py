"""The setter's own zone in the window: Settings ▸ My time zone, kept and used at once, and shown in the
status bar ("Your time: Manila (UTC+8)").

Every view that shows a time of the setter's follows :attr:`SetterZoneFlow.changed` (connected where the
view is made: the lead pane's, the side windows'), so a new zone redraws each of them at once, from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from hsconsole.ui.language import translate

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
    side: Any
    slot_view: Any
    lookup: Any
    clock_action: Any

    def save_settings(self) -> None: ...

    def status(self, text: str) -> None: ...


class SetterZoneFlow(QObject):
    """Settings ▸ My time zone for ``host``; ``window`` is the dialog's parent.

    Signals:
        changed(str): the setter's zone (an IANA name) is now this one: every time of theirs is told again in it.
    """

    changed = Signal(str)

    def __init__(self, host: Host, window: QWidget) -> None:
        super().__init__(window)
        self.host = host
        self.window = window
        self.changed.connect(self._redraw_calendar)
        self.changed.connect(host.side.use_setter_zone)

    def attached(self) -> None:
        """The console is attached: the setter's clock as they set it (else as this computer's language settings
        say), their days in their locale's words, and their zone in the status bar."""
        from hsconsole.domain.slots import SETTER_CLOCK
        from hsconsole.ui.language import day_locale, day_words

        chosen = self.host.settings.clock_24h
        SETTER_CLOCK.hours24 = chosen if chosen is not None else locale_uses_24_hours()
        SETTER_CLOCK.use_days(day_words(day_locale()))
        self.host.clock_action.setChecked(SETTER_CLOCK.hours24)
        self.show()
        self.prepare(self.host.setter_zone)

    def toggle_clock(self) -> None:
        """Settings ▸ 24-hour clock for your times: kept, and every time of the setter's told again on it."""
        from hsconsole.domain.slots import SETTER_CLOCK

        host = self.host
        host.settings.clock_24h = SETTER_CLOCK.hours24 = bool(host.clock_action.isChecked())
        host.save_settings()
        self.use(host.setter_zone, said=False)
        clock = (
            translate("StatusLine", "Your times are now on the 24-hour clock")
            if SETTER_CLOCK.hours24
            else translate("StatusLine", "Your times are now on the 12-hour clock (AM/PM)")
        )
        host.status(clock)

    @staticmethod
    def prepare(zone: str) -> None:
        """What labelling zones for a setter in ``zone`` needs, built on a thread of its own meanwhile."""
        import threading
        from datetime import date

        from hsconsole.domain.zones import prepare_reader

        threading.Thread(target=prepare_reader, args=(zone, date.today().year), daemon=True).start()

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

    def use(self, zone: str, *, said: bool = True) -> None:
        """Show every time of "yours" in ``zone`` from now on: each view following :attr:`changed` is redrawn
        (and, with ``said``, the status line says the zone)."""
        self.host.setter_zone = zone
        self.prepare(zone)
        self.changed.emit(zone)
        if said:
            self.host.status(translate("StatusLine", "Your times are now in {place}").format(place=self.show()))

    def _redraw_calendar(self, _zone: str) -> None:
        """The caller's blocks, their "Your time" column in the new zone, the same block selected."""
        host = self.host
        if host.caller.slots is not None:
            row = host.slot_view.selected_row()
            host.lookup.show_slots(row.block_id if row is not None else None)

    def show(self) -> str:
        """The status bar says whose time "your time" is; returns it ("Manila (UTC+8)")."""
        from datetime import UTC, datetime

        from hsconsole.services.formatting import zone_place
        from hsconsole.ui.zone import zone_source

        host = self.host
        zone = host.setter_zone
        place = zone_place(datetime.now(UTC), zone)
        host.status_line.show_zone(
            translate("StatusLine", "Your time: {place}").format(place=place),
            f"{zone}, {zone_source(host.settings.setter_zone)}. Settings ▸ My time zone changes it.",
        )
        return place


def locale_uses_24_hours() -> bool:
    """This computer's language settings write times on a 24-hour clock (no AM/PM in their short time format).
    A computer set to no language at all (the "C" locale of servers) says nothing: the US 12-hour clock."""
    from PySide6.QtCore import QLocale

    system = QLocale.system()
    if system.language() == QLocale.Language.C:
        return False
    return "a" not in system.timeFormat(QLocale.FormatType.ShortFormat).lower()
