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
    log = AuditLog(path)
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
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 5
    by_action = {row[2]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    save = by_action["save"]
    assert save == {
        "time": "2024-11-23T17:16:00+00:00",
        "profile": "Acme",
        "action": "save",
        "phone": "+16025550142",
        "name": "José Ramírez",
        "changes": "email=jose@example.com; doNotCall=true",
        "result": "queued",
        "message": "HeavySet did not answer; waiting in the outbox",
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
    audit = AuditLog(":memory:")
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
    assert [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Time",
        "Action",
        "Phone",
        "Name",
        "Changes",
        "Result",
        "Message",
    ]
    first = [cell(window, 0, c) for c in range(7)]
    assert first[1:] == [
        "Book",
        "(801) 555-1234",
        "Jane Doe",
        "blockId=b-42",
        "OK",
        "Booked Sat Nov 23, 10:00 AM",
    ]
    assert first[0] == format_local_time(T0 + timedelta(minutes=2), ZoneInfo("America/Denver"))
    assert re.match(r"^Nov 23(, 2024)? 10:17 AM$", first[0])
    assert cell(window, 1, 5) == "Queued"
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
    assert cell(window, 0, 3) == "José Ramírez"
    assert window.status_label.text() == "1 matching entry"
    window.filter_input.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=2000)


def test_action_filter_and_refresh(qtbot: QtBot, window: AuditWindow) -> None:
    window.action_combo.setCurrentIndex(window.action_combo.findData("lookup"))
    assert window.model.rowCount() == 1
    assert cell(window, 0, 1) == "Look-up"
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
