"""The audit log (sqlite) and the activity log window that browses it."""

from __future__ import annotations

import csv
import re
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hsconsole.store.audit import (
    CSV_COLUMNS,
    SCHEMA_VERSION,
    AuditEntry,
    AuditLog,
    AuditLogError,
    data_dir,
    default_audit_path,
    format_changes,
)
from hsconsole.store.logfiles import REDACTOR
from hsconsole.ui.audit_window import AuditWindow, format_local_time
from tests.helpers import tooltips_missing_text

T0 = datetime(2024, 11, 23, 17, 15, tzinfo=UTC)  # 10:15 AM in Denver


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "audit.sqlite3"


@pytest.fixture
def audit(path: Path) -> Iterator[AuditLog]:
    log = AuditLog(path, actor="dana")
    yield log
    log.close()


def fill(audit: AuditLog) -> list[int]:
    """Three actions a minute apart, recorded out of order."""
    return [
        audit.record(
            profile="Acme",
            action="book",
            phone="+18015551234",
            name="Jane Doe",
            changes={"blockId": "b-42"},
            message="Booked Sat Nov 23, 10:00 AM",
            at=T0 + timedelta(minutes=2),
        ),
        audit.record(
            profile="Acme",
            action="lookup",
            phone="+18015551234",
            name="Jane Doe",
            at=T0,
        ),
        audit.record(
            profile="Acme",
            action="save",
            phone="+16025550142",
            name="José Ramírez",
            changes={"email": "jose@example.com", "doNotCall": True},
            result="queued",
            message="HeavySet did not answer; waiting in the outbox",
            at=T0 + timedelta(minutes=1),
        ),
    ]


# ---------------------------------------------------------------- recording and reading


def test_record_and_read_back_newest_first(audit: AuditLog) -> None:
    book, lookup, save = fill(audit)
    entries = audit.entries()
    assert [e.id for e in entries] == [book, save, lookup]
    first = entries[0]
    assert first == AuditEntry(
        id=book,
        at=T0 + timedelta(minutes=2),
        profile="Acme",
        action="book",
        phone="+18015551234",
        name="Jane Doe",
        changes={"blockId": "b-42"},
        result="ok",
        message="Booked Sat Nov 23, 10:00 AM",
        actor="dana",
    )
    assert first.at.tzinfo is UTC
    assert entries[1].changes == {"email": "jose@example.com", "doNotCall": True}
    assert audit.actions() == ["book", "lookup", "save"]
    assert len(audit.entries(limit=2)) == 2


def test_default_time_is_now_in_utc(audit: AuditLog) -> None:
    before = datetime.now(UTC)
    audit.record(profile="p", action="lookup", phone="+18015551234")
    (entry,) = audit.entries()
    assert before - timedelta(seconds=1) <= entry.at <= datetime.now(UTC)
    assert entry.at.utcoffset() == timedelta(0)
    assert (entry.name, entry.changes, entry.result, entry.message) == ("", {}, "ok", "")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("jane", ["Jane Doe", "Jane Doe"]),
        ("JOSÉ", ["José Ramírez"]),  # case-insensitive beyond ASCII
        ("(602) 555-0142", ["José Ramírez"]),  # a phone in any format, by its digits
        ("+1801", ["Jane Doe", "Jane Doe"]),
        ("outbox", ["José Ramírez"]),  # the message
        ("example.com", ["José Ramírez"]),  # the changes
        ("b-42", ["Jane Doe"]),
        ("100%", []),  # no LIKE wildcards
        ("nobody", []),
    ],
)
def test_filter_by_text(audit: AuditLog, text: str, names: list[str]) -> None:
    fill(audit)
    assert [e.name for e in audit.entries(text=text)] == names


