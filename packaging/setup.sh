#!/usr/bin/env bash
# Set up a checkout to run TunnelGUI: the system libraries Qt needs on Debian/Ubuntu (installed
# when missing, as root or with sudo), then a venv in .venv with TunnelGUI installed (editable).
#
#   bash packaging/setup.sh            # the app
#   bash packaging/setup.sh --test     # the app plus what the tests need (xvfb, trayer, ...)
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's X11/EGL runtime libraries (PySide6's wheels do not carry them) and a font.
debs=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
      libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
      libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
extra="."
if [[ ${1:-} == --test ]]; then
  # A virtual screen, a tray host and a mouse (xdotool clicks the tray icon) for the real-tray
  # tests, socat for the benchmark comparison, validators for the desktop metadata, and a real
  # OpenSSH server and client for the SSH-hop tests.
  debs+=(xvfb trayer xdotool socat desktop-file-utils appstream openssh-server openssh-client)
  extra=".[test]"
fi

if command -v dpkg >/dev/null; then
  missing=()
  for pkg in "${debs[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    if [[ ${#sudo[@]} -eq 0 ]] || command -v sudo >/dev/null; then
      echo "setup: installing ${missing[*]}"
      "${sudo[@]}" apt-get update -qq
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
    else
      echo "setup: please install ${missing[*]} (apt-get); continuing without them" >&2
    fi
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e "$extra"
echo "setup: ready; run .venv/bin/tunnelgui"
