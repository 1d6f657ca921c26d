"""`tunnelgui profiles ...` and `tunnelgui run` end to end, as subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def config(tmp_path) -> Path:
    folder = tmp_path / "cli-config"
    folder.mkdir()
    return folder


def tunnelgui(*args: str, config: Path | None = None, **env: str):
    environment = {k: v for k, v in os.environ.items() if k != "TUNNELGUI_CONFIG_DIR"}
    environment.update(env)
    extra = ["--config-dir", str(config)] if config is not None else []
    return subprocess.run(
        [sys.executable, "-m", "tunnelgui", *args, *extra],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line_error(done, *fragments: str) -> None:
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("tunnelgui: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def saved(config: Path) -> list[dict]:
    return json.loads((config / "profiles.json").read_text())["profiles"]


def test_list_when_nothing_is_saved(config):
    done = tunnelgui("profiles", "list", config=config)
    assert done.returncode == 0
    assert "No profiles saved" in done.stdout and str(config) in done.stdout


def test_add_list_remove(config):
    done = tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Added 'web': 127.0.0.1:18080 -> example.com:80"
    done = tunnelgui(
        "profiles", "add", "db", "[::1]:15432", "[2001:db8::5]:5432", "--group", "data",
        "--autostart", "--notes", "the database", "--connect-timeout", "3",
        "--idle-timeout", "120", "--max-connections", "5", "--allow", "::1/128", "fd00::/8",
        "--no-keepalive", config=config,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listing = tunnelgui("profiles", "list", config=config).stdout.splitlines()
    assert listing[0].split() == ["NAME", "LISTEN", "TARGET", "GROUP", "AUTOSTART", "CONDITIONS"]
    assert listing[1].split() == ["web", "127.0.0.1:18080", "example.com:80"]
    assert listing[2].split() == ["db", "[::1]:15432", "[2001:db8::5]:5432", "data", "yes"]
    db = saved(config)[1]
    assert db["notes"] == "the database" and db["autostart"] is True
    assert db["options"] == {
        "connect_timeout": 3.0,
        "idle_timeout": 120.0,
        "max_connections": 5,
        "allowed_networks": ["::1/128", "fd00::/8"],
        "health_probe": True,
        "tcp_keepalive": False,
    }
    done = tunnelgui("profiles", "remove", "WEB", config=config)
    assert done.returncode == 0 and done.stdout.strip() == "Removed 'web'"
    assert [p["name"] for p in saved(config)] == ["db"]


def test_list_json_is_the_file_format(config):
    tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    done = tunnelgui("profiles", "list", "--json", config=config)
    document = json.loads(done.stdout)
    assert document["format"] == "tunnelgui-profiles"
    assert document["profiles"] == saved(config)


def test_config_dir_works_before_the_command_and_from_the_environment(config):
    done = tunnelgui("--config-dir", str(config), "profiles", "add", "a", "18080", "h:1")
    assert done.returncode == 0, done.stderr
    done = tunnelgui("profiles", "list", TUNNELGUI_CONFIG_DIR=str(config))
    assert "a  " in done.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["bad", "99999", "h:80"], ["must be between 1 and 65535, not 99999"]),
        (["bad", "18080", "h"], ["has no port"]),
        (["bad", "18080", "::1:80"], ["brackets"]),
        (["", "18080", "h:80"], ["Name must not be empty"]),
        (
            ["bad", "18080", "h:80", "--allow", "10.0.0.1/8", "--max-connections", "-1"],
            ["did you mean 10.0.0.0/8?", "Max connections must be"],
        ),
    ],
)
def test_add_refusals_are_one_clear_line(config, args, fragments):
    done = tunnelgui("profiles", "add", *args, config=config)
    assert_one_line_error(done, *fragments)
    assert not (config / "profiles.json").exists()


def test_add_an_address_this_machine_lacks(config, unbound_address):
    done = tunnelgui("profiles", "add", "bad", f"{unbound_address}:18080", "h:80", config=config)
    assert_one_line_error(done, f"{unbound_address} is not an address of this machine")


def test_add_a_duplicate_name_is_refused(config):
    tunnelgui("profiles", "add", "web", "18080", "h:80", config=config)
    done = tunnelgui("profiles", "add", "Web", "18081", "h:80", config=config)
    assert_one_line_error(done, "Another profile is already named 'web'")


def test_add_warns_about_exposure_but_saves(config):
    done = tunnelgui("profiles", "add", "open", "0.0.0.0:18080", "h:80", config=config)
    assert done.returncode == 0
    assert "tunnelgui: warning: 'open': Listens on all network interfaces" in done.stderr


def test_remove_an_unknown_name(config):
    done = tunnelgui("profiles", "remove", "ghost", config=config)
    assert_one_line_error(done, "No saved profile named 'ghost'")


def test_usage_mistakes_exit_2_without_traceback(config):
    done = tunnelgui("profiles", "add", "web", "18080", config=config)
    assert done.returncode == 2 and "usage:" in done.stderr and "Traceback" not in done.stderr
    done = tunnelgui("profiles", "add", "w", "1", "h:1", "--max-connections", "x", config=config)
    assert done.returncode == 2 and "invalid int value" in done.stderr


def test_export_and_import_round_trip(config, tmp_path):
    tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    tunnelgui("profiles", "add", "db", "18081", "db:5432", "--autostart", config=config)
    exported = tmp_path / "exported.json"
    done = tunnelgui("profiles", "export", str(exported), config=config)
    assert done.returncode == 0 and "Exported 2 profiles" in done.stdout
    elsewhere = tmp_path / "elsewhere"
    done = tunnelgui("profiles", "import", str(exported), config=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "Added: 'web', 'db'" in done.stdout
    assert saved(elsewhere) == saved(config)
    again = tunnelgui("profiles", "import", str(exported), config=elsewhere)
    assert "Skipped (already saved): 'web', 'db'" in again.stdout
    assert "Nothing imported" in again.stdout
    renamed = tunnelgui("profiles", "import", str(exported), "--on-conflict", "rename",
                        config=elsewhere)  # fmt: skip
    assert "'web' as 'web (2)'" in renamed.stdout
    assert len(saved(elsewhere)) == 4


def test_export_chosen_and_to_stdout(config):
    tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    tunnelgui("profiles", "add", "db", "18081", "db:5432", config=config)
    done = tunnelgui("profiles", "export", "-", "db", config=config)
    assert [p["name"] for p in json.loads(done.stdout)["profiles"]] == ["db"]
    done = tunnelgui("profiles", "export", "-", "nope", config=config)
    assert_one_line_error(done, "No saved profile named 'nope'")


def test_export_to_a_missing_folder_or_onto_a_folder_names_the_file(config, tmp_path):
    tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    missing = tmp_path / "missing" / "x.json"
    done = tunnelgui("profiles", "export", str(missing), config=config)
    assert_one_line_error(done)
    assert done.stderr == (
        f"tunnelgui: error: cannot write {missing}: the folder {missing.parent} does not exist\n"
    )
    folder = tmp_path / "exports"
    folder.mkdir()
    done = tunnelgui("profiles", "export", str(folder), config=config)
    assert_one_line_error(done)
    assert done.stderr == (
        f"tunnelgui: error: cannot write {folder}: it is a folder; give the name of a file to "
        "write\n"
    )
    assert list(folder.iterdir()) == [] and not list(tmp_path.rglob("*.tmp"))


def test_import_a_bad_file_names_file_profile_field_and_changes_nothing(config):
    tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    before = (config / "profiles.json").read_bytes()
    bad = FIXTURES / "bad" / "port-string.json"
    done = tunnelgui("profiles", "import", str(bad), config=config)
    assert_one_line_error(
        done, f"file {bad}, profile 'web' (#2), field 'listen_port': must be an integer"
    )
    assert (config / "profiles.json").read_bytes() == before


def test_import_rinetd_and_ssh(config):
    done = tunnelgui("profiles", "import", str(FIXTURES / "foreign" / "rinetd.conf"),
                     "--from", "rinetd", config=config)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Imported 3 profiles" in done.stdout and "Note: " in done.stdout
    done = tunnelgui("profiles", "import", str(FIXTURES / "foreign" / "ssh_config"), config=config)
    assert done.returncode == 0, done.stderr
    assert "does not make the SSH hop" not in done.stdout  # the hop is made now
    assert len(saved(config)) == 8
    listing = tunnelgui("profiles", "list", config=config).stdout
    assert "db.internal:5432 via bastion" in listing


def test_a_corrupt_file_is_reported_and_kept(config):
    (config / "profiles.json").write_text("{ not json")
    done = tunnelgui("profiles", "list", config=config)
    assert done.returncode == 0
    assert "tunnelgui: note: profiles.json could not be read" in done.stderr
    [aside] = config.glob("profiles.json.corrupt-*")
    assert aside.read_text() == "{ not json" and str(aside) in done.stderr


def test_a_newer_file_stops_every_command_and_is_left_alone(config):
    shutil.copyfile(FIXTURES / "bad" / "newer-version.json", config / "profiles.json")
    before = (config / "profiles.json").read_bytes()
    for args in (["profiles", "list"], ["profiles", "add", "a", "18080", "h:1"], ["run"]):
        done = tunnelgui(*args, config=config)
        assert_one_line_error(done, "written by a newer TunnelGUI (format version 3)")
    assert (config / "profiles.json").read_bytes() == before


def test_run_refuses_what_it_cannot_run(config, tmp_path):
    assert_one_line_error(tunnelgui("run", config=config), "No profiles to run")
    tunnelgui("profiles", "add", "web", "18080", "example.com:80", config=config)
    assert_one_line_error(tunnelgui("run", "ghost", config=config), "No profile named 'ghost'")
    missing = tmp_path / "missing.json"
    done = tunnelgui("run", "--file", str(missing), config=config)
    assert_one_line_error(done, f"cannot read {missing}")
    done = tunnelgui("run", "--file", str(FIXTURES / "bad" / "not-json.json"), config=config)
    assert_one_line_error(done, "not valid JSON")
    empty = FIXTURES / "good" / "empty-v2.json"
    done = tunnelgui("run", "--file", str(empty), config=config)
    assert_one_line_error(done, f"{empty} holds no profiles")
    unusable = FIXTURES / "bad" / "port-out-of-range.json"
    done = tunnelgui("run", "--file", str(unusable), config=config)
    assert_one_line_error(done, f"none of the profiles in {unusable} could be used: ")
    assert "profiles add" not in done.stderr
    done = tunnelgui("run", "ghost", "--file", str(FIXTURES / "good" / "v1.json"), config=config)
    assert_one_line_error(done, "No profile named 'ghost' in ")


def test_deeply_nested_json_gets_one_line_not_a_traceback(config, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    done = tunnelgui("run", "--file", str(deep), config=config)
    assert_one_line_error(done, str(deep), "nested too deeply to be a profiles file")
    done = tunnelgui("profiles", "import", str(deep), config=config)
    assert_one_line_error(done, f"file {deep}", "nested too deeply to be a profiles file")
    assert not (config / "profiles.json").exists()
    shutil.copyfile(deep, config / "profiles.json")
    done = tunnelgui("profiles", "list", config=config)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "profiles.json could not be read: nested too deeply" in done.stderr
    [aside] = config.glob("profiles.json.corrupt-*")
    assert aside.read_bytes() == deep.read_bytes()
