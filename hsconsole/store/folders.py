"""Where the console keeps its files: the platform's folders, or the ``HSCONSOLE_*_DIR`` overrides.

The overrides serve tests and portable installs. Nothing here imports more than ``platformdirs``: the
window's layout is read from the config folder before the rest of the console is loaded.

The files hold leads' names, phones and addresses, so on POSIX they are the user's alone: folders
0700, files 0600 (:func:`private_dir`, :func:`private_file`, :func:`private_sqlite`, and the umask
the console sets at start-up, :func:`private_umask`). A folder or file of the user's with looser modes
is tightened when the console uses it; one owned by someone else is left alone. On Windows the
user's profile folders are private by their access lists, and modes mean nothing: these do no more
than create the folders there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "hsconsole"


def config_dir() -> Path:
    """``HSCONSOLE_CONFIG_DIR`` when set, else the platform's config folder."""
    override = os.environ.get("HSCONSOLE_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """``HSCONSOLE_DATA_DIR`` when set, else the platform's data folder."""
    override = os.environ.get("HSCONSOLE_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """``HSCONSOLE_LOG_DIR`` when set, else the platform's log folder."""
    override = os.environ.get("HSCONSOLE_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


POSIX = os.name == "posix"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
"""The files sqlite keeps beside a database; it gives them the database file's own mode when it makes them."""


def private_umask() -> None:
    """From now on, everything this process creates is the user's alone (POSIX; nothing on Windows).

    Set at start-up: it covers the files made later by others on the console's behalf (sqlite's WAL
    and shared-memory files, the log file's rotations, Qt's socket).
    """
    if POSIX:
        os.umask(0o077)


def tighten_folders() -> None:
    """The console's folders and settings file, where they exist, made the user's alone (POSIX).

    For folders an older version made with the platform's default modes; the stores tighten their
    own files when they open them.
    """
    if POSIX:
        for folder in (config_dir(), data_dir(), log_dir()):
            _tighten(folder, PRIVATE_DIR_MODE)
        _tighten(settings_path(), PRIVATE_FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    """Drop group and other bits of the user's own ``path``; another user's is left as it is.

    A mode that cannot be changed (a read-only disk) is logged, not raised: the console still works.
    """
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or not stat.S_IMODE(info.st_mode) & 0o077:
            return
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        logging.getLogger("hsconsole.store").warning(
            "could not make %s private (%s)", path.name, exc.strerror or type(exc).__name__
        )


def private_dir(path: Path) -> Path:
    """``path`` created (with its parents) if missing, and made 0700 when it is the user's; returns it.

    Raises OSError when it cannot be created.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if POSIX:
        _tighten(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path, *, create: bool = False) -> Path:
    """``path`` made 0600 when it is the user's; with ``create``, a missing one is created empty, 0600.

    Raises OSError when it cannot be created.
    """
    if not POSIX:
        if create:
            path.touch(exist_ok=True)
        return path
    if create:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    _tighten(path, PRIVATE_FILE_MODE)
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open`: the file is 0600 (POSIX), created so or made so."""
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    if POSIX:
        try:
            os.fchmod(fd, PRIVATE_FILE_MODE)
        except BaseException:
            os.close(fd)
            raise
    return fd


def private_sqlite(path: Path) -> Path:
    """A database file's folder and the file itself made private before sqlite opens it.

    The file is created empty (0600) when missing, so the WAL and shared-memory files sqlite makes
    beside it later get 0600 too; existing ones from an older version are tightened.
    """
    private_dir(path.parent)
    private_file(path, create=True)
    for suffix in SQLITE_SIDECARS:
        private_file(path.with_name(path.name + suffix))
    return path


SOCKET_PATH_MAX = 100
"""Bytes: a Unix socket's path must fit ``sockaddr_un`` (104 on macOS, 108 on Linux, with its NUL)."""


def _own_private_dir(path: Path, *, tighten: bool) -> bool:
    """True when ``path`` is a real folder (not a link) of this user that nobody else can use."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if stat.S_IMODE(info.st_mode) & 0o077:
        if not tighten:
            return False
        try:
            os.chmod(path, PRIVATE_DIR_MODE)
        except OSError:
            return False
    return True


def runtime_dir() -> Path | None:
    """A folder only this user can create files in, for the console's local socket (POSIX); else None.

    ``$XDG_RUNTIME_DIR`` when it is the user's and private (as the XDG specification requires);
    else ``hsconsole-<uid>`` in the temporary folder (``$TMPDIR``: per user on macOS), created
    0700 and checked to be this user's folder and no link. A folder of that name that belongs to
    someone else gives None: the console then runs without a single-instance channel rather than
    use a place another user controls. Always None on Windows (named pipes need no folder).
    """
    if not POSIX:
        return None
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    if xdg and os.path.isabs(xdg) and _own_private_dir(Path(xdg), tighten=False):
        return Path(xdg)
    base = Path(os.environ.get("TMPDIR") or "/tmp")  # noqa: S108 (the folder made there is checked below)
    folder = base / f"{APP_NAME}-{os.getuid()}"
    try:
        folder.mkdir(mode=PRIVATE_DIR_MODE)
    except FileExistsError:
        pass
    except OSError:
        return None
    return folder if _own_private_dir(folder, tighten=True) else None