def test_filter_by_action_time_and_profile(audit: AuditLog) -> None:
    fill(audit)
    audit.record(profile="Other", action="book", phone="+18135550111", at=T0 - timedelta(days=1))
    assert [e.phone for e in audit.entries(action="book")] == ["+18015551234", "+18135550111"]
    assert [e.action for e in audit.entries(since=T0)] == ["book", "save", "lookup"]
    assert [e.action for e in audit.entries(since=T0, until=T0 + timedelta(minutes=2))] == ["save", "lookup"]
    denver = ZoneInfo("America/Denver")
    assert len(audit.entries(since=T0.astimezone(denver) + timedelta(seconds=30))) == 2  # any aware zone
    assert [e.profile for e in audit.entries(profile="Other")] == ["Other"]
    assert audit.entries(action="book", text="jane", since=T0) != []
    with pytest.raises(ValueError, match="aware"):
        audit.entries(since=datetime(2024, 1, 1))


def test_arguments_are_checked(audit: AuditLog) -> None:
    with pytest.raises(ValueError, match="result"):
        audit.record(profile="p", action="book", phone="+1", result="maybe")
    with pytest.raises(ValueError, match="action"):
        audit.record(profile="p", action="Drop Table", phone="+1")
    with pytest.raises(ValueError, match="aware"):
        audit.record(profile="p", action="book", phone="+1", at=datetime(2024, 1, 1))
    assert audit.entries() == []


# ---------------------------------------------------------------- secrets


def test_secrets_never_reach_the_file(audit: AuditLog, path: Path) -> None:
    token = "Zk" + secrets.token_urlsafe(40)
    REDACTOR.register(token)
    audit.record(
        profile="Acme",
        action="new_lead",
        phone="+18015550000",
        name="New Caller",
        changes={
            "firstName": "New",
            "notes": f"caller read out {token}",
            "oneTimeToken": "plain-value-under-a-secret-key",
            "nested": {"apiKey": "k-123", "list": [token, "ok"]},
            "x-hs-token": None,
        },
        result="failed",
        message=f"401 with x-hs-token: {token} and hs_live_0123456789abcdefXYZ",
    )
    (entry,) = audit.entries()
    assert entry.changes == {
        "firstName": "New",
        "notes": "caller read out <redacted>",
        "oneTimeToken": "<redacted>",
        "nested": {"apiKey": "<redacted>", "list": ["<redacted>", "ok"]},
        "x-hs-token": None,
    }
    assert entry.message == "401 with x-hs-token: <redacted> and <redacted>"
    audit.close()
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir())
    for secret in (token, "plain-value-under-a-secret-key", "k-123", "hs_live_0123456789"):
        assert secret.encode() not in raw


# ---------------------------------------------------------------- the file


