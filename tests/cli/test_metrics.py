"""`--metrics`: a real HTTP scrape (urllib) of a real engine while a connection carries bytes;
every number equals the engine's own stats. Also the flag on `forward` and `run`."""

from __future__ import annotations

import socket
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from tests.engine.servers import TcpServer, connect, echo, recv_exactly, spec_for, wait_until
from tests.profiles.test_run_end_to_end import free_port
from tests.profiles.test_run_reload import Runner
from tunnelgui.cli import build_parser
from tunnelgui.commands.metrics import serving_metrics
from tunnelgui.engine import Engine, HealthPolicy
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore

TEXT = "text/plain"


def scrape(url: str) -> dict[tuple[str, str], float]:
    """{(sample name, tunnel id): value}, with a target_state sample named by its state."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"].startswith(TEXT)
        text = response.read().decode()
    samples: dict[tuple[str, str], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            name = sample.name
            if family.name == "tunnelgui_target_state":
                name = f"{name}:{sample.labels['tunnelgui_target_state']}"
            samples[(name, sample.labels["tunnel"])] = sample.value
    return samples


def expected(stats) -> dict[str, float]:
    return {
        "tunnelgui_bytes_to_target_total": stats.bytes_to_target,
        "tunnelgui_bytes_to_client_total": stats.bytes_to_client,
        "tunnelgui_connections_active": stats.active_connections,
        "tunnelgui_connections_total": stats.total_connections,
        "tunnelgui_connections_failed_total": stats.failed_connections,
        "tunnelgui_connections_rejected_total": stats.rejected_connections,
        "tunnelgui_target_up": 1 if str(stats.target_status) == "up" else 0,
        "tunnelgui_tunnel_listening": 1,
    }


def test_a_scrape_while_bytes_flow_equals_the_engine_stats():
    with Engine() as engine, TcpServer(echo) as server:
        relay = spec_for(server.port, tunnel_id="relay", name="web", max_connections=1)
        dead_port = free_port()  # nothing listens there: its connects fail
        dead = spec_for(dead_port, tunnel_id="dead", health=HealthPolicy(probe=False))
        labels: dict[str, str] = {}
        relay_port = engine.start_tunnel(relay).listen_port
        dead_listen = engine.start_tunnel(dead).listen_port
        labels.update(relay="web", dead="dead")
        serving = serving_metrics(("127.0.0.1", 0), engine, labels, announce=False)
        with serving as url, connect(relay_port) as client:
            with connect(relay_port) as extra:  # over the limit of 1: rejected
                assert extra.recv(1) == b""
            with connect(dead_listen) as failing:
                assert failing.recv(1) == b""
            wait_until(lambda: engine.snapshot().tunnels["dead"].failed_connections == 1)
            for round_number in range(1, 4):  # the connection stays open between scrapes
                data = bytes([round_number]) * 150_000
                client.sendall(data)
                assert recv_exactly(client, len(data)) == data
                wait_until(
                    lambda n=round_number: (
                        engine.snapshot().tunnels["relay"].bytes_to_client == n * 150_000
                    )
                )
                samples = scrape(url)
                snapshot = engine.snapshot(include_connections=False)
                for tunnel_id in ("relay", "dead"):
                    stats = snapshot.tunnels[tunnel_id]
                    got = {
                        name: value for (name, tid), value in samples.items() if tid == tunnel_id
                    }
                    want = expected(stats)
                    assert {name: got[name] for name in want} == want
                    assert got[f"tunnelgui_target_state:{stats.target_status}"] == 1
                relay_stats = snapshot.tunnels["relay"]
                assert relay_stats.bytes_to_target == round_number * 150_000
                assert relay_stats.active_connections == 1
                assert relay_stats.rejected_connections == 1
            assert samples[("tunnelgui_target_up", "dead")] == 0
            assert samples[("tunnelgui_target_state:down", "dead")] == 1


def test_a_bare_metrics_port_listens_on_loopback_only():
    args = build_parser().parse_args(["forward", "8080", "h:80", "--metrics", "9101"])
    assert args.metrics == ("127.0.0.1", 9101)
    assert build_parser().parse_args(["run"]).metrics is None  # off unless asked


def test_forward_serves_metrics_and_says_where():
    with TcpServer(echo) as server:
        listen_port = free_port()
        runner = Runner(
            "forward", str(listen_port), f"127.0.0.1:{server.port}", "--metrics", "127.0.0.1:0"
        )
        try:
            runner.said("Metrics at http://127.0.0.1:")
            url = runner.seen_out[-1].split("Metrics at ", 1)[1]
            runner.said("Forwarding")
            with connect(listen_port) as client:
                client.sendall(b"x" * 5000)
                assert recv_exactly(client, 5000) == b"x" * 5000
                wait_until(
                    lambda: scrape(url)[("tunnelgui_bytes_to_client_total", "forward")] == 5000
                )
                samples = scrape(url)
                assert samples[("tunnelgui_bytes_to_target_total", "forward")] == 5000
                assert samples[("tunnelgui_connections_active", "forward")] == 1
            assert runner.stop() == 0
        finally:
            runner.close()


def test_run_with_a_metrics_port_in_use_says_so_and_exits_1(isolated_config_dir):
    store = ProfileStore.open(isolated_config_dir / "profiles.json")
    store.add(Profile("web", free_port(), "127.0.0.1", free_port()))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        runner = Runner(
            "run", "--config-dir", str(isolated_config_dir), "--metrics", f"127.0.0.1:{port}"
        )
        try:
            runner.complained(f"cannot serve metrics on 127.0.0.1:{port}")
            assert runner.process.wait(timeout=30) == 1
        finally:
            runner.close()
