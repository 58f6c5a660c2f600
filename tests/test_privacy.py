"""Secrets and personal data stay private: a token a server echoes reaches no screen, file or stored error;
the console's folders are 0700 and its files 0600; the single-instance channel is the user's alone.

The echoing server is the simulator with forced answers whose error text quotes the request's token.
The tokens here have no shape the redactor recognises: only their registration, before the first
request, can keep them out.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import secrets
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hsconsole.app import parse_args
from hsconsole.controller import Controller
from hsconsole.services.errors import BadRequestError, NetworkError, Queued
from hsconsole.services.outbox import OutboxService
from hsconsole.services.setup import check_timezest, connectors_for, console_for
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.audit import AuditLog
from hsconsole.store.folders import private_dir, runtime_dir
from hsconsole.store.logfiles import REDACTED, REDACTOR, install_file_logging, redact, uninstall_file_logging
from hsconsole.store.outbox import OutboxStore
from hsconsole.store.secrets import KeychainSecrets
from hsconsole.store.settings import ApptotoSettings, Profile, Settings, SettingsStore, TimeZestSettings
from hsconsole.ui import single_instance
from hsconsole.ui.forms import show_message
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.messages import describe, field_errors
from hsconsole.ui.single_instance import InstanceServer, claim, hand_over, server_name
from tests.helpers import MemoryKeyring, api_requests, fast_transport
from tests.test_setup_wizard import make_controller

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="modes and Unix sockets are POSIX matters")
DENVER = DEMO_PHONES["denver_booked"]


def new_secret() -> str:
    """A token of no recognisable shape (the redactor knows it only once it is registered)."""
    secret = "Pv" + secrets.token_hex(24)
    assert redact(secret) == secret
    return secret


def loosen(path: Path, wanted: int) -> None:
    """What an older version, another program or the user left: modes wider than the console's."""
    os.chmod(path, wanted)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_holding(folders: list[Path], secret: str) -> list[str]:
    """Every file under ``folders`` whose bytes contain ``secret`` (sqlite's WAL and journal files too)."""
    needle = secret.encode()
    return [str(p) for folder in folders for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def screen_texts() -> list[str]:
    """Every text on screen: labels, fields, status bars, window titles, tooltips, table cells."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            texts += [widget.windowTitle(), widget.toolTip()]
            if isinstance(widget, QLabel | QLineEdit):
                texts.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QMainWindow):
                texts.append(widget.statusBar().currentMessage())
            elif isinstance(widget, QAbstractItemView) and isinstance(widget.model(), QAbstractItemModel):
                model, top_level = widget.model(), QModelIndex()
                columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top_level)
                for row in range(model.rowCount(top_level)):
                    for column in range(columns):
                        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                            value = model.data(model.index(row, column), role)
                            if isinstance(value, str):
                                texts.append(value)
    return texts


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """The console's three folders in ``tmp_path`` (not made yet), under the platform's usual umask 022.

    With 022 whatever is 0600 or 0700 afterwards was made so by the console, not by the test's umask.
    """
    made = {name: tmp_path / name for name in ("config", "data", "logs")}
    variables = {"config": "HSCONSOLE_CONFIG_DIR", "data": "HSCONSOLE_DATA_DIR", "logs": "HSCONSOLE_LOG_DIR"}
    for name, folder in made.items():
        monkeypatch.setenv(variables[name], str(folder))
    old = os.umask(0o022)
    yield made
    os.umask(old)
    uninstall_file_logging()


# ---------------------------------------------------------------- a session with a server that echoes the token


def echo(token: str, words: str) -> dict[str, Any]:
    """A HeavySet 400 whose message quotes the token (as a careless proxy or CRM might)."""
    return {"statusCode": 400, "message": [words.format(token=token)], "error": "Bad Request"}


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending <= 1, timeout=10000)  # the outbox's replayer runs on
    qtbot.wait(20)


def test_a_token_the_server_echoes_reaches_no_screen_file_stored_error_or_activity_row(
    qtbot: QtBot, tmp_path: Path, folders: dict[str, Path]
) -> None:
    token = new_secret()
    keychain = MemoryKeyring()
    KeychainSecrets(keychain).set("Echo", "s2s", token)
    with SimServer(token=token) as sim:
        controller: Controller = make_controller(tmp_path, keychain)
        assert controller.store.path == folders["config"] / "settings.json"
        controller.store.save(Settings(profiles=[Profile(name="Echo", origin=sim.url, tested=True)]))
        install_file_logging(directory=folders["logs"])
        run = asyncio.ensure_future(controller.run())
        try:
            qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
            echoing_session(qtbot, controller, sim, token, folders["data"])
        finally:
            if controller.window is not None:
                controller.window.confirm = lambda _t, _x: True
                controller.window.close()
            qtbot.waitUntil(run.done, timeout=10000)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert (folders["logs"] / "hsconsole.log").stat().st_size > 0
    assert files_holding(list(folders.values()), token) == []
    if os.name == "posix":
        assert {name: mode(folder) for name, folder in folders.items()} == dict.fromkeys(folders, 0o700)
        assert mode(folders["config"] / "settings.json") == 0o600
        assert mode(folders["logs"] / "hsconsole.log") == 0o600
        assert mode(folders["data"] / "outbox.sqlite3") == mode(folders["data"] / "audit.sqlite3") == 0o600


def echoing_session(qtbot: QtBot, controller: Controller, sim: SimServer, token: str, data: Path) -> None:
    """A lookup, a save and a queued save, each refused with the token in HeavySet's words; then the checks."""
    window: MainWindow = controller.window
    seen: list[str] = []  # every banner shown, in order
    window.banner.setText = lambda text, real=window.banner.setText: (seen.append(text), real(text))[1]  # type: ignore[method-assign]
    window.confirm = lambda _title, _text: True

    # a lookup the server refuses, quoting the token
    sim.state.force_malformed(
        "json", path="/phone/query", method="GET", status=400, times=2, body=echo(token, "phone {token} unknown")
    )
    window.search(DENVER)
    qtbot.waitUntil(lambda: any(f"phone {REDACTED} unknown" in text for text in seen), timeout=10000)
    wait_idle(qtbot, window)
    sim.state.clear_faults()

    # a save refused at once: the message names a field, so it shows under the field too
    window.search(DENVER)
    qtbot.waitUntil(lambda: window.caller.lead is not None, timeout=10000)
    wait_idle(qtbot, window)
    refusal = echo(token, "firstName may not be {token}")
    sim.state.force_malformed("json", path="/phone/update", status=400, body=refusal)
    window.editor.inputs["first_name"].setText("Janet")
    window.editor._edited()
    window.save()
    qtbot.waitUntil(lambda: REDACTED in window.editor.errors["first_name"].text(), timeout=10000)
    assert "Saving failed" in window.banner.text() and REDACTED in window.banner.text()

    # a save kept in the outbox while HeavySet fails, then refused on its replay
    window.editor.revert()
    sim.state.force("500", path="/phone/update", times=2)
    window.editor.inputs["city"].setText("Boulder")
    window.editor._edited()
    window.save()
    qtbot.waitUntil(lambda: any("waits in the outbox" in text for text in seen), timeout=10000)
    sim.state.clear_faults()
    sim.state.force_malformed("json", path="/phone/update", status=400, body=echo(token, "city {token} is closed"))
    window.console.outbox.network_back()
    # the caller is on screen: what was refused goes back in the fields, and the banner says why
    qtbot.waitUntil(lambda: any("refused a change to" in text for text in seen), timeout=15000)
    assert f"city {REDACTED} is closed" in window.banner.text()
    wait_idle(qtbot, window)
    sim.state.clear_faults()

    window.show_outbox()
    window.show_activity()
    qtbot.wait(50)
    shown = screen_texts()
    assert not [text for text in shown if token in text]
    assert not [text for text in seen if token in text]
    assert any(REDACTED in text for text in shown)

    assert controller.stores is not None and controller.stores.audit is not None
    outbox: OutboxStore = controller.stores.outbox
    statuses = ("pending", "done", "failed", "rejected", "discarded")
    errors = [e.last_error or "" for e in outbox.entries(statuses=statuses)]
    assert not [e for e in errors if token in e]
    assert f"firstName may not be {REDACTED}" in errors and f"city {REDACTED} is closed" in errors
    audit: AuditLog = controller.stores.audit
    rows = [f"{r.name} {r.changes} {r.message}" for r in audit.entries()]
    assert not [r for r in rows if token in r]
    assert any(f"phone {REDACTED} unknown" in r for r in rows)  # the activity log has the refusal, cut

    # while the databases are open, their WAL and shared-memory files are the user's alone too
    if os.name == "posix":
        for name in ("outbox.sqlite3", "audit.sqlite3"):
            for suffix in ("", "-wal", "-shm"):
                assert mode(data / (name + suffix)) == 0o600, name + suffix


def test_every_text_the_window_shows_has_secrets_cut_out(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each place on its own: setter words made from an error, and the banner, status bar and error lines."""
    token = new_secret()
    REDACTOR.register(token)
    refused = BadRequestError([f"firstName is not {token}"])
    assert describe(refused) == f"HeavySet refused the change: firstName is not {REDACTED}"
    assert describe(Queued(object(), NetworkError(f"proxy {token} down", sent=False))).startswith(  # type: ignore[arg-type]
        f"Not sent yet: proxy {REDACTED} down."
    )
    assert field_errors(refused) == {"first_name": f"firstName is not {REDACTED}"}
    window = MainWindow(setter_zone="America/Denver")
    qtbot.addWidget(window)
    window.show_banner(f"as the server said: {token}")
    window.status(f"as the server said: {token}")
    label = QLabel()
    show_message(label, f"⚠ {token}")
    assert window.banner.text() == window.statusBar().currentMessage() == f"as the server said: {REDACTED}"
    assert label.text() == f"⚠ {REDACTED}"
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    Controller(parse_args([])).inform("Keychain", f"the keychain said {token}")
    assert told == [f"the keychain said {REDACTED}"]


def test_a_secret_is_cut_out_in_any_letter_case() -> None:
    """Error codes made into words change case ("bad_token_Pv4…" → "Bad token pv4…")."""
    token = new_secret()
    REDACTOR.register(token)
    assert redact(f"Bad token {token.lower()}; {token.upper()}") == f"Bad token {REDACTED}; {REDACTED}"


def test_every_key_of_a_session_is_registered_before_its_first_request(arun: Any) -> None:
    s2s, zapier, apptoto_key, timezest_key = (new_secret() for _ in range(4))
    email = "setter@example.com"
    profile = Profile(
        name="Keys",
        origin="http://127.0.0.1:9",
        apptoto=ApptotoSettings(email=email, calendar="Installs", origin="http://127.0.0.1:9"),
        timezest=TimeZestSettings(origin="http://127.0.0.1:9"),
    )
    transport = fast_transport()
    console = console_for(profile, s2s, zapier, transport, apptoto_key=apptoto_key)
    connectors_for(profile, console, transport, apptoto_key=apptoto_key, timezest_key=timezest_key)
    basic = base64.b64encode(f"{email}:{apptoto_key}".encode()).decode()
    for secret in (s2s, zapier, apptoto_key, timezest_key, basic):
        assert redact(f"the server said {secret}.") == f"the server said {REDACTED}."
    tested = new_secret()  # a key typed in Settings ▸ Connectors and tested before it is saved
    check = arun(check_timezest(TimeZestSettings(origin="http://127.0.0.1:9"), tested, transport=transport))
    assert not check.ok and redact(tested) == REDACTED
    arun(transport.aclose())


def test_a_one_time_token_stored_in_an_earlier_session_is_redacted_when_its_booking_is_refused(
    arun: Any, tmp_path: Path
) -> None:
    one_time = new_secret()
    with SimServer() as sim:
        transport = fast_transport()
        console = console_for(Profile(name="Replay", origin=sim.url), sim.state.token, sim.state.token, transport)
        store = OutboxStore(tmp_path / "outbox.sqlite3", owner="earlier")
        store.add(
            profile="Replay",
            kind="appointment",
            phone=DENVER,
            key="k-1",
            payload={"blockId": "b1", "oneTimeToken": one_time},
            summary="Book new lead",
            claim=False,
        )
        store.close()
        store = OutboxStore(tmp_path / "outbox.sqlite3", owner="this session")
        service = OutboxService(store, console.s2s, console.zapier, "Replay")
        sim.state.force_malformed(
            "json", path="/appointment", status=400, body={"ok": False, "error": f"bad token {one_time}"}
        )
        entry = arun(service.replay_one())
        assert entry is not None and entry.status == "failed"
        assert api_requests(sim, "POST", "/appointment")  # it was sent, and refused
        assert entry.last_error == f"Bad token {REDACTED}"  # the error code, made words, has it in lower case
        store.close()
        arun(transport.aclose())


def test_the_apptoto_basic_credential_is_redacted_when_echoed(arun: Any) -> None:
    with ApptotoServer(api_key=new_secret()) as apptoto:
        settings = ApptotoSettings(email=apptoto.email, calendar="Installs", origin=apptoto.url)
        basic = base64.b64encode(f"{apptoto.email}:{apptoto.api_key}".encode()).decode()
        apptoto.state.force_malformed("json", status=400, body={"message": f"Basic {basic} is not allowed"})
        transport = fast_transport()
        check = arun(check_timezest_or_apptoto(settings, apptoto.api_key, transport))
        assert basic not in check.message and apptoto.api_key not in check.message
        assert REDACTED in check.message
        arun(transport.aclose())


async def check_timezest_or_apptoto(settings: ApptotoSettings, key: str, transport: Any) -> Any:
    from hsconsole.services.setup import check_apptoto

    return await check_apptoto(settings, key, transport=transport)


# ---------------------------------------------------------------- files and folders


@POSIX_ONLY
def test_stores_and_logs_make_private_files_in_private_folders(folders: dict[str, Path]) -> None:
    SettingsStore().save(Settings())
    outbox = OutboxStore(folders["data"] / "outbox.sqlite3", owner="me")
    outbox.add(profile="p", kind="update", phone=DENVER, key="k", payload={"phone": DENVER}, summary="s", claim=False)
    audit = AuditLog(folders["data"] / "audit.sqlite3")
    audit.record(profile="p", action="lookup", phone=DENVER)
    log_file = install_file_logging(directory=folders["logs"], max_bytes=300, backup_count=2)
    for n in range(20):  # several rotations: every new file is private too
        logging.getLogger("hsconsole.test").info("line %d of a log that rotates", n)
    made = sorted(p for folder in folders.values() for p in folder.rglob("*"))
    assert {p.name for p in made} >= {
        "settings.json",
        "outbox.sqlite3",
        "outbox.sqlite3-wal",
        "outbox.sqlite3-shm",
        "audit.sqlite3",
        "audit.sqlite3-wal",
        "audit.sqlite3-shm",
        "hsconsole.log",
        "hsconsole.log.1",
    }
    assert {p.name: mode(p) for p in made} == {p.name: 0o600 for p in made}
    assert {name: mode(folder) for name, folder in folders.items()} == dict.fromkeys(folders, 0o700)
    assert log_file.exists()
    outbox.close()
    audit.close()


@POSIX_ONLY
def test_files_and_folders_an_older_version_left_open_are_tightened(folders: dict[str, Path]) -> None:
    for folder in folders.values():
        folder.mkdir(mode=0o755)
        loosen(folder, 0o755)
    old_db = folders["data"] / "outbox.sqlite3"
    OutboxStore(old_db, owner="old").close()
    for path in (old_db, folders["logs"] / "hsconsole.log"):
        path.touch()
        loosen(path, 0o644)
    OutboxStore(old_db, owner="new").close()
    install_file_logging(directory=folders["logs"])
    logging.getLogger("hsconsole.test").info("appended to an old log file")
    SettingsStore().save(Settings())
    assert mode(old_db) == 0o600
    assert mode(folders["logs"] / "hsconsole.log") == 0o600
    assert mode(folders["config"] / "settings.json") == 0o600
    assert {name: mode(folder) for name, folder in folders.items()} == dict.fromkeys(folders, 0o700)


@POSIX_ONLY
def test_another_users_folder_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    loosen(shared, 0o775)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(shared).st_uid + 4242)
    private_dir(shared)
    assert mode(shared) == 0o775


@POSIX_ONLY
def test_a_real_start_leaves_only_private_files_and_tightens_older_folders(tmp_path: Path) -> None:
    """``python -m hsconsole`` (its umask), with a server that echoes the token in a lookup's refusal."""
    token = new_secret()
    dirs = {name: tmp_path / name for name in ("config", "data", "logs")}
    for folder in dirs.values():
        folder.mkdir()
        loosen(folder, 0o755)
    (dirs["config"] / "settings.json").write_text("{}", encoding="utf-8")
    loosen(dirs["config"] / "settings.json", 0o644)
    with SimServer(token=token) as sim:
        sim.state.force_malformed(
            "json", path="/phone/query", method="GET", status=400, times=2, body=echo(token, "no lead for {token}")
        )
        env = {
            **os.environ,
            "HSCONSOLE_TOKEN": token,
            "HSCONSOLE_API_URL": sim.url,
            "HSCONSOLE_CONFIG_DIR": str(dirs["config"]),
            "HSCONSOLE_DATA_DIR": str(dirs["data"]),
            "HSCONSOLE_LOG_DIR": str(dirs["logs"]),
            "HSCONSOLE_INSTANCE": f"privacy-{os.getpid()}",
            "HSCONSOLE_DEBUG": "1",
            "QT_QPA_PLATFORM": "offscreen",
        }
        console = subprocess.Popen(
            [sys.executable, "-m", "hsconsole", "--phone", DENVER],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and not audit_has(dirs["data"] / "audit.sqlite3", "lookup"):
                assert console.poll() is None
                time.sleep(0.1)
            assert audit_has(dirs["data"] / "audit.sqlite3", "lookup"), "the console recorded no lookup"
            status = Path(f"/proc/{console.pid}/status")
            if status.exists():  # Linux: what the console and everything it uses make is the user's alone
                assert "Umask:\t0077" in status.read_text(encoding="utf-8")
        finally:
            console.terminate()
            output = console.communicate(timeout=30)[0].decode(errors="replace")
    assert token not in output
    assert files_holding(list(dirs.values()), token) == []
    assert {name: mode(folder) for name, folder in dirs.items()} == dict.fromkeys(dirs, 0o700)
    made = [p for folder in dirs.values() for p in folder.rglob("*") if p.is_file()]
    assert {p.name for p in made} >= {"settings.json", "outbox.sqlite3", "audit.sqlite3", "hsconsole.log"}
    assert {p.name: mode(p) for p in made} == {p.name: 0o600 for p in made}


def audit_has(path: Path, action: str) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0) as db:
            return bool(db.execute("SELECT COUNT(*) FROM audit WHERE action = ?", (action,)).fetchone()[0])
    except sqlite3.Error:
        return False


# ---------------------------------------------------------------- the single-instance channel


@POSIX_ONLY
def test_the_channel_lives_in_the_users_runtime_folder(qtbot: QtBot, qapp: QApplication) -> None:
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    name = server_name()
    assert name is not None and Path(name).parent == runtime
    server = InstanceServer()
    assert server.listen()
    info = os.lstat(name)
    assert stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid()
    got: list[str] = []
    server.received.connect(got.append)
    assert hand_over("8015551234")
    qtbot.waitUntil(lambda: got == ["8015551234"], timeout=5000)
    server.close()


@POSIX_ONLY
def test_without_a_runtime_folder_the_channel_is_in_a_checked_folder_of_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    folder = runtime_dir()
    assert folder == tmp_path / f"hsconsole-{os.getuid()}" and mode(folder) == 0o700
    loosen(folder, 0o777)  # loosened by someone (it is the user's own): tightened before use
    assert runtime_dir() == folder and mode(folder) == 0o700
    name = server_name()
    assert name is not None and Path(name).parent == folder


@POSIX_ONLY
@pytest.mark.parametrize("runtime", ["missing", "shared", "not absolute"])
def test_a_runtime_folder_that_is_not_private_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runtime: str
) -> None:
    shared = tmp_path / "run"
    shared.mkdir()
    loosen(shared, 0o755)
    value = {"missing": str(tmp_path / "nowhere"), "shared": str(shared), "not absolute": "run"}[runtime]
    monkeypatch.setenv("XDG_RUNTIME_DIR", value)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert runtime_dir() == tmp_path / f"hsconsole-{os.getuid()}"
    assert mode(shared) == 0o755  # the environment's folder is not the console's to change


@POSIX_ONLY
@pytest.mark.parametrize("squat", ["another user's folder", "a link"])
def test_a_fallback_folder_someone_else_controls_means_no_channel(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, squat: str
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    uid = os.getuid()
    planted = tmp_path / f"hsconsole-{uid}"
    if squat == "a link":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        planted.symlink_to(tmp_path / "elsewhere")
    else:
        planted.mkdir(mode=0o700)
        monkeypatch.setattr(os, "getuid", lambda: uid)
        monkeypatch.setattr(single_instance.os, "getuid", lambda: uid)
        real_lstat = os.lstat

        def lstat(path: Any, *args: Any, **kwargs: Any) -> Any:  # the folder was made by uid + 1
            info = real_lstat(path, *args, **kwargs)
            if Path(path) == planted:
                return os.stat_result((*info[:4], uid + 1, *info[5:]))
            return info

        monkeypatch.setattr(os, "lstat", lstat)
        monkeypatch.setattr(Path, "lstat", lambda self: lstat(self))
    assert runtime_dir() is None
    assert server_name() is None
    instance = claim("8015551234")  # this start runs on its own: it hands nothing to anyone
    assert instance is not None and not instance.server.isListening() and instance.unsafe
    assert hand_over("8015551234") is False
    instance.close()


@POSIX_ONLY
def test_a_number_is_never_handed_to_a_socket_of_another_user(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    running = InstanceServer()
    assert running.listen()
    name = running.name
    assert name is not None
    got: list[str] = []
    running.received.connect(got.append)
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 4242)  # the socket now belongs to someone else
    monkeypatch.setattr(single_instance, "runtime_dir", lambda: Path(name).parent)  # its folder aside
    caplog.set_level(logging.WARNING, logger="hsconsole.ui")
    assert hand_over("8015551234", name) is False
    second = claim("8015551234", name)  # a second start: runs on its own, does not remove the socket
    assert second is not None and second.unsafe and not second.server.isListening()
    assert os.path.exists(name)
    assert "not this user's socket" in caplog.text
    qtbot.wait(100)
    assert got == []
    monkeypatch.setattr(os, "getuid", lambda: real_uid)
    assert hand_over("8015551234", name) is True  # the user's own console still takes numbers
    qtbot.waitUntil(lambda: got == ["8015551234"], timeout=5000)
    second.close()
    running.close()
