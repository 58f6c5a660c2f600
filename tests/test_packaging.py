"""The installed app: ``hsconsole --self-test``, the packaging files, and the frozen Linux bundle.

The fast tests run the self-test from source and check the installer recipes for what must hold
on every platform (the version comes from the package, the URL scheme is registered, signing
is optional). The ``bundle`` test builds the Linux bundle with the documented command and runs
the frozen app's self-test offscreen; deselect it with ``-m 'not bundle'`` when short of time.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from types import ModuleType

import pytest

import hsconsole
from hsconsole import selftest
from hsconsole.selftest import Check
from hsconsole.sim.heavyset.data import DEFAULT_TOKEN

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
CHECKS = ("lookup", "save", "book", "keyring=", "tz=", "phonenumbers", "qt=", "languages=en,es")


def load(name: str) -> ModuleType:
    """A module of packaging/ (not a package: it holds scripts beside the spec)."""
    spec = importlib.util.spec_from_file_location(f"hsconsole_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def summary_line(stdout: str) -> str:
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one summary line, got: {stdout!r}"
    return lines[0]


# ---------------------------------------------------------------- the self-test from source


def test_self_test_from_source_passes_and_prints_one_line_without_tokens(tmp_path: Path) -> None:
    # Qt's own -platform option reaches Qt, over the environment's "minimal"
    env = {**os.environ, "QT_QPA_PLATFORM": "minimal", "HSCONSOLE_SELFTEST_OUTPUT": str(tmp_path / "line.txt")}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "hsconsole", "-platform", "offscreen", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    line = summary_line(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert line.startswith(f"hsconsole {hsconsole.__version__} self-test: PASS ")
    for check in CHECKS:
        assert f" {check}" in line
    assert "build=source" in line
    assert " qt=offscreen " in line
    assert "FAIL" not in line
    # the conftest forces keyring's fail backend: it is named, and said to be forced
    assert "keyring=keyring.backends.fail.Keyring(no keychain: set by PYTHON_KEYRING_BACKEND)" in line
    assert DEFAULT_TOKEN not in done.stdout + done.stderr
    assert DEFAULT_TOKEN[:40] not in done.stdout + done.stderr
    assert (tmp_path / "line.txt").read_text(encoding="utf-8").strip() == line
    assert time.monotonic() - started < selftest.TIMEOUT


def test_a_failed_check_fails_the_run_and_says_which(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(selftest, "check_services", lambda _progress: [Check("lookup", True), Check("save", True)])
    monkeypatch.setattr(selftest, "check_qt", lambda _qt_args: Check("qt", False, "no 'xcb' platform plugin"))
    assert selftest.run_self_test() == 1
    line = summary_line(capsys.readouterr().out)
    assert " self-test: FAIL " in line
    assert "qt:FAIL(no 'xcb' platform plugin)" in line
    assert " tz=tzdata-" in line and " phonenumbers " in line


def test_a_hung_check_ends_the_run_in_time_and_says_which() -> None:
    script = (
        "import time\n"
        "from hsconsole import selftest\n"
        "selftest.check_services = lambda progress: [selftest.Check('lookup', True)]\n"
        "selftest.check_phone_numbers = lambda: time.sleep(60)\n"
        "raise SystemExit(selftest.run_self_test(timeout=2))\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=50, check=False, cwd=ROOT
    )
    assert done.returncode == 3
    assert time.monotonic() - started < 30
    line = summary_line(done.stdout)
    assert " self-test: FAIL lookup " in line
    assert "phonenumbers:FAIL(no answer within 2 s)" in line


def test_time_zones_and_phone_numbers_checks() -> None:
    assert selftest.check_time_zones().ok
    assert selftest.check_phone_numbers().render() == "phonenumbers"


def test_keyring_fails_when_its_backends_are_not_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a frozen app that lost keyring's entry-point metadata looks like."""
    monkeypatch.setattr(selftest.importlib.metadata, "entry_points", lambda **_kw: [])
    monkeypatch.setattr(selftest.sys, "platform", "linux")
    check = selftest.check_keyring()
    assert not check.ok
    assert "not registered" in check.detail


