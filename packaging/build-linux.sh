#!/usr/bin/env bash
# Build the Linux bundle from a clean clone, in one command:
#
#   ./packaging/build-linux.sh
#
# makes dist/hsconsole/ (the one-folder app: run dist/hsconsole/hsconsole) and
# dist/hsconsole-<version>-linux-<arch>.tar.gz (that folder, with install.sh and hsconsole.desktop),
# smoke-tests the bundle with --self-test (offscreen) and prints the sizes.
#
# Environment (optional):
#   HSCONSOLE_DIST=DIR     where the bundle and the tarball go (default: dist)
#   HSCONSOLE_WORK=DIR     PyInstaller's work folder (default: build/pyinstaller)
#   HSCONSOLE_SKIP_SETUP=1 use the existing .venv as it is (default: ./dev.sh setup first)
#   HSCONSOLE_SKIP_SELFTEST=1 do not run the bundle's --self-test
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=${HSCONSOLE_DIST:-$root/dist}
work=${HSCONSOLE_WORK:-$root/build/pyinstaller}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ "${HSCONSOLE_SKIP_SETUP:-}" != 1 ]; then
  ./dev.sh setup
fi
py=$root/.venv/bin/python
version=$("$py" -c 'import hsconsole; print(hsconsole.__version__)')
arch=$(uname -m)
bundle=$dist/hsconsole
tarball=$dist/hsconsole-$version-linux-$arch.tar.gz

say "PyInstaller: hsconsole $version for linux-$arch into $bundle"
started=$(date +%s)
"$py" -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" packaging/hsconsole.spec
cp packaging/linux/install.sh packaging/linux/hsconsole.desktop "$bundle/"
chmod +x "$bundle/install.sh"

if [ "${HSCONSOLE_SKIP_SELFTEST:-}" != 1 ]; then
  say "self-test of the bundle (offscreen)"
  QT_QPA_PLATFORM=offscreen "$bundle/hsconsole" --self-test
fi

say "tarball"
rm -f "$tarball"
tar -C "$dist" -czf "$tarball" hsconsole
elapsed=$(( $(date +%s) - started ))

say "built in ${elapsed}s"
printf 'bundle:  %s\t%s\n' "$(du -sh "$bundle" | cut -f1)" "$bundle"
printf 'tarball: %s\t%s\n' "$(du -sh "$tarball" | cut -f1)" "$tarball"
