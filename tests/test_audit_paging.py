"""The activity log read a page at a time, counted, filtered and written in batches, by the store and the window."""

from __future__ import annotations

import csv
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from hsconsole.store.audit import AuditEntry, AuditLog
from hsconsole.store.logfiles import REDACTOR
from hsconsole.ui.audit_window import PAGE_SIZE, AuditWindow
from tests.test_audit import format_1_file, old_line

T0 = datetime(2025, 3, 1, 15, 0, tzinfo=UTC)
ACTIONS = ("lookup", "save", "book", "cancel")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "audit.sqlite3"


@pytest.fixture
def audit(path: Path) -> Iterator[AuditLog]:
    log = AuditLog(path, actor="dana")
    yield log
    log.close()


def many(n: int, *, start: datetime = T0) -> list[dict[str, Any]]:
    """``n`` lines, a minute apart except every fifth, which shares its time with the line before it."""
    return [
        {
            "profile": "Acme",
            "action": ACTIONS[k % len(ACTIONS)],
            "phone": f"+1801555{k % 37:04d}",
            "name": f"Caller {k}",
            "message": "José was here" if k % 11 == 0 else "",
            "at": start + timedelta(minutes=k - (1 if k % 5 == 0 and k else 0)),
            "actor": "sam" if k % 3 else "dana",
        }
        for k in range(n)
    ]


def walk(audit: AuditLog, size: int, **filters: Any) -> list[AuditEntry]:
    """Every entry the filters find, read ``size`` at a time from where the last page ended."""
    seen: list[AuditEntry] = []
    while True:
        page = audit.entries(after=seen[-1] if seen else None, limit=size, **filters)
        seen += page
        if len(page) < size:
            return seen


# ---------------------------------------------------------------- writing many


def test_many_lines_are_written_at_once_in_order(audit: AuditLog) -> None:
    heard: list[str] = []
    audit.on_record.append(heard.append)
    lines = many(40)
    assert audit.record_many(lines) == 40
    assert audit.record_many([]) == 0
    newest_first = audit.entries(limit=100)
    assert [e.name for e in newest_first] == [e.name for e in sorted(newest_first, key=lambda e: (e.at, e.id))][::-1]
    assert {e.name for e in newest_first} == {line["name"] for line in lines}
    assert newest_first[0].actor in ("dana", "sam")
    assert sorted(heard) == sorted({line["phone"] for line in lines})  # each phone once
    single = audit.record(profile="Acme", action="lookup", phone="+18015550001", at=T0 + timedelta(days=1))
    assert single == max(e.id for e in audit.entries(limit=100))


def test_a_batch_is_redacted_like_one_line(audit: AuditLog, path: Path) -> None:
    token = "Qm" + secrets.token_urlsafe(40)
    REDACTOR.register(token)
    lines: list[dict[str, Any]] = [
        {
            "profile": "Acme",
            "action": "new_lead",
            "phone": "+18015550000",
            "name": "New Caller",
            "changes": {"notes": f"read out {token}", "oneTimeToken": "plain-under-a-secret-key", "n": [token]},
            "result": "failed",
            "message": f"401 with x-hs-token: {token} and hs_live_0123456789abcdefXYZ",
            "at": T0 + timedelta(seconds=k),
        }
        for k in range(3)
    ]
    audit.record_many(lines)
    audit.record(**lines[0])
    entries = audit.entries()
    assert len(entries) == 4
    for entry in entries:
        assert entry.changes == {"notes": "read out <redacted>", "oneTimeToken": "<redacted>", "n": ["<redacted>"]}
        assert entry.message == "401 with x-hs-token: <redacted> and <redacted>"
    assert audit.entries(text=token[:20]) == []  # nor in the folded copy the filter reads
    audit.close()
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir())
    for secret in (token, token.casefold(), "plain-under-a-secret-key", "hs_live_0123456789"):
        assert secret.encode() not in raw


def test_a_wrong_line_stores_none_of_the_batch(audit: AuditLog) -> None:
    lines = many(5)
    lines[3] = {**lines[3], "result": "maybe"}
    with pytest.raises(ValueError, match="line 4: result must be one of"):
        audit.record_many(lines)
    with pytest.raises(ValueError, match=r"line 1: .*colour"):
        audit.record_many([{**many(1)[0], "colour": "red"}])
    with pytest.raises(ValueError, match="line 1: at must be an aware datetime"):
        audit.record_many([{**many(1)[0], "at": datetime(2025, 1, 1)}])
    assert audit.entries() == []


# ---------------------------------------------------------------- pages and counts


