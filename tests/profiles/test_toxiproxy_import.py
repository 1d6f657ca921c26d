"""Importing Toxiproxy configs: proxies become profiles, toxics conditions, wildcard listeners
loopback; every bad entry refused with its place named, and nothing saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.profiles.test_profiles_cli import tunnelgui
from tunnelgui.engine.conditions import (
    Bandwidth,
    CloseAfter,
    Condition,
    Direction,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.profiles.exchange import ImportRefused, detect_source, import_file
from tunnelgui.profiles.store import ProfileStore

FIXTURE = Path(__file__).parent / "fixtures" / "foreign" / "toxiproxy.json"


@pytest.fixture
def store(tmp_path) -> ProfileStore:
    return ProfileStore.open(tmp_path / "config" / "profiles.json")


def write(tmp_path: Path, document: object, name: str = "toxiproxy.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def proxy(**fields) -> dict:
    return {"name": "web", "listen": "127.0.0.1:18080", "upstream": "localhost:80", **fields}


def test_the_populate_file_imports_with_its_toxics(store):
    summary = import_file(store, FIXTURE)
    assert summary.added == ["web_dev_frontend_1", "web_dev_mysql_1", "redis"]
    front, mysql, redis = store.profiles()
    assert (front.listen_host, front.listen_port) == ("127.0.0.1", 18080)
    assert (front.target_host, front.target_port) == ("webapp.domain", 8080)
    assert front.autostart and not mysql.autostart and redis.autostart  # "enabled"
    assert redis.listen_address == "127.0.0.1:16379"  # ":16379" listened everywhere
    assert {p.group for p in store.profiles()} == {"toxiproxy"}
    assert front.conditions == ()
    down, up = Direction.TO_CLIENT, Direction.TO_TARGET
    assert mysql.conditions == (
        Condition(Latency(0.2, 0.05), down),
        Condition(Bandwidth(100_000), up, probability=0.5),  # Toxiproxy's KB/s: 1000 bytes
        Condition(Slicer(64, 0.001, 16), down),  # its delay is in microseconds
        Condition(CloseAfter(1048576), down),
        Condition(SlowClose(2.0), down),
        Condition(ResetAfter(seconds=3.0), up),
        Condition(Stall(0.0), down),
    )
    notes = " ".join(summary.notes)
    assert "'corrupt' toxic has no TunnelGUI equivalent and was left out" in notes
    assert "toxic 'noise' (#8)" in notes
    assert "listened on every network interface; imported on 127.0.0.1" in notes
    assert "'web_dev_frontend_1' ([::]:18080)" in notes and "'redis' (:16379)" in notes
    assert "'reset_peer' toxic became a reset" in notes and "'timeout' toxic" in notes
    # Imported again: the same profiles are already there, nothing doubles.
    again = import_file(store, FIXTURE)
    assert again.added == [] and len(store.profiles()) == 3


def test_keep_listen_hosts_keeps_every_interface(store):
    import_file(store, FIXTURE, keep_listen_hosts=True)
    hosts = [p.listen_host for p in store.profiles()]
    assert hosts == ["::", "127.0.0.1", "0.0.0.0"]


def test_the_api_object_of_proxies_by_name_imports_too(tmp_path, store):
    document = {
        "api": {"listen": "127.0.0.1:18081", "upstream": "api.internal:443", "enabled": True,
                "toxics": [{"type": "timeout", "stream": "upstream",
                            "attributes": {"timeout": 1500}}]},
    }  # fmt: skip
    summary = import_file(store, write(tmp_path, document))
    assert summary.added == ["api"]
    (api,) = store.profiles()
    assert api.conditions == (
        Condition(Stall(0.0), Direction.TO_TARGET),
        Condition(ResetAfter(seconds=1.5), Direction.TO_TARGET),
    )


def test_detection_by_content():
    assert detect_source(FIXTURE.read_text()) == "toxiproxy"
    assert detect_source(json.dumps({"x": proxy()})) == "toxiproxy"
    assert detect_source('["web"]') == "tunnelgui"  # the profiles reader explains
    assert detect_source('{"format": "tunnelgui-profiles", "upstream": 1}') == "tunnelgui"
    assert detect_source("[1, 2") == "tunnelgui"


def test_unmappable_and_approximate_toxics(tmp_path, store):
    toxics = [
        {"type": "bandwidth", "attributes": {"rate": 0}},
        {"type": "reset_peer", "attributes": {"timeout": 0}},
        {"type": "slow_open", "attributes": {"delay": 10}},
    ]
    summary = import_file(store, write(tmp_path, [proxy(toxics=toxics)]))
    (web,) = store.profiles()
    assert web.conditions == (Condition(ResetAfter(bytes=1), Direction.TO_CLIENT),)
    notes = " ".join(summary.notes)
    assert "a bandwidth of 0 caps nothing in Toxiproxy; left out" in notes
    assert "'slow_open' toxic has no TunnelGUI equivalent" in notes


HOSTILE = [
    (["web"], "proxy #1: must be a JSON object"),
    ([proxy(upstream=None)], "proxy 'web' (#1), field 'upstream': must be a text"),
    ([{"name": "web", "listen": "1.2.3.4:1"}], "field 'upstream': must be a text like"),
    ([proxy(listen="nowhere")], "field 'listen': The listen address 'nowhere' has no port"),
    ([proxy(listen="[::1:80")], "field 'listen'"),
    ([proxy(upstream="db:99999")], "field 'upstream'"),
    ([proxy(name=7)], "field 'name': must be a text, got 7"),
    ([proxy(enabled="yes")], "field 'enabled': must be true or false, got 'yes'"),
    ([proxy(toxics={"a": 1})], "field 'toxics': must be a list"),
    ([proxy(toxics=[7])], "toxic #1: must be a JSON object"),
    ([proxy(toxics=[{"type": None}])], "toxic #1, field 'type': must be a text"),
    (
        [proxy(toxics=[{"name": "x", "type": "latency", "stream": "sideways"}])],
        "proxy 'web' (#1), toxic 'x' (#1), field 'stream': must be upstream or downstream",
    ),
    ([proxy(toxics=[{"type": "latency", "toxicity": 2}])], "field 'toxicity': must be a number"),
    ([proxy(toxics=[{"type": "latency", "toxicity": True}])], "field 'toxicity'"),
    (
        [proxy(toxics=[{"type": "latency", "attributes": {"latency": -5}}])],
        "attribute 'latency': must be a number of 0 or more, got -5",
    ),
    (
        [proxy(toxics=[{"type": "latency", "attributes": {"latency": "5ms"}}])],
        "attribute 'latency': must be a number of 0 or more, got '5ms'",
    ),
    ([proxy(toxics=[{"type": "latency", "attributes": []}])], "field 'attributes': must be an"),
    (
        [proxy(toxics=[{"type": "latency", "attributes": {"latency": 10**300}}])],
        "field 'conditions[1].seconds': Latency: delay must be from 0 to 24h",
    ),
    (
        [proxy(toxics=[{"type": "slicer", "attributes": {"average_size": 0}}])],
        "conditions[1].piece_bytes",
    ),
    ([proxy(toxics=[{"type": "latency"}] * 40)], "at most 32 conditions"),
    ([proxy(listen="127.0.0.1:0")], "field 'listen_port'"),
    ([proxy(name="x" * 500)], "field 'name': Name must be at most 100 characters"),
    ([proxy(name="web\u202e")], "field 'name'"),
    ([proxy(listen="192.0.2.77:18080")], "field 'listen_host'"),
]


@pytest.mark.parametrize(("document", "fragment"), HOSTILE)
def test_hostile_files_are_refused_with_the_place_and_nothing_saved(
    tmp_path, store, request, document, fragment
):
    if "192.0.2.77" in json.dumps(document):
        request.getfixturevalue("unbound_address")
    path = write(tmp_path, document)
    with pytest.raises(ImportRefused) as refused:
        import_file(store, path, source="toxiproxy")
    message = str(refused.value)
    assert message.startswith(f"file {path}"), message
    assert fragment in message, message
    assert store.profiles() == [] and not store.path.exists()


def test_duplicate_names_are_made_unique(tmp_path, store):
    document = [proxy(), proxy(listen="127.0.0.1:18081")]
    summary = import_file(store, write(tmp_path, document))
    assert summary.added == ["web", "web (2)"]


def test_a_list_that_is_not_toxiproxy_is_still_a_profiles_file_problem(tmp_path, store):
    with pytest.raises(ImportRefused) as refused:
        import_file(store, write(tmp_path, [{"hello": 1}]))
    assert "not a TunnelGUI profiles file" in str(refused.value)


def test_cli_imports_it_and_says_what_changed(tmp_path):
    config = tmp_path / "cli"
    done = tunnelgui("profiles", "import", str(FIXTURE), config=config)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Imported 3 profiles from {FIXTURE}.")
    assert "imported on 127.0.0.1" in done.stdout
    shown = tunnelgui("profiles", "show", "web_dev_mysql_1", config=config).stdout
    assert "latency 200ms ± 50ms, to the client" in shown
    bad = write(tmp_path, [proxy(toxics=[{"type": "latency", "stream": "up"}])])
    done = tunnelgui("profiles", "import", str(bad), "--from", "toxiproxy", config=config)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "field 'stream': must be upstream or downstream, got 'up'" in done.stderr
    kept = tunnelgui("profiles", "import", str(FIXTURE), "--keep-listen-hosts",
                     "--on-conflict", "replace", config=tmp_path / "other")  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    assert "[::]:18080" in tunnelgui("profiles", "list", config=tmp_path / "other").stdout
