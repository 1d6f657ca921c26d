"""The CLI's help and usage text is argparse's own, at the terminal's width, although its
formatter asks the width only when it makes text (tunnelgui/cli.py, issue 13's start memory)."""

from __future__ import annotations

import argparse

import pytest

from tunnelgui.cli import build_parser

COMMANDS = ([], ["forward"], ["run"], ["profiles"], ["profiles", "add"], ["profiles", "import"])


def parser_for(words: list[str], formatter: type[argparse.HelpFormatter] | None):
    """The parser of the command `words` names, from a fresh build_parser()."""
    parser = build_parser([*words, "--help"])
    for word in words:
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = subparsers.choices[word]
    if formatter is not None:
        parser.formatter_class = formatter
    return parser


@pytest.mark.parametrize("columns", ["34", "52", "80", "131", "250"])
@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "top")
def test_help_and_usage_match_argparse_at_the_terminal_width(monkeypatch, words, columns):
    monkeypatch.setenv("COLUMNS", columns)  # what shutil.get_terminal_size() reads first
    ours = parser_for(words, None)
    plain = parser_for(words, argparse.HelpFormatter)
    assert ours.formatter_class is not argparse.HelpFormatter
    assert ours.format_help() == plain.format_help()
    assert ours.format_usage() == plain.format_usage()
    assert ours.prog == plain.prog


def test_subcommand_progs_are_what_argparse_formats(monkeypatch):
    monkeypatch.setenv("COLUMNS", "20")
    assert parser_for(["forward"], None).prog == "tunnelgui forward"
    assert parser_for(["profiles", "add"], None).prog == "tunnelgui profiles add"
