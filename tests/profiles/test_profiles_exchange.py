"""Export and import: round trips, conflict policies, rinetd and OpenSSH configs."""

from __future__ import annotations

import dataclasses
import json
import socket
from pathlib import Path

import pytest

from tunnelgui.profiles import rinetd
from tunnelgui.profiles.exchange import (
    ImportRefused,
    ImportSummary,
    detect_source,
    export_error_reason,
    export_profiles,
    import_file,
    import_summary_lines,
    plan_import,
)
from tunnelgui.profiles.foreign import ForeignConfigError
from tunnelgui.profiles.model import Profile, ProfileOptions, new_profile_id
from tunnelgui.profiles.sshconfig import parse_ssh_config
from tunnelgui.profiles.store import ProfileStore

FIXTURES = Path(__file__).parent / "fixtures"


def profile(name: str, port: int, **changes) -> Profile:
    base = Profile(name=name, listen_port=port, target_host=f"{name}.example", target_port=80)
    return dataclasses.replace(base, **changes)


@pytest.fixture
def store(tmp_path) -> ProfileStore:
    return ProfileStore.open(tmp_path / "mine" / "profiles.json")


@pytest.fixture
def other_store(tmp_path) -> ProfileStore:
    return ProfileStore.open(tmp_path / "theirs" / "profiles.json")


def fill(store: ProfileStore, *profiles: Profile) -> None:
    for p in profiles:
        store.add(p)


# --- export and round trip ----------------------------------------------------------------


def test_export_then_import_gives_equal_profiles(store, other_store, tmp_path):
    fill(
        store,
        profile(
            "web",
            18080,
            autostart=True,
            group="work",
            notes="line one\nline two ünïcode",
            options=ProfileOptions(
                connect_timeout=2.5,
                idle_timeout=60,
                max_connections=4,
                allowed_networks=("127.0.0.0/8", "::1/128"),
            ),
        ),
        profile("v6", 18081, listen_host="::1", target_host="2001:db8::1"),
    )
    exported = tmp_path / "shared.json"
    export_profiles(exported, store.profiles())
    summary = import_file(other_store, exported)
    assert summary.added == ["web", "v6"]
    assert other_store.profiles() == store.profiles()
    assert ProfileStore.open(other_store.path).profiles() == store.profiles()


def test_export_is_pretty_sorted_and_limited_to_the_chosen(store, tmp_path):
    fill(store, profile("a", 18080), profile("b", 18081), profile("c", 18082))
    exported = tmp_path / "two.json"
    export_profiles(exported, [store.find_by_name("c"), store.find_by_name("a")])
    text = exported.read_text()
    document = json.loads(text)
    assert [p["name"] for p in document["profiles"]] == ["c", "a"]
    assert list(document) == ["format", "profiles", "version"]
    assert text.startswith('{\n  "format": "tunnelgui-profiles",')
    assert set(document["profiles"][0]) == {
        "id",
        "name",
        "listen_host",
        "listen_port",
        "target_host",
        "target_port",
        "autostart",
        "group",
        "notes",
        "options",
    }


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/out.json", "the folder {tmp}/missing does not exist"),
        ("a-file/out.json", "{tmp}/a-file is not a folder"),
        ("a-folder", "it is a folder; give the name of a file to write"),
    ],
)
def test_export_errors_are_about_the_chosen_file_not_the_temp_file(tmp_path, where, reason):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder").mkdir()
    target = tmp_path / where
    with pytest.raises(OSError) as failed:
        export_profiles(target, [profile("web", 18080)])
    assert export_error_reason(target, failed.value) == reason.format(tmp=tmp_path)
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_refused_import_changes_nothing(store, tmp_path):
    fill(store, profile("web", 18080))
    before = store.path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "tunnelgui-profiles",
                "version": 2,
                "profiles": [
                    {"name": "fine", "listen_port": 18090, "target_host": "h", "target_port": 1},
                    {"name": "broken", "listen_port": 18091, "target_host": "", "target_port": 1},
                ],
            }
        )
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(store, bad)
    assert str(refused.value) == (
        f"file {bad}, profile 'broken' (#2), field 'target_host': Target host must not be empty"
    )
    assert store.path.read_bytes() == before
    assert [p.name for p in store.profiles()] == ["web"]


