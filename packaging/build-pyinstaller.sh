#!/usr/bin/env bash
# Build the one-folder TunnelGUI app with PyInstaller in a throwaway venv, then prove it starts.
# Usage: bash packaging/build-pyinstaller.sh [DIST_DIR]     (default DIST_DIR: dist/pyinstaller)
# Needs Python 3.11+ with venv and the package registry (PyInstaller and the app's dependencies
# are installed from PyPI into the throwaway venv; nothing is installed anywhere else).
# Linux and macOS; for Windows run the same steps in PowerShell (see packaging/README.md).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
dist="$(mkdir -p "${1:-$root/dist/pyinstaller}" && cd "${1:-$root/dist/pyinstaller}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/tunnelgui-pyinstaller.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "build: throwaway venv in $work"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check pyinstaller "$root"

echo "build: pyinstaller $("$work/venv/bin/pyinstaller" --version)"
"$work/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work/build" "$root/packaging/tunnelgui.spec"

app="$dist/tunnelgui"
program="$app/tunnelgui"
[[ -x "$app/tunnelgui-cli" ]] && program="$app/tunnelgui-cli"

echo "check: $program --version"
"$program" --version

# The bundle finds its own resources: installing the desktop entry copies the bundled icons.
echo "check: resources inside the bundle"
XDG_DATA_HOME="$work/share" "$program" --install-desktop-entry
test -s "$work/share/icons/hicolor/48x48/apps/io.github.tunnelgui.TunnelGUI.png"
find "$app" -name 'libqsvg*' -o -name 'qsvg*.dll' -o -name 'libqsvgicon*' | grep -q . \
  || { echo "check: the Qt SVG plugins are missing from the bundle" >&2; exit 1; }

echo "built: $app ($(du -sh "$app" | cut -f1))"
