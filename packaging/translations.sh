#!/usr/bin/env bash
# The window's Qt translations: sources (.ts) from the code, compiled catalogs (.qm) from those.
# Usage: bash packaging/translations.sh [update|build]     (no argument: update, then build)
#   update  pyside6-lupdate over tunnelgui/ui/*.py and tunnelgui/app.py into
#           resources/translations/tunnelgui_<lang>.ts: new strings come in unfinished, strings
#           gone from the code are dropped, existing translations are kept.
#   build   pyside6-lrelease of each .ts into resources/translations/tunnelgui_<lang>.qm.
# Commit both. tunnelgui_en.ts holds only the plural forms ("%n tunnel(s)" -> "1 tunnel",
# "2 tunnels"): English is the source language, the rest needs no catalog.
# TRANSLATIONS_DIR puts the .ts and .qm elsewhere (the tests check a copy against the code).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${TRANSLATIONS_DIR:-$root/resources/translations}"
languages=(zh_CN en)

tool() {
  # The venv's tools first (packaging/setup.sh), then PATH.
  if [[ -x "$root/.venv/bin/pyside6-$1" ]]; then
    echo "$root/.venv/bin/pyside6-$1"
  elif command -v "pyside6-$1" >/dev/null; then
    command -v "pyside6-$1"
  else
    echo "translations: pyside6-$1 not found (install PySide6 or run packaging/setup.sh)" >&2
    exit 1
  fi
}

update() {
  local lupdate
  lupdate="$(tool lupdate)"
  mkdir -p "$out"
  # Sorted, relative paths: the same input in any checkout. No line numbers in the .ts, so an
  # edit elsewhere in a file does not change it.
  local sources
  mapfile -t sources < <(cd "$root" && ls tunnelgui/ui/*.py tunnelgui/app.py | LC_ALL=C sort)
  for language in "${languages[@]}"; do
    local extra=()
    [[ "$language" == en ]] && extra=(-pluralonly)
    (cd "$root" && "$lupdate" "${sources[@]}" -locations none -no-obsolete -silent \
      -source-language en -target-language "$language" "${extra[@]}" \
      -ts "$out/tunnelgui_$language.ts")
    echo "update: $out/tunnelgui_$language.ts"
  done
}

build() {
  local lrelease
  lrelease="$(tool lrelease)"
  for language in "${languages[@]}"; do
    "$lrelease" -silent "$out/tunnelgui_$language.ts" -qm "$out/tunnelgui_$language.qm"
    echo "build: $out/tunnelgui_$language.qm"
  done
}

case "${1:-all}" in
  update) update ;;
  build) build ;;
  all) update && build ;;
  *) echo "usage: $0 [update|build]" >&2; exit 2 ;;
esac