def test_a_missing_file_is_refused_in_a_sentence(store, tmp_path):
    with pytest.raises(ImportRefused, match=r"file .*nothere\.json: cannot read it"):
        import_file(store, tmp_path / "nothere.json")


def test_a_file_of_unknown_kind_is_refused(store, tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n")
    with pytest.raises(ImportRefused, match="say which with --from"):
        import_file(store, odd)


# --- conflicts ----------------------------------------------------------------------------

SAVED_WEB = profile("web", 18080)


def incoming_cases() -> dict[str, Profile]:
    return {
        "identical": SAVED_WEB,
        "same id, changed": dataclasses.replace(SAVED_WEB, notes="changed elsewhere"),
        "same name, other id": profile("web", 18085),
        "same name and settings, other id": dataclasses.replace(SAVED_WEB, id=new_profile_id()),
        "new": profile("api", 18086),
    }


# case -> policy -> (saved names afterwards, summary fields)
EXPECTED = {
    ("identical", "auto"): (["web"], {"skipped": ["web"]}),
    ("identical", "skip"): (["web"], {"skipped": ["web"]}),
    ("identical", "rename"): (["web", "web (2)"], {"renamed": [("web", "web (2)")]}),
    ("identical", "replace"): (["web"], {"replaced": ["web"]}),
    ("same id, changed", "auto"): (["web", "web (2)"], {"renamed": [("web", "web (2)")]}),
    ("same id, changed", "skip"): (["web"], {"skipped": ["web"]}),
    ("same id, changed", "rename"): (["web", "web (2)"], {"renamed": [("web", "web (2)")]}),
    ("same id, changed", "replace"): (["web"], {"replaced": ["web"]}),
    ("same name, other id", "auto"): (["web", "web (2)"], {"renamed": [("web", "web (2)")]}),
    ("same name, other id", "skip"): (["web"], {"skipped": ["web"]}),
    ("same name, other id", "rename"): (["web", "web (2)"], {"renamed": [("web", "web (2)")]}),
    ("same name, other id", "replace"): (["web"], {"replaced": ["web"]}),
    ("same name and settings, other id", "auto"): (["web"], {"skipped": ["web"]}),
    ("same name and settings, other id", "skip"): (["web"], {"skipped": ["web"]}),
    ("same name and settings, other id", "rename"): (
        ["web", "web (2)"],
        {"renamed": [("web", "web (2)")]},
    ),
    ("same name and settings, other id", "replace"): (["web"], {"replaced": ["web"]}),
    ("new", "auto"): (["web", "api"], {"added": ["api"]}),
    ("new", "skip"): (["web", "api"], {"added": ["api"]}),
    ("new", "rename"): (["web", "api"], {"added": ["api"]}),
    ("new", "replace"): (["web", "api"], {"added": ["api"]}),
}


@pytest.mark.parametrize(("case", "policy"), sorted(EXPECTED))
def test_conflict_policies(store, tmp_path, case, policy):
    store.add(SAVED_WEB)
    incoming = incoming_cases()[case]
    shared = tmp_path / "incoming.json"
    export_profiles(shared, [incoming])
    summary = import_file(store, shared, on_conflict=policy)
    names, fields = EXPECTED[case, policy]
    assert [p.name for p in ProfileStore.open(store.path).profiles()] == names
    for field in ("added", "renamed", "replaced", "skipped"):
        assert getattr(summary, field) == fields.get(field, []), field
    ids = [p.id for p in store.profiles()]
    assert len(set(ids)) == len(ids)
    if policy == "replace" and case != "new":
        assert store.find_by_name("web") == incoming  # the file's version, with the file's id
    if case == "same id, changed" and policy == "auto":
        assert any("different settings" in note for note in summary.notes)
        assert store.find_by_name("web") == SAVED_WEB  # the saved one is kept as it was
    if case.startswith(("identical", "same name and settings")) and policy == "auto":
        assert "1 profile is already saved with the same settings" in " ".join(summary.notes)
        assert store.profiles() == [SAVED_WEB]


@pytest.mark.parametrize(
    "source",
    ["foreign/rinetd.conf", "foreign/ssh_config", "good/v1.json", "good/minimal-v2.json"],
)
def test_importing_a_file_without_ids_again_adds_nothing(store, source):
    first = import_file(store, FIXTURES / source)
    saved = store.path.read_bytes()
    again = import_file(store, FIXTURES / source)
    assert again.added == [] and again.renamed == [] and again.replaced == []
    assert again.skipped == first.added
    count = len(first.added)
    assert any(
        f"{count} profile{'s are' if count != 1 else ' is'} already saved with the same settings"
        in note
        for note in again.notes
    )
    assert store.path.read_bytes() == saved


def test_a_changed_target_under_the_same_name_is_imported_beside_the_saved_one(store, tmp_path):
    config = tmp_path / "ssh_config"
    config.write_text("Host bastion\n    LocalForward 15432 db.internal:5432\n")
    import_file(store, config)
    config.write_text("Host bastion\n    LocalForward 15432 db2.internal:5432\n")
    summary = import_file(store, config)
    assert summary.renamed == [("bastion 15432", "bastion 15432 (2)")] and summary.skipped == []
    targets = {p.name: p.target_host for p in store.profiles()}
    assert targets == {"bastion 15432": "db.internal", "bastion 15432 (2)": "db2.internal"}
    assert not any("same settings" in note for note in summary.notes)


def test_renamed_copies_get_warned_about_the_shared_port(store, tmp_path):
    store.add(SAVED_WEB)
    shared = tmp_path / "incoming.json"
    export_profiles(shared, [SAVED_WEB])
    summary = import_file(store, shared, on_conflict="rename")
    assert any(
        "Two profiles listen on 127.0.0.1:18080: 'web' and 'web (2)'" in n for n in summary.notes
    )


def test_rename_avoids_names_used_in_the_store_and_in_the_file():
    existing = [profile("web", 18080), profile("web (2)", 18081)]
    incoming = [profile("web", 18082), profile("web (3)", 18083)]
    plan = plan_import(existing, incoming, "auto")
    assert plan.summary.renamed == [("web", "web (4)")]
    assert plan.summary.added == ["web (3)"]


def test_replace_removes_both_the_same_id_and_the_same_name():
    by_id = profile("web", 18080)
    by_name = profile("api", 18081)
    incoming = dataclasses.replace(by_id, name="api")
    plan = plan_import([by_id, by_name], [incoming], "replace")
    assert sorted(plan.remove_ids) == sorted([by_id.id, by_name.id])
    assert plan.add == [incoming]


def test_unknown_policy_is_a_programming_error():
    with pytest.raises(ValueError, match="on_conflict"):
        plan_import([], [], "merge")


# --- rinetd -------------------------------------------------------------------------------


def test_rinetd_config_import(store):
    summary = import_file(store, FIXTURES / "foreign" / "rinetd.conf")
    got = {p.name: p for p in store.profiles()}
    assert list(got) == ["intranet.example.com:80", "db.internal:5432", "[::1]:18080"]
    intranet = got["intranet.example.com:80"]
    assert (intranet.listen_host, intranet.listen_port) == ("0.0.0.0", 8080)
    assert (intranet.target_host, intranet.target_port) == ("intranet.example.com", 80)
    assert intranet.group == "rinetd" and "line 9" in intranet.notes
    # global allow 192.168.1.* and 10.0.0.?, minus the forward's own deny 192.168.1.13
    allowed = set(intranet.options.allowed_networks)
    assert "192.168.1.12/32" in allowed and "192.168.1.14/31" in allowed
    assert not any(n.startswith("192.168.1.13") for n in allowed)
    assert {"10.0.0.0/29", "10.0.0.8/31"} <= allowed
    # its own allow 192.168.1.2? narrows the global rules to 192.168.1.20-29
    assert got["db.internal:5432"].options.allowed_networks == (
        "192.168.1.20/30",
        "192.168.1.24/30",
        "192.168.1.28/31",
    )
    assert got["[::1]:18080"].listen_host == "::1"
    notes = " ".join(summary.notes)
    assert "line 14 (0.0.0.0 53/udp) was not imported" in notes  # UDP
    assert "deny pattern '10.*.1.*' (line 16) is not a set of networks" in notes
    assert "logfile" in notes


@pytest.mark.parametrize(
    ("pattern", "networks"),
    [
        ("*", ["0.0.0.0/0", "::/0"]),
        ("10.1.2.3", ["10.1.2.3/32"]),
        ("::1", ["::1/128"]),
        ("192.168.*", ["192.168.0.0/16"]),
        ("10.*", ["10.0.0.0/8"]),
        ("192.168.1.1?", ["192.168.1.10/31", "192.168.1.12/30", "192.168.1.16/30"]),
        ("192.168.1.*5", None),
        ("10.*.1.*", None),
        ("192.168.1*", None),
        ("300.1.*", None),
        ("host.example.com", None),
        ("10.0.0.0/24", None),
    ],
)
def test_rinetd_patterns_convert_only_when_exact(pattern, networks):
    converted = rinetd._pattern_networks(pattern)
    if networks is None:
        assert converted is None
    else:
        assert [str(n) for n in converted] == networks


def test_rinetd_rules_that_let_no_one_in_skip_the_forward():
    config = rinetd.parse_rinetd("allow 10.0.0.*\n127.0.0.1 18080 h 80\ndeny 10.0.0.*\n")
    assert config.forwards == []
    assert "let no one in" in config.notes[0]


def test_rinetd_unconvertible_allow_only_rules_never_open_a_forward():
    config = rinetd.parse_rinetd("127.0.0.1 18080 h 80\nallow 10.*.1.*\n")
    assert config.forwards == []
    assert "would let everyone in" in config.notes[0]


def test_rinetd_service_names_are_ports():
    try:
        http = socket.getservbyname("http", "tcp")
    except OSError:
        pytest.skip("this system has no services database")
    config = rinetd.parse_rinetd("127.0.0.1 http example.com https\n")
    assert config.forwards[0].profile.listen_port == http


def test_rinetd_lines_it_cannot_read_refuse_the_file(store, tmp_path):
    conf = tmp_path / "rinetd.conf"
    conf.write_text("0.0.0.0 8080 host 80\nthis is wrong\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(store, conf, source="rinetd")
    assert str(refused.value).startswith(f"file {conf}, line 2: 'this is wrong' is neither")
    conf.write_text("0.0.0.0 8080 host eighty\n")
    with pytest.raises(ImportRefused, match="line 1: 'eighty' is not a port number"):
        import_file(store, conf, source="rinetd")
    assert store.profiles() == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("0.0.0.0 8080 host 99999", "line 1: the connect port 99999 is out of range (1-65535)"),
        ("0.0.0.0 0/tcp host 80", "line 1: the bind port 0 is out of range (1-65535)"),
        ("0.0.0.0 8080 host 8²", "line 1: '8²' is not a port number"),
    ],
)
def test_rinetd_ports_it_cannot_use(line, message):
    with pytest.raises(ForeignConfigError) as error:
        rinetd.parse_rinetd(f"{line}\n")
    assert str(error.value) == message