def test_keyring_without_a_keychain_passes_on_linux_and_fails_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    import keyring
    import keyring.backends.fail

    monkeypatch.setattr(keyring, "get_keyring", keyring.backends.fail.Keyring)
    monkeypatch.setattr(selftest, "NATIVE_BACKENDS", {})
    monkeypatch.setattr(selftest.sys, "platform", "linux")
    linux = selftest.check_keyring()
    assert linux.ok
    assert linux.render() == "keyring=keyring.backends.fail.Keyring(no keychain)"
    monkeypatch.setattr(selftest.sys, "platform", "darwin")
    mac = selftest.check_keyring()
    assert not mac.ok
    assert "keyring.backends.fail.Keyring" in mac.detail


def test_failure_reasons_never_show_a_registered_token() -> None:
    from hsconsole.store.logfiles import REDACTOR

    REDACTOR.register(DEFAULT_TOKEN)
    reason = selftest._reason(RuntimeError(f"server said no to {DEFAULT_TOKEN} (401)"))
    assert DEFAULT_TOKEN not in reason
    assert "(" not in reason  # the summary's own parentheses stay unambiguous


# ---------------------------------------------------------------- the recipes


def test_the_spec_is_valid_python_and_uses_the_entry_script() -> None:
    source = (PACKAGING / "hsconsole.spec").read_text(encoding="utf-8")
    compile(source, "hsconsole.spec", "exec")
    assert "entry.py" in source
    assert "onefile" not in source.lower() or "one folder" in source.lower()
    compile((PACKAGING / "entry.py").read_text(encoding="utf-8"), "entry.py", "exec")
    assert (PACKAGING / "hooks" / "hook-phonenumbers.py").is_file()


def test_the_version_comes_from_the_package() -> None:
    appmeta = load("appmeta")
    assert appmeta.package_version() == hsconsole.__version__
    assert appmeta.numeric_version("0.1.0", 4) == (0, 1, 0, 0)
    assert appmeta.numeric_version("1.2.3rc1", 3) == (1, 2, 3)
    assert appmeta.numeric_version("2.0+local.5", 4) == (2, 0, 0, 0)
    info = appmeta.info_plist("1.2.3rc1")
    assert info["CFBundleShortVersionString"] == "1.2.3"
    assert info["CFBundleVersion"] == "1.2.3"
    assert info["CFBundleIdentifier"] == "tech.heavyset.hsconsole"
    assert "1.2.3rc1" in info["CFBundleGetInfoString"]


