"""The side windows in Spanish: the send-link dialog in each state a setter meets, the team report, and what the
console says when one of them cannot open.

Each window is built in English and in Spanish the same way, against its own pair of simulators (so one
language's links never meet the other's), and read as :mod:`tests.test_language` reads the others: a word the
setter reads that is the same in both is untranslated, unless it is data (a lead's name and address, TimeZest's
agents and appointment types, a link). The status lines, selectable and so left out there, are read here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from hsconsole.api.timezest.models import TriggerMode
from hsconsole.domain.slots import SETTER_CLOCK
from hsconsole.sim.timezest.state import READ_ONLY_KEY
from hsconsole.ui.geometry import MIN_USEFUL
from hsconsole.ui.language import day_locale, day_words, install_translations, remove_translations
from hsconsole.ui.send_link import SendLinkDialog
from hsconsole.ui.side_windows import SideWindows
from hsconsole.ui.team_report import TeamReportWindow
from tests.helpers import Runner, alt_letters
from tests.test_language import cut_in, untranslated, window_texts
from tests.test_scheduling_ui import JORDAN, TODAY, Rig, dialog_for, marcus, open_rig

NOTE_QUEUED = "The note on the HeavySet lead waits in Pending changes."
NOTE_QUEUED_ES = "La nota en el lead de HeavySet espera en Cambios pendientes."
SOLAR_TEAM = "team_9XcVb2NmQ5wErT8yUi1oPa"
STATUS_LINES = ("send_status", "send_reason", "link_recovered", "link_note", "report_status", "report_totals")
"""The windows' status lines: selectable (so :func:`~tests.test_language.seen_texts` takes them for data), but
the console's own words."""


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """The console in ``language`` as it starts: its translators, and the setter's days in its words."""
    if language == "es":
        assert install_translations("es") == "es"
    SETTER_CLOCK.use_days(day_words(day_locale()))
    try:
        yield
    finally:
        remove_translations()
        SETTER_CLOCK.use_days(None)