# --- OpenSSH ------------------------------------------------------------------------------


def test_ssh_config_import(store):
    summary = import_file(store, FIXTURES / "foreign" / "ssh_config")
    got = {p.name: p for p in store.profiles()}
    assert list(got) == [
        "bastion 15432",
        "bastion 18080",
        "bastion 19000",
        "staging 15432",
        "staging 18443",
    ]
    db = got["bastion 15432"]
    assert (db.listen_host, db.listen_port, db.target_host, db.target_port) == (
        "127.0.0.1",
        15432,
        "db.internal",
        5432,
    )
    assert db.group == "ssh" and "through bastion" in db.notes
    # Real SSH-hop profiles: the target is reached from the Host's server, as ssh -L did.
    assert {p.via for p in got.values()} == {"bastion", "staging"}
    assert db.via == "bastion" and db.target_label == "db.internal:5432 via bastion"
    # localhost on the far side of the hop means the SSH server itself, and stays so
    assert got["bastion 18080"].target_label == "localhost:80 via bastion"
    assert got["bastion 19000"].listen_address == "[::1]:19000"
    assert got["bastion 19000"].target_address == "[2001:db8::5]:9000"
    assert got["staging 18443"].target_address == "web.staging.internal:443"
    notes = summary.notes
    assert not any("does not make the SSH hop" in note for note in notes)
    text = " ".join(notes)
    assert "line 18 (Host *.corp) was not imported" in text
    assert "Unix socket" in text and "Match blocks" in text
    # two hosts forwarding the same local port are alternatives: kept, with a warning
    assert "Two profiles listen on 127.0.0.1:15432" in text


