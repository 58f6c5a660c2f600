#!/usr/bin/env bash
# Build HeavySet Console for macOS: the .app, signed and notarised when credentials are given.
#
#   ./packaging/macos/build.sh
#
# 1. a virtualenv in .venv with hsconsole[dev] (PyInstaller) and Pillow
# 2. PyInstaller: dist/HeavySet Console.app (Info.plist from packaging/macos/Info.plist, version from
#    hsconsole.__version__, icon made from the committed PNGs with iconutil)
# 3. with CODESIGN_IDENTITY (a "Developer ID Application: ..." identity in the keychain): every binary
#    is signed by PyInstaller with the hardened runtime, a secure timestamp and
#    packaging/macos/entitlements.plist; the .app is then signed again as a whole and verified
# 4. the app's --self-test (signed or not)
# 5. dist/hsconsole-<version>-macos-<arch>.dmg (hdiutil), signed when CODESIGN_IDENTITY is set
# 6. with notarisation credentials as well: xcrun notarytool submit --wait, then xcrun stapler staple
#
# Without CODESIGN_IDENTITY it stops after the unsigned .dmg and says so; with an identity but no
# notarisation credentials it stops after the signed .dmg. Credentials (one of):
#   NOTARY_KEYCHAIN_PROFILE                       a profile saved with `xcrun notarytool store-credentials`
#   NOTARY_APPLE_ID, NOTARY_TEAM_ID, NOTARY_PASSWORD   Apple ID with an app-specific password
#   NOTARY_KEY (path to AuthKey_XXX.p8), NOTARY_KEY_ID, NOTARY_ISSUER   App Store Connect API key
# Other environment: PYTHON (default python3, must be 3.11+), HSCONSOLE_SKIP_SETUP=1 (use .venv as is).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ "$(uname -s)" != Darwin ]; then
  echo "build.sh: this builds the macOS app and must run on macOS (use packaging/build-linux.sh on Linux)" >&2
  exit 2
fi

py=$root/.venv/bin/python
if [ "${HSCONSOLE_SKIP_SETUP:-}" != 1 ]; then
  [ -x "$py" ] || "${PYTHON:-python3}" -m venv .venv
  say "installing hsconsole[dev] and Pillow into .venv"
  "$py" -m pip install --quiet --upgrade pip
  "$py" -m pip install --quiet -e '.[dev]' 'pillow>=10.1'
fi

version=$("$py" -c 'import hsconsole; print(hsconsole.__version__)')
arch=$(uname -m)
app="$root/dist/HeavySet Console.app"
dmg="$root/dist/hsconsole-$version-macos-$arch.dmg"
entitlements="$root/packaging/macos/entitlements.plist"
identity=${CODESIGN_IDENTITY:-}
started=$(date +%s)

say "PyInstaller: HeavySet Console $version for macOS $arch${identity:+ (signing as $identity)}"
rm -rf "$app"
# the spec reads CODESIGN_IDENTITY itself: PyInstaller then signs each collected binary with
# --options=runtime --timestamp --entitlements, inside out
CODESIGN_IDENTITY="$identity" "$py" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" packaging/hsconsole.spec

if [ -n "$identity" ]; then
  say "signing the app bundle"
  codesign --force --options runtime --timestamp --entitlements "$entitlements" --sign "$identity" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
  codesign --display --verbose=2 "$app" 2>&1 | grep -E '^(Authority|TeamIdentifier|Timestamp|Runtime)' || true
fi

say "self-test of the app"
"$app/Contents/MacOS/hsconsole" --self-test

say "disk image"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "HeavySet Console $version" -srcfolder "$staging" -ov -format UDZO "$dmg"

finish() {
  local elapsed=$(( $(date +%s) - started ))
  say "built in ${elapsed}s"
  printf 'app: %s\t%s\n' "$(du -sh "$app" | cut -f1)" "$app"
  printf 'dmg: %s\t%s\n' "$(du -sh "$dmg" | cut -f1)" "$dmg"
}

if [ -z "$identity" ]; then
  finish
  say "UNSIGNED: $dmg is not signed nor notarised (set CODESIGN_IDENTITY, and NOTARY_* to notarise)."
  say "Gatekeeper will refuse to open it from a download; for testing: right-click the app, Open."
  exit 0
fi

codesign --force --timestamp --sign "$identity" "$dmg"

notary=()
if [ -n "${NOTARY_KEYCHAIN_PROFILE:-}" ]; then
  notary=(--keychain-profile "$NOTARY_KEYCHAIN_PROFILE")
elif [ -n "${NOTARY_APPLE_ID:-}" ] && [ -n "${NOTARY_TEAM_ID:-}" ] && [ -n "${NOTARY_PASSWORD:-}" ]; then
  notary=(--apple-id "$NOTARY_APPLE_ID" --team-id "$NOTARY_TEAM_ID" --password "$NOTARY_PASSWORD")
elif [ -n "${NOTARY_KEY:-}" ] && [ -n "${NOTARY_KEY_ID:-}" ] && [ -n "${NOTARY_ISSUER:-}" ]; then
  notary=(--key "$NOTARY_KEY" --key-id "$NOTARY_KEY_ID" --issuer "$NOTARY_ISSUER")
fi
if [ ${#notary[@]} -eq 0 ]; then
  finish
  say "SIGNED, NOT NOTARISED: set NOTARY_KEYCHAIN_PROFILE, or NOTARY_APPLE_ID/NOTARY_TEAM_ID/NOTARY_PASSWORD,"
  say "or NOTARY_KEY/NOTARY_KEY_ID/NOTARY_ISSUER to notarise and staple $dmg."
  exit 0
fi

say "notarising (xcrun notarytool submit --wait)"
result=$(xcrun notarytool submit "$dmg" "${notary[@]}" --wait --output-format json)
echo "$result"
status=$(printf '%s' "$result" | "$py" -c 'import json, sys; print(json.load(sys.stdin).get("status", ""))')
if [ "$status" != Accepted ]; then
  submission=$(printf '%s' "$result" | "$py" -c 'import json, sys; print(json.load(sys.stdin).get("id", ""))')
  [ -n "$submission" ] && xcrun notarytool log "$submission" "${notary[@]}" || true
  echo "build.sh: notarisation ended with status '$status'" >&2
  exit 1
fi

say "stapling"
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
finish
say "SIGNED AND NOTARISED: $dmg"
