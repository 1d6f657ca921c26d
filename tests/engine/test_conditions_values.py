"""The network-condition values and the engine's check of them (the shaping itself is tested
in the engine's own condition tests)."""

import pytest

from tunnelgui.engine import Engine
from tunnelgui.engine.conditions import (
    Bandwidth,
    Condition,
    Direction,
    Latency,
    Slicer,
    active,
    condition_problem,
)
from tunnelgui.engine.errors import TunnelStartError
from tunnelgui.engine.spec import TunnelSpec


def test_direction_covers():
    assert Direction.BOTH.covers(True) and Direction.BOTH.covers(False)
    assert Direction.TO_TARGET.covers(True) and not Direction.TO_TARGET.covers(False)
    assert Direction.TO_CLIENT.covers(False) and not Direction.TO_CLIENT.covers(True)


def test_active_only_counts_switched_on_conditions():
    assert not active(())
    assert not active((Condition(Latency(0.1), enabled=False),))
    assert active((Condition(Latency(0.1), enabled=False), Condition(Bandwidth(1000))))


@pytest.mark.parametrize(
    "condition, words",
    [
        (Condition(Latency(-1.0)), "Latency.seconds"),
        (Condition(Latency(float("nan"))), "Latency.seconds"),
        (Condition(Bandwidth(0)), "at least 1 byte"),
        (Condition(Slicer(0)), "piece size"),
        (Condition(Latency(0.1), probability=1.5), "probability"),
        (Condition(Latency(0.1), direction="up"), "direction"),
        (Condition("fast"), "not a network condition"),
        ("latency", "not a network condition"),
    ],
)
def test_condition_problem_names_the_bad_value(condition, words):
    problem = condition_problem(condition)
    assert problem is not None and words in problem


def test_engine_refuses_a_spec_with_an_unusable_condition():
    spec = TunnelSpec("t", "127.0.0.1", 0, "127.0.0.1", 9, conditions=(Condition(Bandwidth(0)),))
    with Engine() as engine:
        with pytest.raises(TunnelStartError, match="bandwidth cap"):
            engine.start_tunnel(spec)
        with pytest.raises(TunnelStartError, match="probability"):
            engine.set_conditions("t", (Condition(Latency(0.1), probability=-0.1),))
