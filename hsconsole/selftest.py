"""``hsconsole --self-test``: is this installation whole? One line of answer, exit 0 only when it is.

Works from source and in the frozen bundle (PyInstaller), so the installers
and the hosted CI can smoke-test each artifact. It checks, in order:

``lookup``, ``save``, ``book``
    The embedded simulator starts on 127.0.0.1 (a free port) and the real
    services layer (a :class:`hsconsole.services.session.Session`: a real
    :class:`Transport`, an outbox in a temporary folder, no audit log) looks
    a demo lead up, saves a change (PATCH) and books an open block: HTTP,
    pydantic models, uvicorn/starlette, sqlite, the ZIP database and the
    time-zone math all have to be there for that.
``keyring``
    Which backend ``keyring`` chose, by name. A ``fail``/``null`` backend is
    *reported* (``keyring=keyring.backends.fail.Keyring(no keychain)``) and
    passes on Linux, where a session without a Secret Service daemon (a CI
    box, a bare window manager) is normal and the console then offers to keep
    tokens for the session only. It fails when keyring itself is broken: it
    does not import, its backends are not registered (the frozen app lost
    keyring's entry-point metadata), or this platform's own backend does not
    import; and on Windows and macOS, where a keychain always exists, when the
    chosen backend is ``fail``/``null`` anyway. ``PYTHON_KEYRING_BACKEND`` set
    by hand is respected and said so.
``tz``
    America/Phoenix and Pacific/Honolulu load and have their offsets, and the
    ``tzdata`` package provides them (Windows has no zone database of its own).
``phonenumbers``
    Numbers normalise to E.164 (the region metadata loads).
``qt``
    A QApplication starts (with the ``offscreen`` platform on Linux when there
    is no display and ``QT_QPA_PLATFORM`` is unset), the UI modules import and
    a widget renders to an image: the Qt platform plugin is bundled and loads.
``icon`` (frozen builds only)
    The application icon is in the bundle.

The whole run is bounded by :data:`TIMEOUT` seconds. Tokens are never printed:
the simulator's token is registered with the log redactor and every detail
goes through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import importlib.metadata
import os
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from hsconsole import __version__
from hsconsole.resources import bundle_root

TIMEOUT = 90.0
"""Seconds for the whole self-test; past it the line says which check hung and the exit code is 3."""
SERVICES_TIMEOUT = 45.0
"""Seconds for the simulator and the lookup, save and booking together."""

SELF_TEST_PHONE = "+18135550111"
"""Marcus Webb, Tampa, no appointment: the demo lead the self-test saves and books."""
SELF_TEST_EMAIL = "self-test@example.com"

ZONES: tuple[tuple[str, int], ...] = (("America/Phoenix", -7), ("Pacific/Honolulu", -10))
"""Zones that must load, with their UTC offset in hours in January and July alike (neither has DST)."""

NATIVE_BACKENDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "win32": ("Windows", ("win32ctypes.pywin32.win32cred",)),
    "darwin": ("macOS", ("keyring.backends.macOS.api",)),
    "linux": ("SecretService", ("secretstorage", "jeepney")),
}
"""Per platform: keyring's entry-point name of the OS keychain backend, and modules it needs."""

KEYCHAIN_EXPECTED = ("win32", "darwin")
"""Platforms where a keychain always exists, so a fail/null backend is a broken install."""


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""

    def render(self) -> str:
        if not self.ok:
            return f"{self.name}:FAIL({self.detail})"
        return f"{self.name}={self.detail}" if self.detail else self.name


def _platform_key() -> str:
    return "linux" if sys.platform.startswith("linux") else sys.platform


def _reason(exc: BaseException) -> str:
    """A short, redacted reason for a failed check."""
    from hsconsole.store.logfiles import REDACTOR

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = REDACTOR.redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)
    return text[:160].replace(")", "]").replace("(", "[")


def _report_traceback(name: str, exc: BaseException) -> None:
    """The full story of a failed check on stderr (redacted), for whoever reads CI logs."""
    if sys.stderr is None:
        return
    from hsconsole.store.logfiles import REDACTOR

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"self-test: {name} failed:\n{REDACTOR.redact(text)}\n")


# ---------------------------------------------------------------- services


