"""What the benchmark processes share: statistics, the simulator process, the X screen, child processes."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
PREFIX = "BENCH "
"""Result lines a child writes on stdout start with this; everything else is ignored."""

TOKEN = "bench-token-0123456789abcdef"  # noqa: S105 (a token for the local simulator)

# Demo phones (hsconsole.sim.heavyset.data) used by the lookup figures, in four markets: Denver, Phoenix, Tampa, LA.
LOOKUP_PHONES = ("+18015551234", "+16025550142", "+18135550111", "+13105550150")
# Honolulu (Leilani Kahale): the lead that gets the 2,000-block calendar in figure 3.
BIG_PHONE = "+18085550123"
BIG_MARKET = "Honolulu"


# ---------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (pos - low))


def summary(values: Iterable[float]) -> dict[str, float]:
    data = [float(v) for v in values]
    return {
        "n": len(data),
        "median": percentile(data, 50),
        "p95": percentile(data, 95),
        "p99": percentile(data, 99),
        "min": min(data) if data else math.nan,
        "max": max(data) if data else math.nan,
    }


def proc_memory() -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of this process in MiB, from /proc/self/status."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0]) / 1024.0
    return out


# ---------------------------------------------------------------- child protocol


def emit(message: dict[str, Any]) -> None:
    """Write one result line for the parent (children call this)."""
    sys.stdout.write(PREFIX + json.dumps(message) + "\n")
    sys.stdout.flush()


async def commands_from_parent() -> AsyncIterator[dict[str, Any]]:
    """The parent's commands to a child, one JSON object a line on stdin, until ``{"op": "quit"}`` or its end."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        command = json.loads(line)
        if command["op"] == "quit":
            return
        yield command


def command_queue(loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str]:
    """The parent's command lines on stdin, put on a queue by a thread (for a child whose loop runs Qt's): a
    ``quit`` line comes last, when stdin ends."""
    commands: asyncio.Queue[str] = asyncio.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(commands.put_nowait, line)
        loop.call_soon_threadsafe(commands.put_nowait, json.dumps({"op": "quit"}))

    threading.Thread(target=read_stdin, daemon=True).start()
    return commands


def run_child(work: Coroutine[Any, Any, None]) -> int:
    """Run a child's asyncio work; a failure becomes an ``error`` line for the parent and exit code 1."""
    try:
        asyncio.run(work)
    except Exception as exc:
        emit({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    return 0


class ChildError(RuntimeError):
    pass


class Child:
    """A child process that answers JSON lines on stdout (lines starting with :data:`PREFIX`)."""

    def __init__(self, args: Sequence[str], env: dict[str, str], name: str, *, stdin: bool = False) -> None:
        self.name = name
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept open for the child's life)
            prefix=f"bench-{name}-", suffix=".log", delete=False
        )
        self.proc = subprocess.Popen(
            list(args),
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(PREFIX):
                self._lines.put(line[len(PREFIX) :])
        self._lines.put(None)

    def stderr_tail(self, chars: int = 3000) -> str:
        self.log.flush()
        try:
            return Path(self.log.name).read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def expect(self, timeout: float = 60.0) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise ChildError(f"{self.name}: no answer in {timeout:.0f}s\n{self.stderr_tail()}") from None
        if line is None:
            self.proc.wait(5)
            raise ChildError(f"{self.name}: exited ({self.proc.returncode}) without answering\n{self.stderr_tail()}")
        message: dict[str, Any] = json.loads(line)
        if "error" in message:
            raise ChildError(f"{self.name}: {message['error']}\n{self.stderr_tail()}")
        return message

    def send(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def ask(self, message: dict[str, Any], timeout: float = 120.0) -> dict[str, Any]:
        self.send(message)
        return self.expect(timeout)

    def close(self, timeout: float = 10.0) -> None:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.log.close()
        with contextlib.suppress(OSError):
            os.unlink(self.log.name)


def python_module_args(module: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", module, *extra]


# ---------------------------------------------------------------- the simulator process


@dataclass
class SimProcess:
    """``hsconsole-sim --port 0 --token T --rate-limit 0`` in its own process."""

    token: str = TOKEN
    url: str = ""
    proc: subprocess.Popen[bytes] | None = None
    _out: Path | None = None
    _tmp: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="bench-sim-"))

    def start(self, timeout: float = 30.0) -> SimProcess:
        self._out = Path(self._tmp) / "sim.out"
        with open(self._out, "wb") as out:
            self.proc = subprocess.Popen(
                python_module_args("hsconsole.sim.server", "--port", "0", "--token", self.token, "--rate-limit", "0"),
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self._out.read_text(errors="replace")
            for line in text.splitlines():
                if line.startswith("HeavySet simulator on "):
                    self.url = line.split(" on ", 1)[1].strip()
            if self.url and "Ctrl+C" in text:
                self._wait_listening(deadline)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"hsconsole-sim exited:\n{text}")
            time.sleep(0.05)
        raise RuntimeError("hsconsole-sim did not start in time")

    def _wait_listening(self, deadline: float) -> None:
        import httpx

        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/_sim/info", timeout=2.0).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("hsconsole-sim does not answer")

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        import httpx

        response = httpx.request(method, self.url + "/_sim/" + path, json=body, timeout=30.0)
        response.raise_for_status()
        return response.json()

    def set_latency(self, ms: int) -> None:
        self.admin("POST", "faults", {"latency_ms": ms})

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None
        shutil.rmtree(self._tmp, ignore_errors=True)


# ---------------------------------------------------------------- the X screen


class Display:
    """A private Xvfb screen (``Xvfb -displayfd``), or nothing when Xvfb is missing."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.name = ""

    def start(self, timeout: float = 15.0) -> bool:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            return False
        read_fd, write_fd = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-noreset"],
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        finally:
            os.close(write_fd)
        deadline = time.monotonic() + timeout
        number = b""
        with os.fdopen(read_fd, "rb") as pipe:
            while time.monotonic() < deadline:
                chunk = pipe.read(1)
                if not chunk:
                    break
                if chunk == b"\n":
                    break
                number += chunk
        if not number.strip().isdigit():
            self.stop()
            return False
        self.name = f":{number.decode().strip()}"
        return True

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


def gui_env(platform_name: str, display: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every GUI child gets: the same platform plugin and screen for both sides."""
    env = dict(os.environ if base is None else base)
    for key in (
        "HSCONSOLE_DEBUG",
        "HSCONSOLE_TOKEN",
        "HSCONSOLE_API_URL",
        "HSCONSOLE_ZAPIER_TOKEN",
        "QT_DEBUG_PLUGINS",
    ):
        env.pop(key, None)
    env["QT_QPA_PLATFORM"] = platform_name
    env["QT_API"] = "pyside6"
    if display:
        env["DISPLAY"] = display
    else:
        env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def console_dirs(tmp: Path, tag: str) -> dict[str, str]:
    """Config, data and log folders and a single-instance name of one console process, inside ``tmp``."""
    base = tmp / tag
    return {
        "HSCONSOLE_CONFIG_DIR": str(base / "config"),
        "HSCONSOLE_DATA_DIR": str(base / "data"),
        "HSCONSOLE_LOG_DIR": str(base / "logs"),
        "HSCONSOLE_INSTANCE": f"hsconsole-bench-{os.getpid()}-{tag}",
    }


# ---------------------------------------------------------------- the machine


def _first(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            for line in source:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return "unknown"


def machine() -> dict[str, str]:
    import PySide6
    from PySide6 import QtCore

    mem_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    ram = f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "unknown"
    return {
        "cpu": _first("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count() or "?"),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": QtCore.qVersion(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