def side_texts(widget: QWidget, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """What :func:`~tests.test_language.window_texts` reads, and the status lines shown (but those in ``skip``)."""
    out = window_texts(widget)
    for label in widget.findChildren(QLabel):
        name = label.objectName()
        if name in STATUS_LINES and name not in skip and label.isVisibleTo(widget):
            out.append((f"status {name}", label.text()))
    return out


def duplicate_letters(widget: QWidget) -> list[str]:
    letters = alt_letters(widget, [])
    assert len(letters) >= 2
    return sorted({x for x in letters if letters.count(x) > 1})


def shown_at_1366x768(qtbot: QtBot, widget: QWidget) -> None:
    """``widget`` shown no larger than the smallest useful screen, laid out."""
    widget.resize(min(widget.width(), MIN_USEFUL[0]), min(widget.height(), MIN_USEFUL[1]))
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def fits(widget: QWidget) -> bool:
    """Within a 1366×768 screen, and tall enough for its wrapped lines (else Qt squeezes them over the fields)."""
    within = widget.width() <= MIN_USEFUL[0] and widget.height() <= MIN_USEFUL[1]
    return within and widget.height() >= widget.heightForWidth(widget.width())


# ---------------------------------------------------------------- the send-link dialog, state by state


def loaded(rig: Rig, arun: Runner, qtbot: QtBot, **choices: Any) -> SendLinkDialog:
    dialog = dialog_for(qtbot, rig.scheduling(**choices), marcus(rig, arun))
    assert arun(dialog.load_options()) is not None
    return dialog


def chosen(rig: Rig, arun: Runner, qtbot: QtBot, **choices: Any) -> SendLinkDialog:
    dialog = loaded(rig, arun, qtbot, **choices)
    dialog.set_chosen([JORDAN])
    return dialog


def loading(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    rig.tz.latency_ms = 2000  # the types and agents are still on their way while the dialog is read
    return dialog_for(qtbot, rig.scheduling(), marcus(rig, arun))


def load_failed(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    rig.tz.force("500", path="/v1/appointment_types", method="GET", times=3)
    dialog = dialog_for(qtbot, rig.scheduling(), marcus(rig, arun))
    assert arun(dialog.load_options()) is None and dialog.reload_button.isVisibleTo(dialog)
    return dialog


def choosing(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = loaded(rig, arun, qtbot)
    dialog.set_chosen([JORDAN, SOLAR_TEAM])
    dialog.window_check.setChecked(True)
    return dialog


def no_match(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = loaded(rig, arun, qtbot)
    qtbot.keyClicks(dialog.resource_filter, "zzz")
    assert dialog.no_match_label.isVisibleTo(dialog) and dialog.reason_label.isVisibleTo(dialog)
    return dialog


def no_email(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    lead = marcus(rig, arun).model_copy(update={"email": None})
    dialog = dialog_for(qtbot, rig.scheduling(), lead)
    assert arun(dialog.load_options()) is not None
    return dialog


def read_only(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    return chosen(rig, arun, qtbot, key=READ_ONLY_KEY, read_only=True)


def sending(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = chosen(rig, arun, qtbot)
    rig.tz.latency_ms = 1500
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.sending)
    return dialog


def sent(rig: Rig, arun: Runner, qtbot: QtBot, **choices: Any) -> SendLinkDialog:
    dialog = chosen(rig, arun, qtbot, **choices)
    assert arun(dialog.send()) is not None
    return dialog


def emailed_without_link(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    rig.tz.pod_without_url = True
    return sent(rig, arun, qtbot, trigger_mode=TriggerMode.POD)


def note_waits(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = chosen(rig, arun, qtbot)
    rig.hs.state.force("500", path="/phone/update", times=20)
    assert arun(dialog.send()) is not None
    assert dialog.note_label.text() in (NOTE_QUEUED, NOTE_QUEUED_ES)
    return dialog


def pod_refused(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    rig.tz.pod_unavailable = True
    dialog = chosen(rig, arun, qtbot, trigger_mode=TriggerMode.POD)
    assert arun(dialog.send()) is None and dialog.pass_on_radio.isChecked()
    return dialog


def write_refused(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = chosen(rig, arun, qtbot, key=READ_ONLY_KEY)  # the settings did not know: TimeZest's 403 says it
    assert arun(dialog.send()) is None and [p["status"] for p in rig.posts()] == [403]
    return dialog


def unclear(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = chosen(rig, arun, qtbot)
    rig.tz.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    rig.tz.force("500", path="/v1/scheduling_requests", method="GET", times=3)
    assert arun(dialog.send()) is None and dialog.unsettled is not None
    return dialog


def recovered(rig: Rig, arun: Runner, qtbot: QtBot) -> SendLinkDialog:
    dialog = unclear(rig, arun, qtbot)
    rig.tz.advance(45)
    result = arun(dialog.send())
    assert result is not None and result.recovered and dialog.recovered_label.isVisibleTo(dialog)
    return dialog


STATES: dict[str, Callable[[Rig, Runner, QtBot], SendLinkDialog]] = {
    "loading": loading,
    "load failed": load_failed,
    "choosing": choosing,
    "no match": no_match,
    "no email": no_email,
    "read-only key": read_only,
    "sending": sending,
    "link to pass on": sent,
    "emailed by TimeZest": lambda rig, arun, qtbot: sent(rig, arun, qtbot, trigger_mode=TriggerMode.POD),
    "emailed, no link": emailed_without_link,
    "note waits": note_waits,
    "email refused": pod_refused,
    "write refused": write_refused,
    "unclear": unclear,
    "found, not sent twice": recovered,
}
"""Each state of the dialog a setter meets, reached through the simulators."""


def done_with(qtbot: QtBot, dialog: SendLinkDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.sending(), timeout=10000)  # a link on its way is never abandoned
    dialog.close()


@pytest.mark.parametrize("state", list(STATES))
def test_every_word_of_the_send_link_dialog_is_in_spanish_with_one_alt_letter_a_key_and_nothing_cut(
    qtbot: QtBot, arun: Runner, tmp_path: Path, state: str
) -> None:
    texts = {}
    for language in ("en", "es"):
        with speaking(language), open_rig(tmp_path / language, arun) as rig:
            dialog = STATES[state](rig, arun, qtbot)
            shown_at_1366x768(qtbot, dialog)
            texts[language] = side_texts(dialog)
            assert duplicate_letters(dialog) == [], (language, state)
            assert fits(dialog) and cut_in(dialog) == [], (language, state, dialog.size())
            done_with(qtbot, dialog)
    english, spanish = texts["en"], texts["es"]
    assert len(spanish) > 10
    assert untranslated(english, spanish) == []


def test_the_dialogs_days_and_teams_read_in_spanish(qtbot: QtBot, arun: Runner, tmp_path: Path) -> None:
    with speaking("es"), open_rig(tmp_path / "es", arun) as rig:
        dialog = choosing(rig, arun, qtbot)
        assert dialog.earliest_edit.text() == "lun, 2 de mar de 2026"  # TODAY, the first day offered
        assert dialog.latest_edit.text() == "lun, 16 de mar de 2026"
        teams = [item.text() for item in dialog.resource_items() if item.text().endswith(" (equipo)")]
        assert "Solar Advisors (equipo)" in teams and len(teams) == 3
        assert dialog.chosen_label.text() == "Elegidos: Jordan Blake, Solar Advisors (equipo)"
        dialog.resource_filter.setText("equipo")  # a kind is found by its word in the window's language too
        assert [r.object for r in dialog.picker.visible_resources()] == ["team"] * 3
        dialog.close()
    with speaking("en"), open_rig(tmp_path / "en", arun) as rig:
        dialog = choosing(rig, arun, qtbot)
        assert dialog.earliest_edit.text() == "Mon Mar 2, 2026"
        assert "Solar Advisors (team)" in [item.text() for item in dialog.resource_items()]
        dialog.close()


def test_the_services_words_are_said_in_spanish(qtbot: QtBot, arun: Runner, tmp_path: Path) -> None:
    with speaking("es"):
        with open_rig(tmp_path / "read", arun) as rig:
            dialog = read_only(rig, arun, qtbot)
            assert dialog.reason_label.text().startswith("Esta clave de TimeZest solo puede leer")
            dialog.close()
        with open_rig(tmp_path / "note", arun) as rig:
            dialog = note_waits(rig, arun, qtbot)
            assert dialog.note_label.text() == NOTE_QUEUED_ES
            dialog.close()


# ---------------------------------------------------------------- the team report


def report(rig: Rig, arun: Runner, qtbot: QtBot, period: tuple[date, date] | None = None) -> TeamReportWindow:
    window = TeamReportWindow(rig.scheduling(), "UTC", today=TODAY)
    qtbot.addWidget(window)
    if period is not None:
        window.set_period(*period)
    arun(window.load())
    return window


def exported(rig: Rig, arun: Runner, qtbot: QtBot, tmp_path: Path) -> TeamReportWindow:
    window = report(rig, arun, qtbot)
    window.ask_save_path = lambda name: str(tmp_path / name)
    assert window.export_csv() is not None
    return window


REPORTS: dict[str, Callable[[Rig, Runner, QtBot, Path], TeamReportWindow]] = {
    "loaded": lambda rig, arun, qtbot, _tmp: report(rig, arun, qtbot),
    "no links": lambda rig, arun, qtbot, _tmp: report(rig, arun, qtbot, (date(2020, 1, 6), date(2020, 1, 12))),
    "period backwards": lambda rig, arun, qtbot, _tmp: report(rig, arun, qtbot, (TODAY, TODAY - timedelta(days=1))),
    "exported": exported,
}


@pytest.mark.parametrize("state", list(REPORTS))
def test_every_word_of_the_team_report_is_in_spanish_with_one_alt_letter_a_key_and_nothing_cut(
    qtbot: QtBot, arun: Runner, tmp_path: Path, state: str
) -> None:
    texts = {}
    for language in ("en", "es"):
        with speaking(language), open_rig(tmp_path / language, arun) as rig:
            window = REPORTS[state](rig, arun, qtbot, tmp_path / language)
            shown_at_1366x768(qtbot, window)
            chart = window.chart
            texts[language] = [
                *side_texts(window),
                ("chart", chart.accessibleName().split(":")[0]),
                ("chart description", chart.accessibleDescription()),
            ]
            assert duplicate_letters(window) == [], (language, state)
            assert fits(window) and cut_in(window) == [], (language, state, window.size())
            assert window.table.horizontalScrollBar().maximum() == 0, (language, state)  # every week shows
            window.close()
    english, spanish = texts["en"], texts["es"]
    assert len(spanish) > 10
    assert untranslated(english, spanish) == []


def test_the_team_reports_weeks_and_period_read_in_spanish(qtbot: QtBot, arun: Runner, tmp_path: Path) -> None:
    with speaking("es"), open_rig(tmp_path, arun) as rig:
        window = report(rig, arun, qtbot)
        headers = [window.table.horizontalHeaderItem(c).text() for c in range(window.table.columnCount())]
        weeks = ["2 de feb", "9 de feb", "16 de feb", "23 de feb", "2 de mar"]
        assert headers == ["Agente", "Enlaces", "Agendados", "Por semana", *weeks]
        assert window.table.horizontalHeaderItem(4).toolTip() == "Semana del lunes 2 de feb de 2026"
        assert window.status_label.text() == "Cargado del 2 de feb de 2026 al 2 de mar de 2026: 5 agentes y 4 equipos."
        assert window.totals_label.text().startswith("Total: ")
        assert " enlaces del 2 de feb de 2026 al 2 de mar de 2026, " in window.totals_label.text()
        assert window.from_edit.text() == "lun, 2 de feb de 2026"
        window.close()


# ---------------------------------------------------------------- what the console says when a side window cannot open


class Recorder:
    """The console window as the side windows see it: what it says is kept."""

    def __init__(self, *, scheduling: object = None, lead: object = None) -> None:
        self.said: list[str] = []
        self.setter_zone = "UTC"
        self.audit = None
        self.connectors = SimpleNamespace(reminders=None, scheduling=scheduling)
        self.caller = SimpleNamespace(shown_lead=lead, is_for=lambda _phone: False)
        self.lead_shown = SimpleNamespace(connect=lambda _slot: None)

    def status(self, text: str) -> None:
        self.said.append(text)


def notices(window: QWidget) -> list[tuple[str, str]]:
    """What the console says for each side window it cannot open, and once a link is made."""
    off = Recorder()
    side = SideWindows(off, window)  # the part of the window they use
    side.show_worklist()
    side.send_link()
    side.show_team_report()
    side.show_activity()
    lead = SimpleNamespace(phone="+18135550142")
    nobody = Recorder(scheduling=object())
    SideWindows(nobody, window).send_link()
    busy = Recorder(scheduling=object(), lead=lead)
    other = SideWindows(busy, window)
    other.link_dialog = SimpleNamespace(
        isVisible=lambda: True,
        show=lambda: None,
        raise_=lambda: None,
        activateWindow=lambda: None,
        lead=SimpleNamespace(phone="+13035550100"),
    )
    other.send_link()
    other._link_sent(lead.phone, emailed=True)
    other._link_sent(lead.phone, emailed=False)
    said = off.said + nobody.said + busy.said
    assert len(said) == 8
    return [(f"notice {n}", text) for n, text in enumerate(said)]


def test_what_the_console_says_when_a_side_window_cannot_open_is_in_spanish(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    texts = {}
    for language in ("en", "es"):
        with speaking(language):
            texts[language] = notices(window)
    english, spanish = texts["en"], texts["es"]
    assert untranslated(english, spanish) == []
    assert spanish[1][1] == "TimeZest está desactivado en este perfil: se activa en Configuración ▸ Conectores."
    assert spanish[4][1] == "Primero busque al cliente y luego envíe el enlace."
    assert english[1][1] == "TimeZest is off for this profile: Settings ▸ Connectors turns it on."
