"""Value: the base of the engine's plain, frozen values (specs, conditions, stats, ...).

A frozen dataclass with slots would do, but importing dataclasses brings inspect (and ast, dis,
tokenize): ~1.3 MiB of a `forward` process for its whole life (issue 13). A Value class is
declared the same way, its fields as annotations with their defaults:

    class Latency(Value):
        seconds: float
        jitter: float = 0.0

and gets what the dataclass gave: __slots__, an __init__ taking the fields in order (by position
or name), == and hash over the fields, a repr, frozenness (FrozenValueError, an AttributeError),
pickling and copying; replace(value, **changes) is dataclasses.replace, fields(cls) the field
names, defaults(cls) their defaults. `class X(Value, frozen=False)` makes a mutable one (no
hash); field(default_factory=make) is a default made anew for each value, as in dataclasses.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    T = TypeVar("T")
    V = TypeVar("V", bound="Value")
else:

    def dataclass_transform(**_: object) -> Callable[[type], type]:
        """typing's: tells type checkers that Value classes are made like dataclasses."""
        return lambda cls: cls


class _Missing:
    def __repr__(self) -> str:
        return "<factory>"


_MISSING = _Missing()


class FrozenValueError(AttributeError):
    """A field of a frozen Value was assigned or deleted."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field default made anew for each value, as dataclasses.field's default_factory:
    `tunnels: dict = field(default_factory=dict)`."""
    return _Factory(default_factory)  # type: ignore[return-value]


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class _ValueType(type):
    """Turns a Value class's annotations into its fields (see the module's docstring)."""

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], frozen: bool = True
    ) -> _ValueType:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, object] = {}
        for base in bases:
            if frozen and getattr(base, "_frozen", True) is False:
                raise TypeError(f"{name}: a frozen Value cannot extend a mutable one")
            inherited += getattr(base, "_fields", ())
            defaults.update(getattr(base, "_defaults", {}))
        annotations = namespace.get("__annotations__", {})
        # A ClassVar is no field (as in dataclasses); a base's field given a new default here
        # stays where the base put it.
        named = [attr for attr, kind in annotations.items() if not _is_class_var(kind)]
        mine = {attr: namespace.pop(attr) for attr in named if attr in namespace}
        for attr, default in mine.items():
            if isinstance(default, list | dict | set | bytearray):
                raise ValueError(f"{name}.{attr}: a mutable default is shared; use field()")
        defaults.update(mine)
        own = tuple(attr for attr in named if attr not in inherited)
        namespace["__slots__"] = own
        namespace["_frozen"] = frozen
        fields = inherited + own
        namespace["_fields"] = fields
        namespace["_defaults"] = defaults
        namespace["__match_args__"] = fields
        namespace["_values_of"] = staticmethod(_getter(fields))
        # Each class its own (a subclass must not inherit == over its base's fields only).
        namespace.setdefault("__eq__", _first_eq)
        namespace.setdefault("__hash__", _first_hash if frozen else None)
        if not frozen:
            namespace["__setattr__"] = object.__setattr__
            namespace["__delattr__"] = object.__delattr__
        cls = super().__new__(mcls, name, bases, namespace)
        for method_name, method in _make_methods(cls, fields, defaults).items():
            if method_name not in namespace:
                setattr(cls, method_name, method)
        return cls


def _is_class_var(annotation: object) -> bool:
    """ClassVar[...] as a string (postponed annotations) or as typing's object."""
    return str(annotation).split("[", 1)[0].rsplit(".", 1)[-1] == "ClassVar"


