#!/usr/bin/env bash
# The gettext catalogs (issue 14) of what is not Qt's: the CLI, headless runs, profile and
# settings messages (Qt's widgets have their own .ts/.qm). Driven by Babel (the test extras).
#
#   bash packaging/gettext.sh update   # extract resources/locale/tunnelgui.pot from tunnelgui/
#                                      # and merge it into every <lang>/LC_MESSAGES/tunnelgui.po
#   bash packaging/gettext.sh build    # compile each .po to the tunnelgui.mo beside it
#   bash packaging/gettext.sh          # both
#
# The .pot, .po and .mo files are committed; tests/test_gettext_catalog.py fails when the code
# has a msgid the .po lacks, a translation is missing or fuzzy, or the .mo is not the .po's.
# A new language: LANGS="zh_CN xx" bash packaging/gettext.sh update (then translate it, add
# it to tunnelgui.i18n.SUPPORTED and build).
set -euo pipefail
cd "$(dirname "$0")/.."

pybabel="${PYBABEL:-.venv/bin/pybabel}"
[[ -x $pybabel ]] || pybabel="$(command -v pybabel)" || {
  echo "gettext.sh: pybabel not found; run: bash packaging/setup.sh --test" >&2
  exit 1
}
locale_dir=resources/locale
pot="$locale_dir/tunnelgui.pot"
langs="${LANGS:-zh_CN}"
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' tunnelgui/__init__.py)"

update() {
  # Only our own markers: _() and N_() for sentences, ngettext() and N_plural() for counted
  # ones (tests/test_gettext_catalog.py extracts with the same). argparse's words are listed in
  # tunnelgui/cli.py (ARGPARSE_WORDS), so they are extracted too.
  "$pybabel" extract --no-default-keywords -k _ -k N_ -k ngettext:1,2 -k N_plural:1,2 \
    --add-comments=TRANSLATORS: --width=100 --sort-by-file \
    --project=TunnelGUI --version="$version" --copyright-holder="TunnelGUI developers" \
    --msgid-bugs-address="https://github.com/tunnelgui/tunnelgui/issues" \
    -o "$pot" tunnelgui
  for lang in $langs; do
    po="$locale_dir/$lang/LC_MESSAGES/tunnelgui.po"
    if [[ -f $po ]]; then
      # No fuzzy matching: a new sentence arrives untranslated, and the catalog test says so.
      "$pybabel" update --domain=tunnelgui --input-file="$pot" --output-dir="$locale_dir" \
        --locale="$lang" --no-fuzzy-matching --ignore-obsolete --width=100
    else
      "$pybabel" init --domain=tunnelgui --input-file="$pot" --output-dir="$locale_dir" \
        --locale="$lang" --width=100
    fi
  done
}

build() {
  "$pybabel" compile --domain=tunnelgui --directory="$locale_dir" --statistics
}

case "${1:-all}" in
  update) update ;;
  build) build ;;
  all) update && build ;;
  *) echo "usage: bash packaging/gettext.sh [update|build]" >&2; exit 2 ;;
esac