def test_info_plist_template_has_the_url_scheme_and_no_version_written_down() -> None:
    text = (PACKAGING / "macos" / "Info.plist").read_text(encoding="utf-8")
    template = plistlib.loads(text.encode())
    assert template["CFBundleShortVersionString"] == "@SHORT_VERSION@"
    assert template["CFBundleVersion"] == "@SHORT_VERSION@"
    assert template["NSHighResolutionCapable"] is True
    assert template["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["hsconsole"]
    assert hsconsole.__version__ not in text
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {}  # the hardened runtime with no exceptions (the file says why)


def test_inno_setup_script() -> None:
    iss = (PACKAGING / "windows" / "hsconsole.iss").read_text(encoding="utf-8")
    assert "#ifndef AppVersion" in iss and "#error" in iss
    assert "AppVersion={#AppVersion}" in iss
    assert not re.search(r"^AppVersion=\d", iss, re.MULTILINE)
    assert hsconsole.__version__ not in iss
    assert "PrivilegesRequired=lowest" in iss
    for line in (
        'Subkey: "Software\\Classes\\{#Scheme}"; ValueType: string; ValueName: "URL Protocol"',
        'Subkey: "Software\\Classes\\{#Scheme}\\shell\\open\\command"',
        '"""{app}\\{#AppExe}"" ""%1"""',
    ):
        assert line in iss
    assert '#define Scheme "hsconsole"' in iss
    assert "Root: HKCU" in iss and "Root: HKLM" not in iss
    assert "uninsdeletekey" in iss
    assert "CurUninstallStepChanged" in iss and "MB_DEFBUTTON2" in iss  # keeps settings unless asked
    assert "Tasks: desktopicon" in iss and "{autoprograms}" in iss
    assert "#ifdef SignTool" in iss and "SignedUninstaller=yes" in iss


def test_windows_build_script_signs_only_with_a_certificate() -> None:
    ps1 = (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert "hsconsole.__version__" in ps1
    assert "/DAppVersion=$version" in ps1
    assert "/fd sha256 /tr " in ps1 and " /td sha256" in ps1
    assert "if ($thumbprint)" in ps1
    assert "--self-test" in ps1 and "HSCONSOLE_SELFTEST_OUTPUT" in ps1


def test_macos_build_script_signs_notarises_and_staples_only_with_credentials() -> None:
    script = PACKAGING / "macos" / "build.sh"
    text = script.read_text(encoding="utf-8")
    for needle in (
        "codesign --force --options runtime --timestamp",
        "hdiutil create",
        "xcrun notarytool submit",
        "--wait",
        "xcrun stapler staple",
        'if [ -z "$identity" ]',
        "--self-test",
    ):
        assert needle in text
    assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_ci_workflow_builds_and_smoke_tests_all_three() -> None:
    text = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    assert "\t" not in text
    for needle in ("ubuntu-", "windows-", "macos-", "build-linux.sh", "build.ps1", "macos/build.sh", "appmeta"):
        assert needle in text
    assert text.count("--self-test") >= 3
    assert text.count("actions/upload-artifact") == 3


def test_desktop_file_registers_the_url_scheme() -> None:
    desktop = (PACKAGING / "linux" / "hsconsole.desktop").read_text(encoding="utf-8")
    assert "MimeType=x-scheme-handler/hsconsole;" in desktop
    assert re.search(r"^Exec=hsconsole %u$", desktop, re.MULTILINE)
    assert "Icon=hsconsole" in desktop


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_icons_are_committed_in_every_size() -> None:
    make_icons = load("make_icons")
    assert make_icons.SOURCE.is_file()
    for size in make_icons.SIZES:
        assert png_size(make_icons.png_path(size)) == (size, size)
    assert {size for _name, size in make_icons.ICONSET} <= set(make_icons.SIZES)


def test_windows_icon_from_the_pngs(tmp_path: Path) -> None:
    pytest.importorskip("PIL", reason="Pillow makes the .ico at build time (Windows and macOS builds install it)")
    make_icons = load("make_icons")
    make_icons.make_ico(tmp_path / "hsconsole.ico")
    assert (tmp_path / "hsconsole.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def fake_bundle(folder: Path) -> Path:
    bundle = folder / "hsconsole"
    icons = bundle / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for png in (ROOT / "resources" / "icons").glob("hsconsole-*.png"):
        shutil.copy(png, icons)
    exe = bundle / "hsconsole"
    exe.write_text("#!/bin/sh\necho hsconsole\n")
    exe.chmod(0o755)
    shutil.copy(PACKAGING / "linux" / "install.sh", bundle)
    shutil.copy(PACKAGING / "linux" / "hsconsole.desktop", bundle)
    return bundle


def test_linux_install_script_registers_and_unregisters(tmp_path: Path) -> None:
    subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install.sh")], check=True)
    bundle = fake_bundle(tmp_path / "unpacked")
    home = tmp_path / "home with space"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("XDG_")},
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    installed = subprocess.run(
        ["sh", str(bundle / "install.sh")], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    appdir = home / ".local" / "share" / "hsconsole"
    desktop = (home / ".local" / "share" / "applications" / "hsconsole.desktop").read_text(encoding="utf-8")
    assert f'Exec="{appdir}/hsconsole" %u' in desktop
    assert "MimeType=x-scheme-handler/hsconsole;" in desktop
    assert (home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "hsconsole.png").is_file()
    assert (home / ".local" / "bin" / "hsconsole").resolve() == (appdir / "hsconsole").resolve()
    if shutil.which("xdg-mime"):  # the per-user default handler it wrote (xdg-mime's query trips on spaces)
        mimeapps = (home / ".config" / "mimeapps.list").read_text(encoding="utf-8")
        assert "x-scheme-handler/hsconsole=hsconsole.desktop" in mimeapps
    removed = subprocess.run(
        ["sh", str(appdir / "install.sh"), "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not appdir.exists()
    assert not (home / ".local" / "share" / "applications" / "hsconsole.desktop").exists()
    assert not (home / ".local" / "bin" / "hsconsole").exists()


# ---------------------------------------------------------------- the frozen bundle


@pytest.mark.bundle
@pytest.mark.timeout(1200)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle")
def test_linux_bundle_builds_and_its_self_test_passes_offscreen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = tmp_path / "dist"
    env = {
        **os.environ,
        "HSCONSOLE_DIST": str(dist),
        "HSCONSOLE_WORK": str(tmp_path / "work"),
        # ./dev.sh test has just set the virtualenv up; the rest is the documented command as it is
        "HSCONSOLE_SKIP_SETUP": "1",
    }
    try:
        check_linux_bundle(tmp_path, env, capsys)
    finally:  # 200+ MB: do not keep them among pytest's last three temporary folders
        shutil.rmtree(dist, ignore_errors=True)
        shutil.rmtree(tmp_path / "work", ignore_errors=True)


def check_linux_bundle(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    dist = tmp_path / "dist"
    started = time.monotonic()
    built = subprocess.run(
        [str(PACKAGING / "build-linux.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1100,
        check=False,
    )
    build_seconds = time.monotonic() - started
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-5000:]
    bundle = dist / "hsconsole"
    exe = bundle / "hsconsole"
    tarball = dist / f"hsconsole-{hsconsole.__version__}-linux-{platform.machine()}.tar.gz"
    assert exe.is_file() and os.access(exe, os.X_OK)
    assert tarball.is_file()
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    assert {"hsconsole/hsconsole", "hsconsole/install.sh", "hsconsole/hsconsole.desktop"} <= names

    # the frozen app, as a setter's machine would run it: no forced keyring backend, no display
    frozen_env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DISPLAY")}
    frozen_env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [str(exe), "--self-test"], env=frozen_env, capture_output=True, text=True, timeout=120, check=False
    )
    line = summary_line(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert line.startswith(f"hsconsole {hsconsole.__version__} self-test: PASS ")
    for check in (*CHECKS, "icon", "build=frozen"):
        assert f" {check}" in line
    assert "qt=offscreen" in line
    assert DEFAULT_TOKEN not in done.stdout + done.stderr

    internal = bundle / "_internal"
    assert (internal / "hsconsole" / "sim" / "README.md").is_file()
    assert (internal / "tzdata" / "zoneinfo" / "Pacific" / "Honolulu").is_file()
    assert not list(internal.rglob("*geodata*")), "phonenumbers' geocoder data is excluded"
    assert not list(internal.rglob("*Qt6Quick*"))
    assert (internal / "resources" / "i18n" / "hsconsole_es.qm").is_file()
    qt_words = sorted(p.name for p in internal.rglob("translations/*") if p.is_file())
    assert qt_words == ["qtbase_es.qm"], "of Qt's own translations only the base module's, in our languages"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 250 * 1024 * 1024, f"the bundle grew to {size / 2**20:.0f} MiB"
    with capsys.disabled():
        print(
            f"\nLinux bundle: {size / 2**20:.0f} MiB in {bundle.name}/, "
            f"tarball {tarball.stat().st_size / 2**20:.0f} MiB, built in {build_seconds:.0f} s; {line}"
        )
