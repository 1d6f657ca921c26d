"""A forwarder with network conditions for conditions_bench.py: LISTEN TARGET CONDITIONS_JSON.

CONDITIONS_JSON is a list of {"effect": "Latency", "direction": "to_target", ...effect fields}.
Runs this checkout's Engine until SIGINT/SIGTERM, like `tunnelgui forward` (which takes no
condition flags on this branch).
"""

from __future__ import annotations

import json
import signal
import sys
import threading

from tunnelgui.engine import Engine, HealthPolicy, TunnelSpec
from tunnelgui.engine import conditions as cond


def parse(text: str) -> tuple[cond.Condition, ...]:
    found = []
    for item in json.loads(text):
        item = dict(item)
        effect = getattr(cond, item.pop("effect"))
        direction = cond.Direction(item.pop("direction", "both"))
        found.append(cond.Condition(effect(**item), direction))
    return tuple(found)


def main(argv: list[str]) -> int:
    listen, target, conditions = int(argv[0]), int(argv[1]), parse(argv[2])
    spec = TunnelSpec(
        tunnel_id="bench",
        listen_host="127.0.0.1",
        listen_port=listen,
        target_host="127.0.0.1",
        target_port=target,
        health=HealthPolicy(probe=False),
        conditions=conditions,
    )
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    with Engine() as engine:
        engine.start_tunnel(spec)
        done.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