def _getter(fields: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """A function giving a value's fields as a tuple (attrgetter: as fast as the dataclass's)."""
    if not fields:
        return lambda value: ()
    if len(fields) == 1:
        one = attrgetter(fields[0])
        return lambda value: (one(value),)
    return attrgetter(*fields)


def _make_methods(
    cls: type, fields: tuple[str, ...], defaults: dict[str, object]
) -> dict[str, Callable]:
    """__init__ with the fields as its parameters, compiled as dataclasses does it: as fast as
    a hand-written one (stats are made for every connection, many times a second)."""
    scope: dict[str, object] = {"_set": object.__setattr__, "_MISSING": _MISSING}
    params, lines = [], []
    defaulted = False
    for attr in fields:
        value = attr
        if attr in defaults:
            default = defaults[attr]
            if isinstance(default, _Factory):
                scope[f"_make_{attr}"] = default.make
                params.append(f"{attr}=_MISSING")
                value = f"_make_{attr}() if {attr} is _MISSING else {attr}"
            else:
                scope[f"_default_{attr}"] = default
                params.append(f"{attr}=_default_{attr}")
            defaulted = True
        elif defaulted:
            raise TypeError(f"{cls.__name__}.{attr}: a field without a default follows one with")
        else:
            params.append(attr)
        lines.append(f"    _set(self, {attr!r}, {value})\n")
    source = f"def __init__(self, {', '.join(params)}):\n{''.join(lines) or '    pass'}\n"
    names = ["__init__"]
    exec(source, scope)
    methods: dict[str, Any] = {name: scope[name] for name in names}
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
    return methods


# == and hash are compiled for a class when one of its values is first compared or hashed: as
# fast as dataclasses' then (twice a generic one's), at no cost to a process that never
# compares them (a forward).
def _first_eq(self: Value, other: object) -> bool:
    return _compile_eq_hash(type(self)).__eq__(self, other)


def _first_hash(self: Value) -> int:
    return _compile_eq_hash(type(self)).__hash__(self)


def _compile_eq_hash(cls: type[Value]) -> type[Value]:
    """Give cls its own compiled == (and hash, when frozen): the tuples of fields compared."""
    mine = "".join(f"self.{attr}, " for attr in cls._fields)
    theirs = "".join(f"other.{attr}, " for attr in cls._fields)
    scope: dict[str, Any] = {}
    exec(
        "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return ({mine}) == ({theirs})\n"
        "    return NotImplemented\n"
        f"def __hash__(self):\n    return hash(({mine}))\n",
        scope,
    )
    # Only the stand-ins are replaced: a class's own __eq__ or __hash__ stays its own.
    if cls.__dict__.get("__eq__") is _first_eq:
        cls.__eq__ = scope["__eq__"]  # type: ignore[method-assign]
    if cls.__dict__.get("__hash__") is _first_hash:  # frozen=False: None, no hash
        cls.__hash__ = scope["__hash__"]  # type: ignore[method-assign]
    return cls


class Value(metaclass=_ValueType):
    """The base class; see the module's docstring."""

    __slots__ = ()
    # Set by _ValueType for each class (annotated for type checkers only: at run time every
    # annotation in a Value class body is a field).
    if TYPE_CHECKING:
        _fields: ClassVar[tuple[str, ...]]
        _defaults: ClassVar[dict[str, object]]

        @staticmethod
        def _values_of(value: object) -> tuple[object, ...]: ...

    def __repr__(self) -> str:
        shown = ", ".join(f"{attr}={getattr(self, attr)!r}" for attr in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenValueError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenValueError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # pickle and copy make it again through __init__ (frozen: no setting of slots after).
        return type(self), self._values_of(self)

    def __replace__(self: V, **changes: object) -> V:
        now = dict(zip(self._fields, self._values_of(self), strict=True))
        return type(self)(**{**now, **changes})


def replace(value: V, /, **changes: object) -> V:
    """A copy of value with the fields named changed (dataclasses.replace for a Value)."""
    return value.__replace__(**changes)


def fields(value_or_class: Value | type[Value]) -> tuple[str, ...]:
    """The field names of a Value class (or of a value's class), in order."""
    return value_or_class._fields


def defaults(cls: type[Value]) -> dict[str, Any]:
    """The fields that have a default, with it (a field() default as it was given)."""
    return dict(cls._defaults)
