"""engine/values.py's Value does what the frozen dataclasses with slots it replaced did."""

import copy
import pickle
from typing import ClassVar

import pytest

from tunnelgui.engine.conditions import Condition, Latency
from tunnelgui.engine.spec import HealthPolicy, TcpTransport, TunnelSpec
from tunnelgui.engine.stats import EngineSnapshot
from tunnelgui.engine.values import FrozenValueError, Value, defaults, field, fields, replace


def test_fields_defaults_equality_hash_and_repr():
    spec = TunnelSpec("t", "127.0.0.1", 0, "127.0.0.1", 9)
    assert fields(TunnelSpec)[:5] == (
        "tunnel_id",
        "listen_host",
        "listen_port",
        "target_host",
        "target_port",
    )
    assert TunnelSpec.__slots__ == fields(spec)
    assert spec.health == HealthPolicy() and spec.target_transport == TcpTransport()
    assert spec == TunnelSpec(
        tunnel_id="t",
        listen_host="127.0.0.1",
        listen_port=0,
        target_host="127.0.0.1",
        target_port=9,
    )
    assert spec != replace(spec, name="other") and spec != ("t",)
    assert hash(Condition(Latency(0.1))) == hash(Condition(Latency(0.1)))
    assert len({Condition(Latency(0.1)), Condition(Latency(0.1)), Condition(Latency(0.2))}) == 2
    assert repr(Latency(0.1)) == "Latency(seconds=0.1, jitter=0.0)"
    assert defaults(Latency) == {"jitter": 0.0}
    assert not hasattr(spec, "__dict__")


def test_frozen_and_replace_checks_names():
    latency = Latency(0.1)
    with pytest.raises(FrozenValueError):
        latency.seconds = 1.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del latency.jitter
    assert replace(latency, jitter=0.5) == Latency(0.1, 0.5)
    with pytest.raises(TypeError):
        replace(latency, delay=1.0)
    with pytest.raises(TypeError):
        Latency()  # type: ignore[call-arg]


def test_factory_defaults_are_made_for_each_value_and_copies_are_equal():
    first, second = EngineSnapshot(1.0), EngineSnapshot(2.0)
    assert first.tunnels == {} and first.tunnels is not second.tunnels
    spec = TunnelSpec("t", "::1", 1, "h", 2, conditions=(Condition(Latency(0.1)),))
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert copy.deepcopy(spec) == spec and copy.copy(spec) == spec


def test_declaring_mistakes_and_mutable_values():
    with pytest.raises(TypeError):

        class Backwards(Value):
            late: int = 0
            required: int

    with pytest.raises(ValueError):

        class Shared(Value):
            items: list = []  # noqa: RUF012

    class Counter(Value, frozen=False):
        count: int = 0
        seen: list = field(default_factory=list)

    counter = Counter()
    counter.count += 1
    assert counter == Counter(1) and Counter.__hash__ is None


def test_a_subclass_compares_all_its_fields():
    class Base(Value):
        x: int

    class More(Base):
        y: int

    assert Base(1) == Base(1) and More(1, 2) == More(1, 2)  # each class compiles its own ==
    assert More(1, 2) != More(1, 3) and hash(More(1, 2)) != hash(More(1, 3))
    assert Base(1) != More(1, 2)


def test_what_dataclasses_allow_and_refuse_is_allowed_and_refused():
    class Base(Value):
        x: int
        y: int = 1

    class Child(Base):
        y: int = 2  # a base's field with a new default: still one field, in the base's place
        z: int = 3
        count: ClassVar[int] = 0  # not a field

    assert fields(Child) == ("x", "y", "z")
    assert Child(0) == Child(0, 2, 3) and Child(0).count == 0
    assert Child(0) != Base(0, 2)  # another class: never equal

    class OwnEq(Value):
        a: int

        def __eq__(self, other):
            return True

        __hash__ = Value.__hash__

    assert hash(OwnEq(1)) == hash(OwnEq(1))  # the first hash() compiles only the stand-ins
    assert OwnEq(1) == OwnEq(2)

    class Mutable(Value, frozen=False):
        a: int = 0

    with pytest.raises(TypeError):

        class FrozenChild(Mutable):
            b: int = 0

    with pytest.raises(ValueError):

        class Shared(Value):
            buffer: bytearray = bytearray()