async def _services(url: str, token: str, folder: Path) -> list[Check]:
    from hsconsole.api.transport import RetryPolicy, Timeouts, Transport
    from hsconsole.services.console import editable_values
    from hsconsole.services.session import Session, Stores
    from hsconsole.store.settings import Profile

    checks: list[Check] = []
    profile = Profile(name="Self-test", origin=url, tested=True)
    with Stores.open(folder, owner=f"self-test-{os.getpid()}", audit=False) as stores:
        if "outbox" in stores.problems:  # its file could not be used: the session would run in memory
            raise RuntimeError(stores.problems["outbox"])
        transport = Transport(
            timeouts=Timeouts(connect=3.0, read=10.0, write=10.0, pool=3.0),
            retry=RetryPolicy(attempts=2, base_delay=0.1, max_delay=0.5, max_retry_after=2.0),
        )
        async with Session.open(profile, token, token, stores=stores, transport=transport) as session:
            console = session.console
            step = "lookup"
            try:
                found = await console.lookup(SELF_TEST_PHONE)
                lead = found.lead
                if found.slots is None:
                    raise RuntimeError(f"no blocks for the lead ({found.slots_error})")
                zone = found.slots.time_zone
                for slot in found.slots.slots:
                    slot.window(zone)  # the lead's local times resolve (zoneinfo + the domain's DST rules)
                checks.append(Check("lookup", True))

                step = "save"
                edited = editable_values(lead)
                edited["email"] = SELF_TEST_EMAIL
                saved = await console.save(lead, edited)
                if saved.email != SELF_TEST_EMAIL:
                    raise RuntimeError("the saved lead does not show the new email")
                checks.append(Check("save", True))

                step = "book"
                free = [s for s in found.slots.slots if not s.is_full and s.block_id != saved.block_id]
                if not free:
                    raise RuntimeError("no open block to book")
                booked = await console.book(saved, free[0].block_id, label="self-test")
                if booked.block_id != free[0].block_id or not booked.has_active_appointment:
                    raise RuntimeError("the lead does not show the booking")
                done = stores.outbox.counts(profile.name).get("done", 0)
                if done != 2:
                    raise RuntimeError(f"the outbox holds {done} sent entries, not 2")
                checks.append(Check("book", True))
            except Exception as exc:
                _report_traceback(step, exc)
                checks.append(Check(step, False, _reason(exc)))
    return checks


def check_services(progress: Callable[[str], None]) -> list[Check]:
    """Lookup, save and booking through the real services layer against the embedded simulator."""
    names = ("lookup", "save", "book")
    progress("simulator")
    try:
        from hsconsole.sim.heavyset.server import SimServer
        from hsconsole.store.logfiles import REDACTOR

        sim = SimServer(host="127.0.0.1")
        REDACTOR.register(sim.state.token)
        sim.start(timeout=15.0)
    except Exception as exc:
        _report_traceback("simulator", exc)
        reason = "simulator: " + _reason(exc)
        return [Check(n, False, reason) for n in names]
    progress("lookup, save, book")
    try:
        with tempfile.TemporaryDirectory(prefix="hsconsole-self-test-", ignore_cleanup_errors=True) as folder:
            work = _services(sim.url, sim.state.token, Path(folder))
            checks = asyncio.run(asyncio.wait_for(work, SERVICES_TIMEOUT))
    except Exception as exc:  # a timeout, or the loop itself failed
        _report_traceback("services", exc)
        return [Check(n, False, _reason(exc)) for n in names]
    finally:
        sim.stop()
    done = {c.name for c in checks}
    skipped = [Check(n, False, "not reached") for n in names if n not in done]
    return checks + skipped


# ---------------------------------------------------------------- keyring


def check_keyring() -> Check:
    """The keyring backend by name; fails only when keyring is broken (see the module notes)."""
    try:
        import keyring

        from hsconsole.store.secrets import backend_is_usable
    except Exception as exc:
        _report_traceback("keyring", exc)
        return Check("keyring", False, "keyring does not import: " + _reason(exc))
    platform = _platform_key()
    registered = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="keyring.backends")}
    native = NATIVE_BACKENDS.get(platform)
    if native is not None:
        entry, needs = native
        if entry not in registered:
            return Check("keyring", False, f"keyring backends not registered [no {entry} entry point]")
        for module in (registered[entry], *needs):
            try:
                importlib.import_module(module)
            except Exception as exc:
                _report_traceback("keyring", exc)
                return Check("keyring", False, f"{module} does not import: {_reason(exc)}")
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        _report_traceback("keyring", exc)
        return Check("keyring", False, _reason(exc))
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if backend_is_usable(backend):
        return Check("keyring", True, name)
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return Check("keyring", True, f"{name}(no keychain: set by PYTHON_KEYRING_BACKEND)")
    if platform in KEYCHAIN_EXPECTED:
        return Check("keyring", False, f"{name}: no usable keychain backend on a platform that has one")
    return Check("keyring", True, f"{name}(no keychain)")