@pytest.mark.parametrize(
    ("line", "listen", "target"),
    [
        ("LocalForward 8080 db:5432", "127.0.0.1:8080", "db:5432"),
        ("LocalForward *:8080 db:5432", "0.0.0.0:8080", "db:5432"),
        ("LocalForward :8080 db:5432", "0.0.0.0:8080", "db:5432"),
        ("LocalForward localhost:8080 db:5432", "127.0.0.1:8080", "db:5432"),
        ("LocalForward [::1]:8080 [fd00::2]:5432", "[::1]:8080", "[fd00::2]:5432"),
        ("LocalForward 8080 fd00::2/5432", "127.0.0.1:8080", "[fd00::2]:5432"),
        ("localforward=8080 db:5432", "127.0.0.1:8080", "db:5432"),
    ],
)
def test_ssh_localforward_forms(line, listen, target):
    config = parse_ssh_config(f"Host jump\n  {line}\n")
    [forward] = config.forwards
    assert forward.profile.listen_address == listen
    assert forward.profile.target_address == target
    assert forward.profile.name == "jump 8080"
    assert forward.profile.via == "jump"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("LocalForward 8080", "takes two arguments"),
        ("LocalForward 8080 db", "has no port"),
        ("LocalForward 8080 ::1:80", "in brackets"),
        ("LocalForward 80a db:5432", "does not end in a port number"),
        ("LocalForward 8080 db:5²", "the target 'db:5²' does not end in a port number"),
        (
            "LocalForward 28084 internal:99999",
            "the port 99999 in the target 'internal:99999' is out of range (1-65535)",
        ),
        ("LocalForward 28084 db:0", "the port 0 in the target 'db:0' is out of range"),
        (
            "LocalForward 99999 db:5432",
            "the port 99999 in the listen address '99999' is out of range (1-65535)",
        ),
        ("LocalForward 8080 db:1" + "0" * 5000, "is out of range (1-65535)"),
    ],
)
def test_ssh_lines_it_cannot_read(line, message):
    with pytest.raises(ForeignConfigError) as error:
        parse_ssh_config(f"Host jump\n{line}\n")
    assert error.value.line == 2
    assert message in str(error.value)


def test_detection_of_the_file_kind():
    assert detect_source('{"format": "tunnelgui-profiles"}') == "tunnelgui"
    assert detect_source("Host x\n  LocalForward 1 a:1\n") == "ssh"
    assert detect_source("# rinetd\n0.0.0.0 80 10.0.0.1 8080\n") == "rinetd"
    assert detect_source("allow 10.0.0.*\n") == "rinetd"
    assert detect_source("hello world\n") is None


def test_the_import_summary_is_one_text_for_the_app_and_the_cli():
    summary = ImportSummary(
        added=["web", "db"],
        renamed=[("api", "api (2)")],
        replaced=["old"],
        skipped=["same"],
        notes=["Converted from format version 1."],
    )
    assert import_summary_lines(summary, "shared.json") == [
        "Imported 4 profiles from shared.json.",
        "Added: 'web', 'db'",
        "Added under a new name (the name was taken): 'api' as 'api (2)'",
        "Replaced: 'old'",
        "Skipped (already saved): 'same'",
        "Note: Converted from format version 1.",
    ]
    assert import_summary_lines(ImportSummary(skipped=["web"]), "f") == [
        "Nothing imported from f.",
        "Skipped (already saved): 'web'",
    ]