@pytest.mark.parametrize("size", [1, 7, 50, 200])
def test_pages_read_every_line_once_newest_first(audit: AuditLog, size: int) -> None:
    audit.record_many(many(120))
    whole = audit.entries(limit=1000)
    assert len(whole) == 120
    assert [(e.at, e.id) for e in whole] == sorted(((e.at, e.id) for e in whole), reverse=True)
    assert walk(audit, size) == whole  # ties in time are ordered by id, across the pages' edges too


def test_pages_keep_to_the_filters(audit: AuditLog) -> None:
    audit.record_many(many(150))
    filter_sets: list[dict[str, Any]] = [
        {"action": "save"},
        {"text": "CALLER 1"},
        {"text": "(801) 555-0005"},
        {"text": "josé"},
    ]
    for filters in filter_sets:
        whole = audit.entries(limit=1000, **filters)
        assert whole and walk(audit, 4, **filters) == whole, filters
        assert audit.count(**filters) == len(whole)
        assert audit.count(cap=3, **filters) == min(3, len(whole))
    assert {e.action for e in audit.entries(action="save", limit=1000)} == {"save"}
    assert all("caller 1" in e.name.casefold() for e in audit.entries(text="CALLER 1", limit=1000))
    number = audit.entries(text="(801) 555-0005", limit=1000)  # read in the table's order, then sorted
    assert {e.phone for e in number} == {"+18015550005"} and len(number) == 4
    assert [(e.at, e.id) for e in number] == sorted(((e.at, e.id) for e in number), reverse=True)
    assert number == [e for e in audit.entries(limit=1000) if e.phone == "+18015550005"]
    assert audit.count() == 150 and audit.count(cap=10) == 10 and audit.count(text="nobody at all") == 0


def test_the_filter_folds_case_in_any_language(audit: AuditLog) -> None:
    audit.record(profile="Acme", action="save", phone="+16025550142", name="JOSÉ RAMÍREZ", at=T0)
    audit.record(profile="Acme", action="save", phone="+16025550143", name="Straße", at=T0)
    assert [e.name for e in audit.entries(text="josé ramírez")] == ["JOSÉ RAMÍREZ"]
    assert [e.name for e in audit.entries(text="STRASSE")] == ["Straße"]
    assert audit.entries(text="ramírez\x1fjosé") == []  # the folded texts of a line never run into each other


def test_lines_from_before_the_folded_column_are_found_and_paged_with_new_ones(path: Path) -> None:
    format_1_file(path, [old_line(n, phone="+18015551234" if n % 2 else "+16025550142") for n in range(6)])
    with AuditLog(path, actor="dana") as audit:
        audit.record_many(many(10, start=T0 + timedelta(days=1)))
        audit.record(profile="Acme", action="book", phone="+18015551234", name="Jane Doe", at=T0 + timedelta(days=2))
        jane = audit.entries(text="JANE", limit=100)
        assert len(jane) == 7 and jane[0].action == "book"  # the new line, then the six old ones
        assert walk(audit, 2, text="jane") == jane
        assert audit.count(text="jane") == 7
        assert [e.message for e in audit.entries(text="(801) 555-1234", limit=100)][1:] == [
            "line 5",
            "line 3",
            "line 1",
        ]
        assert audit.actions() == ["book", "cancel", "lookup", "save"]


def test_lines_kept_in_memory_are_paged_and_counted_with_the_files(audit: AuditLog) -> None:
    audit.record_many(many(6))
    audit._backlog.extend(audit._row(**line) for line in many(4, start=T0 + timedelta(hours=1)))  # as a refusal does
    assert audit.count() == 10
    whole = audit.entries(limit=100)
    assert len(whole) == 10 and [e.id < 0 for e in whole[:4]] == [True] * 4
    assert walk(audit, 3) == whole
    assert audit.count(text="caller 2") == 2


def test_the_window_reads_come_from_indexes(path: Path) -> None:
    with AuditLog(path, actor="dana") as audit:
        audit.record_many(many(30))
        assert audit._db is not None

        def plan(sql: str, *params: Any) -> str:
            assert audit._db is not None
            return " ".join(str(row[3]) for row in audit._db.execute("EXPLAIN QUERY PLAN " + sql, params))

        at = T0.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        page = plan(
            "SELECT id FROM audit WHERE at <= ? AND (at < ? OR id < ?) ORDER BY at DESC, id DESC LIMIT 9", at, at, 5
        )
        assert "audit_at" in page and "TEMP B-TREE" not in page, page
        action = plan("SELECT id FROM audit WHERE action = ? ORDER BY at DESC, id DESC LIMIT 9", "save")
        assert "audit_action_at" in action and "TEMP B-TREE" not in action, action
        assert "audit_action_at" in plan("SELECT MIN(action) FROM audit WHERE action > ?", "")


