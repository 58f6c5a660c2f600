"""What the console tells the setter as they work, in Spanish: the status line, the banner, a field's error, the
times of both zones, the jump hint and a reminder's news; the words made below the window included.

A setter's run of calls is played twice, in English and in Spanish, and every line the window said is compared:
one that reads the same in both was not translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hsconsole.domain import words
from hsconsole.domain.checks import email_problem, zip_problem
from hsconsole.domain.phones import InvalidPhoneError, normalize_phone
from hsconsole.domain.zones import city_of, folded
from hsconsole.services.formatting import both_zones_tip, caller_time, format_for_setter
from hsconsole.sim.heavyset.data import DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.cells import zone_column
from hsconsole.ui.language import install_translations, remove_translations
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.zone_dialog import ZoneDialog
from tests.test_main_window import build_window, close, look_up, select_first_open_block, wait_idle

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]
MOMENT = datetime(2026, 12, 10, 21, 0, tzinfo=UTC)
MEXICO = "America/Mexico_City"


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def told(window: MainWindow) -> list[str]:
    """Every status line and banner the window shows from now on, in order."""
    said: list[str] = []
    notices = window.notices
    status, banner = notices.status, notices.show_banner

    def say_status(text: str) -> None:
        said.append(text)
        status(text)

    def say_banner(text: str) -> None:
        said.append(text)
        banner(text)

    notices.status = say_status  # type: ignore[method-assign]
    notices.show_banner = say_banner  # type: ignore[method-assign]
    return said


def a_run_of_calls(qtbot: QtBot, sim: SimServer, window: MainWindow) -> list[str]:
    """Lines the window says through a run of calls a setter makes (the same in either language)."""
    said = told(window)
    window.phone_input.setText("801555")  # a number not yet whole
    window.search("801555")
    look_up(qtbot, window, DENVER)
    window.save()  # nothing changed
    window.editor.inputs["zip"].setText("8410")
    window.save()  # a field to fix
    window.editor.revert()
    window.editor.inputs["city"].setText("Boulder")
    window.save()
    wait_idle(qtbot, window)
    select_first_open_block(window)
    window.book()  # a reschedule (the question is answered yes)
    wait_idle(qtbot, window)
    window.ask_text = lambda *_a, **_k: ""
    window.cancel_appointment()  # no note
    window.refresh_slots()
    wait_idle(qtbot, window)
    look_up(qtbot, window, TAMPA)
    window.slot_view.clearSelection()
    window.slot_view.setCurrentIndex(window.slot_view.model().index(-1, -1))
    window.book()  # no block chosen
    sim.state.force("500", times=2)
    look_up(qtbot, window, DENVER)  # HeavySet fails: the lead and its blocks
    look_up(qtbot, window, UNKNOWN_PHONE)  # a new caller
    return [line for line in said if line]


def test_every_line_the_window_says_through_a_run_of_calls_is_in_spanish(qtbot: QtBot, sim: SimServer) -> None:
    english_window = build_window(qtbot, sim, attempts=1)
    try:
        english = a_run_of_calls(qtbot, sim, english_window)
    finally:
        close(qtbot, english_window)
    sim.state.reset()
    install_translations("es")
    try:
        spanish_window = build_window(qtbot, sim, attempts=1)
        try:
            spanish = a_run_of_calls(qtbot, sim, spanish_window)
        finally:
            close(qtbot, spanish_window)
    finally:
        remove_translations()
    assert len(english) >= 12 and len(spanish) >= 12
    assert "Nothing to save" in english and "Nada que guardar" in spanish
    assert "Not saved: a field needs fixing" in english and "Pick an open block first" in english
    assert any(line.startswith("No lead for ") for line in english)
    assert "Saved Jane Doe: city" in english and "Guardado Jane Doe: ciudad" in spanish
    assert any(line.startswith("Rescheduled: Jane Doe, ") and "your time" in line for line in english)
    rescheduled = next(line for line in spanish if line.startswith("Reagendada: Jane Doe, "))
    assert "su hora" in rescheduled and "your time" not in rescheduled
    assert any("HeavySet tuvo un problema (HTTP 500)" in line for line in spanish)
    same = sorted(set(english) & set(spanish))
    assert same == [], same


# ---------------------------------------------------------------- the layers below the window


def test_the_words_made_below_the_window_follow_the_language_installed(qapp: QApplication) -> None:
    def phone_error(typed: str) -> str:
        with pytest.raises(InvalidPhoneError) as caught:
            normalize_phone(typed)
        return caught.value.reason

    english = (phone_error("801555"), zip_problem("8410"), email_problem(" jane@example.com"), city_of(MEXICO))
    assert english[0].startswith("That number is too short") and english[3] == "Mexico City"
    install_translations("es")
    try:
        spanish = (phone_error("801555"), zip_problem("8410"), email_problem(" jane@example.com"), city_of(MEXICO))
        assert spanish[3] == "Ciudad de México"
        assert spanish[0].startswith("Ese número es demasiado corto") and "(6 dígitos)" in spanish[0]
        assert spanish[1] == "Un ZIP de EE. UU. tiene 5 dígitos, o 5 + 4 (84101 o 84101-1234)."
        assert spanish[2] == "Quite los espacios antes o después de la dirección."
    finally:
        remove_translations()
    assert (phone_error("801555"), zip_problem("8410"), email_problem(" jane@example.com"), city_of(MEXICO)) == english
    assert words.translate("Checks", "Not an email address: {why}") == "Not an email address: {why}"


def test_both_zones_read_in_spanish(spanish: None) -> None:
    text = format_for_setter(MOMENT, "America/Chicago", "Asia/Manila")
    assert text.endswith(" su hora)") and "your time" not in text
    tip = both_zones_tip(MOMENT, "America/Chicago", "Asia/Manila")
    lead_line, setter_line = tip.splitlines()
    assert lead_line.startswith("Hora del lead: ") and " en Chicago (UTC-6)" in lead_line
    assert setter_line.startswith("Su hora: ") and " en Manila (UTC+8)" in setter_line
    honolulu = caller_time(MOMENT, "Pacific/Honolulu", ZoneInfo("Asia/Manila"))  # Thursday there, Friday here
    assert re.fullmatch(r"Hora en Honolulú: 11:00 AM \(\w+\.?\)", honolulu), honolulu
    assert both_zones_tip(MOMENT, None, "Asia/Manila").endswith("No se conoce la zona horaria del lead")


def test_a_zones_city_is_named_as_a_spanish_speaker_names_it(spanish: None) -> None:
    names = {
        "America/Mexico_City": "Ciudad de México",
        "America/New_York": "Nueva York",
        "America/Los_Angeles": "Los Ángeles",
        "Pacific/Honolulu": "Honolulú",
        "Asia/Kolkata": "Calcuta",
        "America/Bogota": "Bogotá",
        "America/Sao_Paulo": "São Paulo",
        "America/Indiana/Indianapolis": "Indianápolis",
        "America/Phoenix": "Phoenix",
        "Asia/Manila": "Manila",
        "UTC": "UTC",
    }
    assert {zone: city_of(zone) for zone in names} == names
    assert zone_column("Cuándo", ZoneInfo(MEXICO)) == "Cuándo (hora de Ciudad de México)"
    tip = both_zones_tip(MOMENT, "America/Los_Angeles", "Asia/Kolkata")
    assert " en Los Ángeles (UTC-8)" in tip and " en Calcuta (UTC+5:30)" in tip
    # a setter in Kolkata does not read "PST" as Los Angeles's: the city says it, in Spanish
    shown = format_for_setter(MOMENT, "America/Los_Angeles", "Asia/Kolkata")
    assert re.fullmatch(r".+, 1:00 PM Los Ángeles \(.+, 2:30 AM su hora\)", shown), shown


def test_the_zone_list_is_in_spanish_by_spanish_names_and_finds_either_name(qtbot: QtBot, spanish: None) -> None:
    dialog = ZoneDialog("", now=MOMENT)
    qtbot.addWidget(dialog)
    rows = [dialog.list.item(row).text() for row in range(2, dialog.list.count())]
    cities = [row.split(" (")[0] for row in rows]
    assert cities == sorted(cities, key=folded)  # "Calcuta" among the C's, not the K's
    assert len(rows) == len(set(rows))  # no two read alike
    for typed, zone, label in (
        ("nueva york", "America/New_York", "Nueva York (América) · UTC-5"),
        ("new york", "America/New_York", "Nueva York (América) · UTC-5"),
        ("ciudad de mexico", MEXICO, "Ciudad de México (América) · UTC-6"),
        ("kolkata", "Asia/Kolkata", "Calcuta (Asia) · UTC+5:30"),
        ("honolulu pacifico", "Pacific/Honolulu", "Honolulú (Pacífico) · UTC-10"),
    ):
        dialog.search.clear()
        qtbot.keyClicks(dialog.search, typed)
        assert (dialog.choice(), dialog.list.currentItem().text()) == (zone, label), typed
    dialog.close()


def test_a_date_field_reads_as_the_setters_days(qtbot: QtBot, spanish: None) -> None:
    from PySide6.QtCore import QDate, QLocale

    from hsconsole.ui.language import date_field_format
    from hsconsole.ui.worklist import WorklistPanel

    panel = WorklistPanel(cast(Any, None), "America/Denver")
    qtbot.addWidget(panel)
    panel.first_day.setDate(QDate(2026, 12, 7))
    assert panel.first_day.text() == "lun, 7 de dic de 2026"
    assert date_field_format(QLocale("en_GB")) == "ddd, d MMM yyyy"  # a British desk: day before month
    assert date_field_format(QLocale("en_US")) == "ddd MMM d, yyyy"


def test_the_worklists_times_are_on_the_setters_clock(qapp: QApplication) -> None:
    from hsconsole.domain.slots import SETTER_CLOCK
    from hsconsole.services.formatting import format_moment

    assert format_moment(MOMENT, "America/Denver", setter=True).endswith("2:00 PM")
    assert format_moment(MOMENT, "America/Denver", with_zone=True).endswith("2:00 PM MST")
    SETTER_CLOCK.hours24 = True
    try:
        assert format_moment(MOMENT, "America/Denver", setter=True).endswith(", 14:00")
        assert format_moment(MOMENT, "America/Denver", with_zone=True).endswith("2:00 PM MST")  # the lead's: US
    finally:
        SETTER_CLOCK.hours24 = False


def test_a_network_failure_reads_in_spanish_to_its_detail(qtbot: QtBot, sim: SimServer) -> None:
    install_translations("es")
    try:
        window = build_window(qtbot, sim, attempts=1)
        try:
            sim.state.force("drop", times=4)
            look_up(qtbot, window, DENVER)
            banner = window.banner.text()
            assert banner.startswith("Error al buscar. No se puede conectar con HeavySet: "), banner
            assert "conexión" in banner and "connection" not in banner, banner
        finally:
            close(qtbot, window)
    finally:
        remove_translations()


def test_a_change_is_named_in_the_setters_words(spanish: None) -> None:
    from hsconsole.services.formatting import field_words

    assert field_words(["first_name", "zip", "append_comment"]) == "nombre, ZIP, nota"
    assert field_words(["a_field_of_tomorrow"]) == "a field of tomorrow"  # one the console does not know yet


def test_the_worklists_headers_and_samples_fit_their_columns_in_spanish(qtbot: QtBot, spanish: None) -> None:
    from PySide6.QtCore import Qt

    from hsconsole.domain.slots import SETTER_CLOCK
    from hsconsole.ui.language import day_locale, day_words
    from hsconsole.ui.worklist import WorklistPanel
    from hsconsole.ui.worklist_model import COL_DETAIL, column_samples

    SETTER_CLOCK.use_days(day_words(day_locale()))  # as the window sets them for a Spanish setter
    try:
        panel = WorklistPanel(cast(Any, None), "Asia/Manila")
        qtbot.addWidget(panel)
        table, header = panel.table, panel.table.horizontalHeader()
        samples = column_samples()
        assert samples[0].startswith("mié, 30 de sep")  # the setter's days, in Spanish
        for column, sample in enumerate(samples):
            if column == COL_DETAIL:
                continue
            title = str(panel.model.headerData(column, Qt.Orientation.Horizontal))
            assert table.columnWidth(column) > header.fontMetrics().horizontalAdvance(title), title
            assert table.columnWidth(column) > table.fontMetrics().horizontalAdvance(sample), sample
    finally:
        SETTER_CLOCK.use_days(None)


def test_the_activity_logs_headers_fit_their_columns_in_spanish(qtbot: QtBot, spanish: None) -> None:
    from PySide6.QtCore import Qt

    from hsconsole.services.audit import AuditLog
    from hsconsole.ui.audit_window import AuditWindow

    window = AuditWindow(AuditLog(":memory:", actor="dana"), setter_zone="Asia/Manila")
    qtbot.addWidget(window)
    table, header = window.table, window.table.horizontalHeader()
    first = str(table.model().headerData(0, Qt.Orientation.Horizontal))
    assert first == "Cuándo (hora de Manila)"
    for column in range(table.model().columnCount() - 1):  # the last stretches over the room left
        title = str(table.model().headerData(column, Qt.Orientation.Horizontal))
        assert table.columnWidth(column) > header.fontMetrics().horizontalAdvance(title), title
    window.close()


TYPOS = ("jane", "jane@", "@example.com", "jane@example", "jane..doe@example.com", "jane.@example.com", "ja ne@x.com")
"""Addresses as a setter mistypes them on the phone."""


def test_the_email_rules_words_for_a_typo_are_ones_the_console_translates(qapp: QApplication) -> None:
    from email_validator import EmailNotValidError, validate_email

    from hsconsole.domain.checks import EMAIL_WORDS

    for typed in TYPOS[:-1]:
        with pytest.raises(EmailNotValidError) as said:
            validate_email(typed, check_deliverability=False)
        assert str(said.value) in EMAIL_WORDS, str(said.value)  # the rules' words changed: add the new ones
    install_translations("es")
    try:
        for typed in TYPOS:
            problem = email_problem(typed)
            assert problem.startswith("No es una dirección de correo: ") and "@-sign" not in problem, problem
    finally:
        remove_translations()
