"""Clashes of an import with saved profiles, and per-profile decisions in plan_import."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tunnelgui.profiles.exchange import plan_import
from tunnelgui.profiles.import_clashes import KEEP_BOTH, REPLACE, SKIP, find_clashes, preview
from tunnelgui.profiles.model import Profile, ProfileOptions

WEB = Profile("web", 8080, "127.0.0.1", 80)
DB = Profile("db", 5432, "db.internal", 5432)


def test_identical_copies_and_new_profiles_are_no_clash():
    incoming = [WEB, replace(DB, id="other"), Profile("new", 9000, "h", 1)]
    assert find_clashes([WEB, DB], incoming) == []


def test_differences_name_each_changed_field_and_option():
    changed = replace(WEB, target_port=8081, options=ProfileOptions(max_connections=5))
    (clash,) = find_clashes([WEB, DB], [changed])
    assert clash.same_id and clash.saved is WEB and clash.place == 0
    assert clash.differences == (
        "target port: 80 \u2192 8081",
        "max connections: no limit \u2192 5",
    )


@pytest.mark.parametrize(
    ("choice", "names", "target_port"),
    [
        (REPLACE, ["db", "web"], 81),
        (KEEP_BOTH, ["db", "web", "web (2)"], 80),
        (SKIP, ["db", "web"], 80),
    ],
)
def test_decisions_override_the_policy_per_place(choice, names, target_port):
    incoming = [replace(WEB, target_port=81), replace(DB, target_host="elsewhere")]
    plan = plan_import([WEB, DB], incoming, "auto", {0: choice, 1: SKIP})
    kept = [p for p in [WEB, DB] if p.id not in plan.remove_ids] + plan.add
    assert sorted(p.name for p in kept) == names
    assert next(p for p in kept if p.id == WEB.id).target_port == target_port
    assert plan.summary.skipped[-1] == "db"


def test_a_bad_decision_is_refused():
    with pytest.raises(ValueError, match="not 'merge'"):
        plan_import([WEB], [replace(WEB, target_port=1)], "auto", {0: "merge"})


def test_keep_both_preview_names_the_new_name_and_the_shared_port():
    (clash,) = find_clashes([WEB], [replace(WEB, id="x", target_port=81)])
    plan = plan_import([WEB], [clash.incoming], "auto", {0: KEEP_BOTH})
    assert preview(clash, KEEP_BOTH, plan, [WEB]) == (
        "Added as \u201cweb (2)\u201d beside the saved \u201cweb\u201d. It listens on "
        "127.0.0.1:8080 like \u201cweb\u201d: only one of them can run at a time."
    )
