"""Profiles with an SSH hop: the file keeps it, validation refuses unsafe destinations."""

from __future__ import annotations

import json

import pytest

from tunnelgui.engine.spec import SshHopTransport, TcpTransport
from tunnelgui.engine.ssh_process import control_command, master_command
from tunnelgui.profiles.entries import parse_text
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.validation import validate_profile


def db(**changes) -> Profile:
    values = {"name": "db", "listen_port": 15432, "target_host": "db.internal",
              "target_port": 5432, **changes}  # fmt: skip
    return Profile(**values)


def test_the_file_keeps_the_hop_and_a_direct_profile_writes_no_hop_keys():
    hop = db(via="jump,deploy@bastion:2222", ssh_config="/etc/tunnelgui/ssh_config")
    direct = db(name="direct", listen_port=15433)
    text = dump_text([hop, direct])
    entries = json.loads(text)["profiles"]
    assert entries[0]["via"] == "jump,deploy@bastion:2222"
    assert "via" not in entries[1] and "ssh_config" not in entries[1]  # old versions read it
    parsed = parse_text(text)
    assert parsed.errors == []
    assert parsed.profiles == [hop, direct]


def test_a_bad_via_in_a_file_is_refused_with_its_place():
    entry = {"name": "db", "listen_port": 15432, "target_host": "db", "target_port": 5432,
             "via": "-oProxyCommand=sh"}  # fmt: skip
    parsed = parse_text(json.dumps({"format": "tunnelgui-profiles", "version": 2,
                                    "profiles": [entry]}))  # fmt: skip
    assert parsed.profiles == []
    [error] = parsed.errors
    assert "field 'via'" in str(error) and "must not start with '-'" in str(error)


@pytest.mark.parametrize(
    "via",
    ["-oProxyCommand=x", "bastion -v", "bas\ttion", "jump,-J", "bastion\n", "a\x00b", "jump,,b"],
)
def test_validation_refuses_option_injection(via):
    problems = [p for p in validate_profile(db(via=via), check_machine=False) if p.is_error]
    assert [p.field for p in problems] == ["via"]


@pytest.mark.parametrize("via", ["bastion", "deploy@bastion", "deploy@10.0.0.1:2222",
                                 "j1,j2,bastion", "[::1]:22"])  # fmt: skip
def test_validation_accepts_ssh_destinations(via):
    assert validate_profile(db(via=via), check_machine=False) == []


def test_to_spec_makes_the_hop_transport_and_the_profile_config_wins():
    assert db().to_spec().target_transport == TcpTransport()
    spec = db(via="bastion").to_spec(ssh_config="/app/ssh_config", askpass="/app/askpass")
    assert spec.target_transport == SshHopTransport(
        via="bastion", ssh_config="/app/ssh_config", askpass="/app/askpass"
    )
    own = db(via="bastion", ssh_config="/mine").to_spec(ssh_config="/app/ssh_config")
    assert own.target_transport.ssh_config == "/mine"


def test_the_ssh_command_is_a_list_with_the_destination_after_a_double_dash():
    hop = SshHopTransport(via="jump,deploy@bastion:2222", ssh_config="/c")
    command = master_command(hop, "/run/x/master.sock", [("/run/x/t1.sock", "::1", 5432)])
    assert command[:3] == ["ssh", "-N", "-T"]
    assert command[-2:] == ["--", "ssh://deploy@bastion:2222"]
    assert command[command.index("-J") + 1] == "jump"
    assert command[command.index("-F") + 1] == "/c"
    assert command[command.index("-L") + 1] == "/run/x/t1.sock:[::1]:5432"
    # Our own master on our own socket, whatever the user's config says about multiplexing.
    for option in ("ControlMaster=yes", "ControlPath=/run/x/master.sock", "ControlPersist=no"):
        assert option in command
    assert "BatchMode=yes" in command  # no askpass: never a prompt nobody can answer
    assert "StrictHostKeyChecking=no" not in " ".join(command)
    assert "BatchMode=no" in master_command(SshHopTransport(via="b", askpass="/a"), "/s", [])


def test_a_control_command_adds_one_forward_to_the_running_master():
    hop = SshHopTransport(via="jump,bastion", ssh_config="/c")
    command = control_command(hop, "/run/x/master.sock", "forward", ("/run/x/t2.sock", "db", 5))
    assert command[command.index("-S") + 1] == "/run/x/master.sock"
    assert command[command.index("-O") + 1] == "forward"
    assert command[command.index("-L") + 1] == "/run/x/t2.sock:db:5"
    assert command[-2:] == ["--", "bastion"]
    assert "-J" not in command  # only the master reaches the network