def test_entries_survive_reopening_and_the_schema_is_versioned(path: Path) -> None:
    with AuditLog(path) as first:
        ids = fill(first)
    with AuditLog(path) as second:
        assert sorted(e.id for e in second.entries()) == sorted(ids)
        next_id = second.record(profile="Acme", action="cancel", phone="+18015551234", message="Homeowner called")
        assert next_id > max(ids)
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_a_newer_file_is_left_alone(path: Path) -> None:
    AuditLog(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(AuditLogError, match="newer") as caught:
        AuditLog(path)
    assert caught.value.newer


def test_a_damaged_file_is_set_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    with AuditLog(path) as audit:
        assert audit.recovery is not None
        assert "damaged" in audit.recovery and "nothing in the old one could be read" in audit.recovery
        assert audit.problem is None
        audit.record(profile="p", action="lookup", phone="+18015551234")
        assert len(audit.entries()) == 1
    assert any(re.fullmatch(r"audit\.sqlite3\.damaged-\d{4}-\d\d-\d\dT\d{4}", p.name) for p in path.parent.iterdir())


FORMAT_1 = (
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        profile TEXT NOT NULL,
        action TEXT NOT NULL,
        phone TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        changes TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX audit_at ON audit (at)",
    "CREATE INDEX audit_phone ON audit (phone)",
)
"""The activity log's format 1, as the console wrote it before lines said who: written here as SQL, so the test
stays a file of that format whatever the code becomes."""


def format_1_file(path: Path, lines: list[tuple[str, ...]]) -> None:
    """An activity log of format 1 holding ``lines`` (at, profile, action, phone, name, changes, result, message)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    for statement in FORMAT_1:
        db.execute(statement)
    db.executemany(
        "INSERT INTO audit (at, profile, action, phone, name, changes, result, message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        lines,
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def old_line(n: int, phone: str = "+18015551234", action: str = "lookup") -> tuple[str, ...]:
    at = (T0 + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    return (at, "Acme", action, phone, "Jane Doe", '{"city": "Golden"}', "ok", f"line {n}")


def test_a_format_1_file_keeps_its_lines_and_gains_who_did_them(path: Path) -> None:
    format_1_file(path, [old_line(0), old_line(1, action="save"), old_line(2, "+16025550142", "book")])
    with AuditLog(path, actor="dana") as audit:
        old = audit.entries()
        assert [(e.action, e.phone, e.message, e.actor) for e in old] == [
            ("book", "+16025550142", "line 2", ""),  # before who was kept: unknown
            ("save", "+18015551234", "line 1", ""),
            ("lookup", "+18015551234", "line 0", ""),
        ]
        assert old[1].changes == {"city": "Golden"} and old[1].name == "Jane Doe" and old[1].profile == "Acme"
        audit.record(profile="Acme", action="cancel", phone="+18015551234", message="moved away")
        assert [(e.action, e.actor) for e in audit.entries(phones={"+18015551234"})] == [
            ("cancel", "dana"),
            ("save", ""),
            ("lookup", ""),
        ]
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        columns = [row[1] for row in db.execute("PRAGMA table_info(audit)")]
        assert "actor" in columns and "search" in columns
        indexes = {row[1] for row in db.execute("PRAGMA index_list(audit)")}
        assert {"audit_phone_at", "audit_action_at"} <= indexes and "audit_phone" not in indexes
    finally:
        db.close()
    with AuditLog(path, actor="lee") as again:  # opened again: nothing migrates twice, who stays who it was
        assert [e.actor for e in again.entries()] == ["dana", "", "", ""]


def test_a_damaged_format_1_file_keeps_the_lines_that_read_with_who_unknown(path: Path) -> None:
    format_1_file(path, [old_line(n, f"+1801555{n:04d}") for n in range(400)])
    db = sqlite3.connect(path)
    size, pages = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_size", "page_count"))
    db.close()
    data = bytearray(path.read_bytes())
    data[(pages // 2 - 1) * size : (pages // 2) * size] = b"\x5a" * size
    path.write_bytes(bytes(data))
    with AuditLog(path, actor="dana") as audit:
        assert audit.recovery is not None
        lines = audit.entries(limit=1000)
        assert 300 < len(lines) < 400
        assert all(line.actor == "" and line.message == f"line {int(line.phone[-4:])}" for line in lines)


def test_who_is_the_account_signed_in_at_this_desk(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    from hsconsole.store.audit import desk_user

    monkeypatch.setattr(getpass, "getuser", lambda: "  jdoe ")
    assert desk_user() == "jdoe"
    with AuditLog(":memory:") as audit:
        assert audit.actor == "jdoe"
        audit.record(profile="p", action="lookup", phone="+18015551234")
        audit.record(profile="p", action="lookup", phone="+18015551234", actor="kim")  # told who
        assert [e.actor for e in audit.entries()] == ["kim", "jdoe"]

    def no_account() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_account)
    assert desk_user() == ""
    with AuditLog(":memory:") as audit:  # the console still records: who is unknown
        audit.record(profile="p", action="lookup", phone="+18015551234")
        assert audit.entries()[0].actor == ""


def test_one_callers_lines_newest_first_and_only_theirs(audit: AuditLog) -> None:
    fill(audit)
    audit.record(profile="Other", action="lookup", phone="+18015551234", at=T0 + timedelta(minutes=5))
    audit.record(profile="Acme", action="save", phone="8015551234", at=T0 + timedelta(minutes=6))  # as a CRM wrote it
    jane = audit.entries(phones={"+18015551234", "8015551234"}, profile="Acme")
    assert [(e.action, e.phone) for e in jane] == [
        ("save", "8015551234"),
        ("book", "+18015551234"),
        ("lookup", "+18015551234"),
    ]
    assert [e.action for e in audit.entries(phones={"+18015551234"})] == ["lookup", "book", "lookup"]
    assert len(audit.entries(phones={"+18015551234"}, limit=2)) == 2
    assert audit.entries(phones=set()) == []
    assert audit.entries(phones={"+1801555"}) == []  # exact, not a part of a number
    assert [e.action for e in audit.entries(text="DAN")] == ["save", "lookup", "book", "save", "lookup"]  # who


def test_a_year_of_lines_reads_one_caller_by_the_index(path: Path) -> None:
    import time

    with AuditLog(path, actor="dana") as audit:
        assert audit._db is not None
        rows = [
            (
                (T0 + timedelta(seconds=150 * n)).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                "Acme",
                "lookup",
                "+18015550000" if n % 10 == 0 else f"+1801555{n % 9973:04d}",  # one number in every tenth line
                "",
                "{}",
                "ok",
                "",
                "dana",
            )
            for n in range(200_000)
        ]
        audit._db.executemany(
            "INSERT INTO audit (at, profile, action, phone, name, changes, result, message, actor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        plan = " ".join(
            str(row[3])
            for row in audit._db.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM audit WHERE profile = ? AND phone IN (?) "
                "ORDER BY at DESC, id DESC LIMIT 51",
                ("Acme", "+18015550000"),
            )
        )
        assert "USING INDEX audit_phone_at" in plan and "TEMP B-TREE" not in plan, plan
        started = time.perf_counter()
        lines = audit.entries(phones={"+18015550000", "8015550000"}, profile="Acme", limit=51)
        took = time.perf_counter() - started
        assert len(lines) == 51 and lines[0].at == T0 + timedelta(seconds=150 * 199_990)
        assert took < 0.25, took  # ≈ 1 ms; a scan of the 20,000 lines of that number took ≈ 40 ms


def test_listeners_hear_of_each_line_and_a_failing_one_fails_nothing(audit: AuditLog) -> None:
    heard: list[str] = []

    def broken(_phone: str) -> None:
        raise RuntimeError("a listener's defect")

    audit.on_record += [heard.append, broken]
    audit.record(profile="Acme", action="lookup", phone=" +18015551234 ")
    audit.record(profile="Acme", action="book", phone="+16025550142")
    assert heard == ["+18015551234", "+16025550142"]
    assert len(audit.entries()) == 2


def test_closed_log_says_so(tmp_path: Path) -> None:
    audit = AuditLog(":memory:")
    audit.record(profile="p", action="lookup", phone="+18015551234")
    assert len(audit.entries()) == 1
    audit.close()
    audit.close()
    with pytest.raises(AuditLogError, match="closed"):
        audit.entries()
    assert not list(tmp_path.iterdir())  # :memory: wrote nothing


def test_paths_follow_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    assert default_audit_path() == tmp_path / "audit.sqlite3"
    monkeypatch.delenv("HSCONSOLE_DATA_DIR")
    assert "hsconsole" in str(data_dir())


# ---------------------------------------------------------------- CSV


def test_export_csv(audit: AuditLog, tmp_path: Path) -> None:
    fill(audit)
    audit.record(profile="Acme", action="new_lead", phone="+18135550111", name='=HYPERLINK("x")', at=T0)
    target = tmp_path / "activity.csv"
    written = audit.export_csv(target, audit.entries())
    assert written == 4
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS and rows[0][0] == "time_utc"  # whatever the setter's zone
    assert len(rows) == 5
    by_action = {row[2]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    save = by_action["save"]
    assert save == {
        "time_utc": "2024-11-23T17:16:00+00:00",
        "profile": "Acme",
        "action": "save",
        "phone": "+16025550142",
        "name": "José Ramírez",
        "changes": "email=jose@example.com; doNotCall=true",
        "result": "queued",
        "message": "HeavySet did not answer; waiting in the outbox",
        "by": "dana",
    }
    assert by_action["new_lead"]["name"] == '\'=HYPERLINK("x")'  # never a formula in Excel
    assert not list(tmp_path.glob(".*tmp"))
    assert audit.export_csv(tmp_path / "empty.csv", []) == 0


def test_format_changes() -> None:
    assert format_changes({}) == ""
    assert format_changes({"a": "x y", "b": None, "c": [1, "z"], "d": False}) == 'a=x y; b=null; c=[1, "z"]; d=false'


# ---------------------------------------------------------------- the window


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[AuditWindow]:
    audit = AuditLog(":memory:", actor="dana")
    fill(audit)
    win = AuditWindow(audit, setter_zone="America/Denver")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    audit.close()


def cell(win: AuditWindow, row: int, column: int) -> str:
    return str(win.model.index(row, column).data())


def test_window_shows_entries(window: AuditWindow) -> None:
    assert window.windowTitle() == "Activity log"
    assert not window.isModal()
    assert window.model.rowCount() == 3
    assert [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "When (Denver time)",  # whose times they are
        "By",
        "Action",
        "Phone",
        "Name",
        "Changes",
        "Result",
        "Message",
    ]
    first = [cell(window, 0, c) for c in range(8)]
    assert first[1:] == [
        "dana",
        "Book",
        "(801) 555-1234",
        "Jane Doe",
        "blockId=b-42",
        "OK",
        "Booked Sat Nov 23, 10:00 AM",
    ]
    assert first[0] == format_local_time(T0 + timedelta(minutes=2), ZoneInfo("America/Denver"))
    assert re.match(r"^Nov 23(, 2024)? 10:17 AM$", first[0])
    assert cell(window, 1, 6) == "Queued"
    assert window.status_label.text() == "3 entries"
    combo = [window.action_combo.itemText(i) for i in range(window.action_combo.count())]
    assert combo == ["All actions", "Book", "Look-up", "Save"]


def test_every_cell_and_header_says_its_whole_text_in_its_tooltip(window: AuditWindow) -> None:
    """A column narrowed by the setter cuts its cells with "…"; the tooltip still says them whole."""
    assert window.model.rowCount() == 3
    assert tooltips_missing_text(window.model) == []
    time_tip = window.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert time_tip.startswith(cell(window, 0, 0) + " (") and "profile " in time_tip
    window.table.setColumnWidth(4, 30)
    assert window.table.textElideMode() == Qt.TextElideMode.ElideRight  # cut with "…", never silently


def test_who_did_each_line_shows_and_exports_and_an_old_line_says_it_is_not_known(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    format_1_file(path, [old_line(0)])
    audit = AuditLog(path, actor="dana")
    audit.record(profile="Acme", action="book", phone="+18015551234", name="Jane Doe", at=T0 + timedelta(minutes=3))
    win = AuditWindow(audit, setter_zone="America/Denver")
    qtbot.addWidget(win)
    try:
        assert [cell(win, row, 1) for row in range(2)] == ["dana", "—"]
        assert "before" in str(win.model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole))
        win.filter_input.setText("dana")  # who is found as the rest is
        win.reload()
        assert win.model.rowCount() == 1 and cell(win, 0, 2) == "Book"
        win.filter_input.clear()
        win.reload()
        target = tmp_path / "who.csv"
        win.choose_export_path = lambda: target  # type: ignore[method-assign]
        assert win.export_csv() == 2
        with open(target, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [(row["action"], row["by"]) for row in rows] == [("book", "dana"), ("lookup", "")]
    finally:
        win.close()
        audit.close()


def test_the_window_opens_on_one_callers_lines(qtbot: QtBot, window: AuditWindow) -> None:
    window.action_combo.setCurrentIndex(window.action_combo.findData("save"))
    window.show_caller("+18015551234")
    assert window.filter_input.text() == "(801) 555-1234" and window.current_action() is None
    assert [cell(window, row, 2) for row in range(window.model.rowCount())] == ["Book", "Look-up"]
    assert window.status_label.text() == "2 matching entries"
    window.filter_input.clear()
    window.reload()
    assert window.model.rowCount() == 3


def test_local_time_format() -> None:
    denver = ZoneInfo("America/Denver")
    assert format_local_time(T0, denver, today=date(2024, 12, 1)) == "Nov 23 10:15 AM"
    assert format_local_time(T0, denver, today=date(2025, 1, 2)) == "Nov 23, 2024 10:15 AM"
    assert format_local_time(T0, ZoneInfo("Pacific/Honolulu"), today=date(2024, 1, 1)) == "Nov 23 7:15 AM"


def test_typing_filters_after_a_pause(qtbot: QtBot, window: AuditWindow) -> None:
    window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.filter_input.hasFocus)
    qtbot.keyClicks(window.filter_input, "JOS")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert cell(window, 0, 4) == "José Ramírez"
    assert window.status_label.text() == "1 matching entry"
    window.filter_input.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=2000)


def test_action_filter_and_refresh(qtbot: QtBot, window: AuditWindow) -> None:
    window.action_combo.setCurrentIndex(window.action_combo.findData("lookup"))
    assert window.model.rowCount() == 1
    assert cell(window, 0, 2) == "Look-up"
    window.audit.record(profile="Acme", action="disqualify", phone="+14045550177", changes={"reason": "Renter"})
    window.audit.record(profile="Acme", action="lookup", phone="+14045550177")
    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 2
    assert window.current_action() == "lookup"  # kept while the list of actions grew
    assert window.action_combo.findData("disqualify") > 0
    window.action_combo.setCurrentIndex(0)
    assert window.model.rowCount() == 5
    assert window.status_label.text() == "5 entries"


def test_export_writes_the_entries_shown(qtbot: QtBot, window: AuditWindow, tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    window.choose_export_path = lambda: target  # type: ignore[method-assign]
    window.action_combo.setCurrentIndex(window.action_combo.findData("book"))
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[2] for r in rows[1:]] == ["book"]
    assert window.status_label.text() == "Exported 1 entry to export.csv"


def test_export_cancelled_or_failing(window: AuditWindow, tmp_path: Path) -> None:
    window.choose_export_path = lambda: None  # type: ignore[method-assign]
    assert window.export_csv() is None
    window.choose_export_path = lambda: tmp_path / "missing" / "x.csv"  # type: ignore[method-assign]
    assert window.export_csv() is None
    assert window.status_label.text().startswith("Export failed")


def test_unreadable_log_is_said_in_words(window: AuditWindow) -> None:
    window.audit.close()
    window.reload()
    assert window.model.rowCount() == 0
    assert "closed" in window.status_label.text()


def test_window_accessibility(window: AuditWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    assert window.table.accessibleName()
    assert window.filter_input.accessibleName()
    assert window.action_combo.accessibleName()
    texts = [w.text() for w in window.findChildren(QAbstractButton) + window.findChildren(QLabel)]
    letters = [m.group(1).lower() for t in texts if (m := re.search(r"&([^&])", t.replace("&&", "")))]
    assert len(letters) == len(set(letters)) >= 5, letters
    source = Path(__file__).parent.parent.joinpath("hsconsole/ui/audit_window.py").read_text(encoding="utf-8")
    assert "setStyleSheet" not in source and "QColor" not in source


def test_an_unusable_folder_is_an_audit_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(AuditLogError, match="folder"):
        AuditLog(blocker / "audit.sqlite3")
