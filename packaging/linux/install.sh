#!/bin/sh
# Install HeavySet Console from this unpacked bundle, for this user (default) or for everyone.
#
#   ./install.sh               this user: ~/.local/share/hsconsole, ~/.local/bin/hsconsole,
#                              the menu entry and the hsconsole: link handler
#   sudo ./install.sh --system everyone: /opt/hsconsole, /usr/local/bin/hsconsole, /usr/local/share
#   ./install.sh --uninstall   remove what the install put there (add --system for a system install);
#                              settings, tokens in the keychain and the outbox are kept
#
# Registering the hsconsole: scheme means a .desktop file with MimeType=x-scheme-handler/hsconsole
# (the freedesktop.org way); update-desktop-database, xdg-mime and gtk-update-icon-cache are run
# when they are installed, and skipped (with a note) when not.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
mode=user
action=install
for arg in "$@"; do
  case "$arg" in
    --system) mode=system ;;
    --uninstall) action=uninstall ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ "$mode" = system ]; then
  appdir=/opt/hsconsole
  bindir=/usr/local/bin
  share=/usr/local/share
else
  share=${XDG_DATA_HOME:-$HOME/.local/share}
  appdir=$share/hsconsole
  bindir=$HOME/.local/bin
fi
apps=$share/applications
icons=$share/icons/hicolor
sizes="16 32 48 64 128 256 512"

note() { printf '%s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

refresh() {
  if have update-desktop-database; then update-desktop-database -q "$apps" 2>/dev/null || true
  else note "(update-desktop-database not found: the menu may show the entry after the next login)"; fi
  if have gtk-update-icon-cache && [ -f "$icons/index.theme" ]; then gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true; fi
}

if [ "$action" = uninstall ]; then
  rm -f "$apps/hsconsole.desktop" "$bindir/hsconsole"
  for size in $sizes; do rm -f "$icons/${size}x${size}/apps/hsconsole.png"; done
  case "$appdir" in */hsconsole) rm -rf "$appdir" ;; esac
  refresh
  note "HeavySet Console removed. Settings, keychain entries and the outbox are kept."
  exit 0
fi

if [ ! -x "$here/hsconsole" ] || [ ! -d "$here/_internal" ]; then
  echo "install.sh: run me from the unpacked hsconsole folder (hsconsole and _internal beside me)" >&2
  exit 1
fi

if [ "$here" != "$appdir" ]; then
  rm -rf "$appdir.new"
  mkdir -p "$appdir.new"
  cp -a "$here/." "$appdir.new/"
  rm -rf "$appdir"
  mv "$appdir.new" "$appdir"
fi
mkdir -p "$bindir" "$apps"
ln -sf "$appdir/hsconsole" "$bindir/hsconsole"

for size in $sizes; do
  src="$appdir/_internal/resources/icons/hsconsole-$size.png"
  if [ -f "$src" ]; then
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$src" "$icons/${size}x${size}/apps/hsconsole.png"
  fi
done

# Exec and TryExec with the absolute path, quoted as the Desktop Entry spec asks when it has spaces
exe="$appdir/hsconsole"
case "$exe" in *' '*) quoted="\"$exe\"" ;; *) quoted=$exe ;; esac
sed -e "s|^Exec=.*|Exec=$quoted %u|" -e "s|^TryExec=.*|TryExec=$exe|" \
  "$appdir/hsconsole.desktop" >"$apps/hsconsole.desktop"
chmod 644 "$apps/hsconsole.desktop"
refresh

if [ "$mode" = user ]; then
  if have xdg-mime; then
    xdg-mime default hsconsole.desktop x-scheme-handler/hsconsole 2>/dev/null ||
      note "(xdg-mime could not set the hsconsole: handler; the .desktop MimeType still declares it)"
  else
    note "(xdg-mime not found: the hsconsole: handler is declared in the .desktop file only)"
  fi
fi

note "HeavySet Console installed in $appdir"
note "  start it from the menu, or run: $bindir/hsconsole"
note "  check it with: $bindir/hsconsole --self-test"
case ":$PATH:" in *":$bindir:"*) ;; *) note "  ($bindir is not on your PATH)";; esac