def test_an_older_file_gains_the_folded_column_without_rewriting_its_lines(path: Path) -> None:
    format_1_file(path, [old_line(0)])
    with AuditLog(path) as audit:
        audit.record(profile="Acme", action="save", phone="+18015551234", name="Jane Doe", at=T0)
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT message, search FROM audit ORDER BY id").fetchall()
    finally:
        db.close()
    assert rows[0] == ("line 0", None)  # an old line is folded when it is read, never rewritten at start-up
    assert rows[1][1] is not None and "jane doe" in rows[1][1]


# ---------------------------------------------------------------- the window's model


@pytest.fixture
def window(qtbot: QtBot, audit: AuditLog) -> Iterator[AuditWindow]:
    audit.record_many(many(530))
    win = AuditWindow(audit, setter_zone="America/Denver")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def names(win: AuditWindow) -> list[str]:
    return [e.name for e in win.model.entries()]


def test_the_table_reads_a_page_and_the_next_as_it_is_scrolled(qtbot: QtBot, window: AuditWindow) -> None:
    everything = [e.name for e in window.audit.entries(limit=1000)]
    assert window.model.rowCount() == PAGE_SIZE and window.model.canFetchMore()
    assert names(window) == everything[:PAGE_SIZE]
    assert window.status_label.text() == "530 entries"
    window.table.scrollToBottom()  # the view asks the model for more when its end comes into view
    qtbot.waitUntil(lambda: window.model.rowCount() > PAGE_SIZE, timeout=2000)
    while window.model.canFetchMore():
        window.model.fetchMore()
    assert names(window) == everything  # each line once, in order, over the pages' edges
    assert window.model.index(529, 4).data() == everything[529]


def test_a_filter_reads_its_first_page_and_counts_its_matches(
    qtbot: QtBot, window: AuditWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.filter_input.setText("(801) 555-0005")
    window.reload()
    jane = [e.name for e in window.audit.entries(phones={"+18015550005"}, limit=1000)]
    assert names(window) == jane and window.status_label.text() == f"{len(jane)} matching entries"
    window.filter_input.setText("caller")  # all 530, a page of them read
    window.reload()
    assert window.model.rowCount() == PAGE_SIZE and window.status_label.text() == "530 matching entries"
    monkeypatch.setattr("hsconsole.ui.audit_window.COUNT_CAP", 300)
    window.reload()
    assert window.status_label.text() == "More than 300 matching entries"
    window.action_combo.setCurrentIndex(window.action_combo.findData("book"))
    assert {e.action for e in window.model.entries()} == {"book"} and window.model.rowCount() < PAGE_SIZE
    window.filter_input.setText("nobody at all")
    window.reload()
    assert window.model.rowCount() == 0 and not window.model.canFetchMore()
    assert window.status_label.text() == "No entries match"


def test_export_writes_every_match_not_only_the_page_read(window: AuditWindow, tmp_path: Path) -> None:
    target = tmp_path / "all.csv"
    window.choose_export_path = lambda: target  # type: ignore[method-assign]
    window.filter_input.setText("caller 1")
    window.reload()
    matches = window.audit.count(text="caller 1")
    assert matches > 100
    assert window.export_csv() == matches
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["name"] for row in rows] == [e.name for e in window.audit.entries(text="caller 1", limit=1000)]


def test_a_page_that_cannot_be_read_is_said_and_no_more_are_asked_for(window: AuditWindow) -> None:
    window.audit.close()
    window.model.fetchMore()
    assert "closed" in window.status_label.text()
    assert window.model.rowCount() == PAGE_SIZE and not window.model.canFetchMore()


def test_opening_the_window_reads_the_log_once(qtbot: QtBot, audit: AuditLog, monkeypatch: pytest.MonkeyPatch) -> None:
    audit.record_many(many(10))
    reads: list[str] = []
    real = audit.entries

    def counted(**kwargs: Any) -> list[AuditEntry]:
        reads.append("entries")
        return real(**kwargs)

    monkeypatch.setattr(audit, "entries", counted)
    win = AuditWindow(audit, setter_zone="America/Denver")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert reads == ["entries"]
    win.close()
    audit.record(profile="Acme", action="save", phone="+18015550001", name="Later", at=T0 + timedelta(days=9))
    win.show()  # opened again: what was recorded meanwhile shows
    assert len(reads) == 2 and names(win)[0] == "Later"
    win.close()