# ---------------------------------------------------------------- time zones, phones


def check_time_zones() -> Check:
    """Phoenix and Honolulu load with their offsets, and come from the bundled ``tzdata`` package."""
    try:
        from importlib.resources import files

        from hsconsole.domain.slots import load_zone

        tzdata = importlib.import_module("tzdata")  # the IANA database Windows lacks; untyped

        for name, hours in ZONES:
            zone = load_zone(name)
            for month in (1, 7):
                offset = datetime(2025, month, 15, 12, tzinfo=zone).utcoffset()
                if offset != timedelta(hours=hours):
                    return Check("tz", False, f"{name} is UTC{offset} in month {month}")
            package, _, leaf = f"tzdata.zoneinfo.{name.replace('/', '.')}".rpartition(".")
            if not files(package).joinpath(leaf).is_file():
                return Check("tz", False, f"tzdata has no {name}")
        return Check("tz", True, f"tzdata-{tzdata.IANA_VERSION}")
    except Exception as exc:
        _report_traceback("tz", exc)
        return Check("tz", False, _reason(exc))


def check_phone_numbers() -> Check:
    try:
        from hsconsole.domain.phones import format_phone_for_display, normalize_phone

        cases = (("(801) 555-1234", "US", "+18015551234"), ("020 7946 0958", "GB", "+442079460958"))
        for raw, region, want in cases:
            got = normalize_phone(raw, region)
            if got != want:
                return Check("phonenumbers", False, f"{raw!r} in {region} gave {got}")
        if format_phone_for_display("+18015551234") != "(801) 555-1234":
            return Check("phonenumbers", False, "display format is wrong")
        return Check("phonenumbers", True)
    except Exception as exc:
        _report_traceback("phonenumbers", exc)
        return Check("phonenumbers", False, _reason(exc))


# ---------------------------------------------------------------- Qt


def _default_platform() -> str:
    if sys.platform == "darwin":
        return "cocoa"
    if sys.platform == "win32":
        return "windows"
    return "wayland" if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY") else "xcb"


def check_qt(qt_args: Sequence[str] = ()) -> Check:
    """Start Qt (offscreen without a display on Linux) with Qt's own options from the command line
    (``qt_args``: ``-platform offscreen``, …) and render a widget to an image."""
    try:
        from hsconsole.ui.qt_options import qt_option

        given = qt_option(qt_args, "platform")
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM") or given
        ):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QCoreApplication, QLibraryInfo
        from PySide6.QtWidgets import QApplication, QPushButton

        wanted = (given or os.environ.get("QT_QPA_PLATFORM") or _default_platform()).split(":", 1)[0].split(";", 1)[0]
        # Qt aborts the whole process when no platform plugin loads: look for the file first, where
        # Qt looks (its plugins folder, QT_PLUGIN_PATH, which PyInstaller's runtime hook sets)
        folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), *QCoreApplication.libraryPaths()]
        folders += [p for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
        found = [
            plugin
            for folder in dict.fromkeys(folders)
            for plugin in (Path(folder) / "platforms").glob("*")
            if plugin.name.startswith(("libq", "q")) and wanted in plugin.stem
        ]
        if not found:
            return Check("qt", False, f"no '{wanted}' platform plugin in {', '.join(dict.fromkeys(folders))}")
        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "hsconsole", *qt_args])
        assert isinstance(app, QApplication)
        for module in ("PySide6.QtNetwork", "hsconsole.ui.aio", "hsconsole.ui.main_window", "hsconsole.ui.wizard"):
            importlib.import_module(module)
        button = QPushButton("HeavySet Console self-test")
        button.resize(260, 40)
        image = button.grab().toImage()
        if image.isNull() or image.width() < 100:
            return Check("qt", False, "a widget did not render")
        colours = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 2)}
        if len(colours) < 2:
            return Check("qt", False, "a widget rendered blank")
        button.deleteLater()
        return Check("qt", True, app.platformName() or wanted)
    except Exception as exc:
        _report_traceback("qt", exc)
        return Check("qt", False, _reason(exc))


LANGUAGE_PROBES = (("CalendarPane", "Your time ({city})"), ("City", "Mexico City"))
"""A word of each of a language's catalogues (the console's, the zones' city names) that every language
translates."""


def check_languages() -> Check:
    """Each language the console offers has its catalogues, and they translate: "languages=en,es"."""
    try:
        from PySide6.QtCore import QTranslator

        from hsconsole.ui.language import (
            CATALOGUE,
            CITIES,
            SOURCE_LANGUAGE,
            i18n_folder,
            qt_translations_folders,
            shipped_languages,
        )

        shipped = shipped_languages()
        for code in shipped:
            if code == SOURCE_LANGUAGE:
                continue
            for (context, text), catalogue in zip(LANGUAGE_PROBES, (CATALOGUE, CITIES), strict=True):
                translator = QTranslator()
                if not translator.load(f"{catalogue}_{code}", str(i18n_folder())):
                    return Check("languages", False, f"{catalogue}_{code}.qm does not load")
                if not translator.translate(context, text):
                    return Check("languages", False, f"{catalogue}_{code}.qm has no {text!r}")
            qt_own = QTranslator()
            if not any(qt_own.load(f"qtbase_{code}", str(folder)) for folder in qt_translations_folders()):
                return Check("languages", False, f"qtbase_{code}.qm is missing")
        return Check("languages", True, ",".join(shipped))
    except Exception as exc:
        _report_traceback("languages", exc)
        return Check("languages", False, _reason(exc))


def check_icon() -> Check:
    try:
        from PySide6.QtGui import QIcon

        path = bundle_root() / "resources" / "icons" / "hsconsole-256.png"
        if not path.is_file():
            return Check("icon", False, "the application icon is not in the bundle")
        if QIcon(str(path)).isNull():
            return Check("icon", False, "the application icon does not load")
        return Check("icon", True)
    except Exception as exc:
        _report_traceback("icon", exc)
        return Check("icon", False, _reason(exc))


# ---------------------------------------------------------------- the run


def _emit(line: str) -> None:
    """The summary on stdout, and in ``HSCONSOLE_SELFTEST_OUTPUT`` when set (windowed builds may have no stdout)."""
    out: TextIO | None = sys.stdout
    if out is not None:
        with contextlib.suppress(OSError, ValueError):
            out.write(line + "\n")
            out.flush()
    target = os.environ.get("HSCONSOLE_SELFTEST_OUTPUT")
    if target:
        with contextlib.suppress(OSError):
            Path(target).write_text(line + "\n", encoding="utf-8")


def _summary(checks: list[Check], *, frozen: bool) -> str:
    verdict = "PASS" if checks and all(c.ok for c in checks) else "FAIL"
    build = "frozen" if frozen else "source"
    parts = " ".join(c.render() for c in checks)
    return f"hsconsole {__version__} self-test: {verdict} {parts} build={build}"


def run_self_test(timeout: float = TIMEOUT, qt_args: Sequence[str] = ()) -> int:
    """Run every check, print one summary line, and return 0 only when all passed; ``qt_args``: Qt's own
    options from the command line, for the Qt check."""
    frozen = bool(getattr(sys, "frozen", False))
    checks: list[Check] = []
    stage = ["start"]
    finished = threading.Event()

    def progress(name: str) -> None:
        stage[0] = name

    def watchdog() -> None:
        if finished.is_set():
            return
        hung = [*checks, Check(stage[0], False, f"no answer within {timeout:g} s")]
        _emit(_summary(hung, frozen=frozen))
        os._exit(3)

    timer = threading.Timer(timeout, watchdog)
    timer.daemon = True
    timer.start()
    try:
        checks.extend(check_services(progress))
        steps: list[tuple[str, Callable[[], Check]]] = [
            ("keyring", check_keyring),
            ("tz", check_time_zones),
            ("phonenumbers", check_phone_numbers),
            ("qt", functools.partial(check_qt, qt_args)),
            ("languages", check_languages),
        ]
        if frozen:
            steps.append(("icon", check_icon))
        for name, step in steps:
            progress(name)
            checks.append(step())
    finally:
        finished.set()
        timer.cancel()
    _emit(_summary(checks, frozen=frozen))
    return 0 if all(c.ok for c in checks) else 1
