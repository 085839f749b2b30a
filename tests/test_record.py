"""`record` behaves as the dataclass it stands for: equality, hash and repr, held to dataclasses' own."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leaflet.record import record

values = st.one_of(st.integers(), st.text(max_size=5), st.none(), st.tuples(st.integers()), st.floats(allow_nan=False))


def twins(frozen: bool) -> tuple[type[Any], type[Any]]:
    """The same class made by `record` and by `dataclass`, with fields compared, hidden and left out."""

    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "Any", "b": "Any", "c": "Any", "d": "Any"},
            "c": dataclasses.field(default=None, compare=False),
            "d": dataclasses.field(default=None, repr=False),
        }

    ours = record(frozen=frozen)(type("Thing", (), body()))
    theirs = dataclasses.dataclass(frozen=frozen)(type("Thing", (), body()))
    return ours, theirs


@pytest.mark.parametrize("frozen", [True, False])
@given(left=st.tuples(values, values, values, values), right=st.tuples(values, values, values, values))
def test_a_record_compares_hashes_and_shows_as_its_dataclass(
    frozen: bool, left: tuple[Any, ...], right: tuple[Any, ...]
) -> None:
    ours, theirs = twins(frozen)
    right = left if right[0] is None else right  # often equal, so the equal case is tried too
    assert (ours(*left) == ours(*right)) is (theirs(*left) == theirs(*right))
    assert (ours(*left) != ours(*right)) is (theirs(*left) != theirs(*right))
    assert repr(ours(*left)) == repr(theirs(*left))
    if frozen:
        assert hash(ours(*left)) == hash(theirs(*left))
    else:
        with pytest.raises(TypeError):
            hash(ours(*left))


def test_a_record_is_a_dataclass_and_never_equals_another_class() -> None:
    ours, theirs = twins(True)
    assert dataclasses.fields(ours) and dataclasses.replace(ours(1, 2), b=3) == ours(1, 3)
    assert ours(1, 2) != theirs(1, 2) and ours(1, 2) != (1, 2, None, None)
    assert ours.__doc__ == "Thing(a, b, c, d)"


def test_a_record_holding_itself_shows_without_recursing() -> None:
    ours, _ = twins(False)
    thing = ours([], 2)
    thing.a.append(thing)
    assert repr(thing) == "Thing(a=[...], b=2, c=None)"


def test_the_package_defines_its_records_with_record() -> None:
    """A plain frozen dataclass costs ~0.6 ms to define at start-up; see leaflet/record.py."""
    package = Path(__file__).resolve().parent.parent / "leaflet"
    plain = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                made = {ast.unparse(d) for d in node.decorator_list}
                plain += [f"{path.name}:{node.name}"] if made & {"dataclass", "dataclass(frozen=True)"} else []
    assert plain == []


def test_a_frozen_record_refuses_a_change_and_a_mutable_one_takes_it() -> None:
    frozen, _ = twins(True)
    thing = frozen(1, 2)
    for change in (lambda: setattr(thing, "a", 3), lambda: setattr(thing, "e", 3), lambda: delattr(thing, "b")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            change()
    assert (thing.a, thing.b) == (1, 2) and not hasattr(thing, "e")
    mutable, _ = twins(False)
    other = mutable(1, 2)
    other.a = 3
    assert other == mutable(3, 2)


def test_what_a_record_class_defines_itself_is_kept_as_dataclass_keeps_it() -> None:
    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "Any"},
            "__eq__": lambda self, other: True,
            "__hash__": lambda self: 7,
            "__repr__": lambda self: "mine",
        }

    ours = record(type("Own", (), body()))
    theirs = dataclasses.dataclass(frozen=True)(type("Own", (), body()))
    for made in (ours, theirs):
        assert (made(1) == made(2), hash(made(1)), repr(made(1))) == (True, 7, "mine")

    def eq_only() -> dict[str, Any]:  # an __eq__ without a __hash__: the hash of the fields, as dataclass gives
        return {"__annotations__": {"a": "Any"}, "__eq__": lambda self, other: True}

    ours, theirs = (
        record(type("EqOnly", (), eq_only())),
        dataclasses.dataclass(frozen=True)(type("EqOnly", (), eq_only())),
    )
    assert hash(ours(1)) == hash(theirs(1)) != hash(ours(2)) and ours(1) == ours(3)


def test_a_plain_class_made_from_a_frozen_record_keeps_attributes_of_its_own() -> None:
    frozen, theirs = twins(True)
    for base in (frozen, theirs):

        class Plain(base):  # type: ignore[valid-type,misc]
            def __init__(self) -> None:
                super().__init__(1, 2)
                self.extra = 3
                self.extra = 4
                del self.extra
                self.more = 5

        thing = Plain()
        assert (thing.a, thing.more) == (1, 5)
        with pytest.raises(dataclasses.FrozenInstanceError):
            thing.a = 9
        with pytest.raises(dataclasses.FrozenInstanceError):
            del thing.b


@pytest.mark.parametrize("frozen", [True, False])
def test_a_frozen_and_a_mutable_record_do_not_inherit_from_each_other(frozen: bool) -> None:
    base = record(frozen=frozen)(type("Base", (), {"__annotations__": {"a": "Any"}}))
    with pytest.raises(TypeError, match="a frozen and a mutable record"):
        record(frozen=not frozen)(type("Child", (base,), {"__annotations__": {"b": "Any"}}))
    child = record(frozen=frozen)(type("Child", (base,), {"__annotations__": {"b": "Any"}}))
    assert child(1, 2) == child(1, 2) and child(1, 2) != base(1)


def test_a_field_init_never_sets_is_refused_as_a_frozen_dataclass_refuses_it() -> None:
    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "Any", "b": "Any", "c": "Any"},
            "b": dataclasses.field(default=0, init=False),
            "c": dataclasses.field(default_factory=list, init=False),
        }

    ours = record(type("Later", (), body()))
    theirs = dataclasses.dataclass(frozen=True)(type("Later", (), body()))
    for made in (ours, theirs):
        thing = made(1)
        assert (thing.a, thing.b, thing.c) == (1, 0, [])
        for name in ("a", "b", "c"):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(thing, name, 2)


def initialised(frozen: bool) -> tuple[type[Any], type[Any]]:
    """The same class by `record` and by `dataclass`: a field without a default, one with, one with
    a factory, and one inherited from a base of each kind."""

    def made(decorate: Any) -> type[Any]:
        base = decorate(type("Base", (), {"__annotations__": {"first": "Any"}}))
        body = {
            "__annotations__": {"a": "Any", "b": "Any", "c": "Any"},
            "b": 1,
            "c": dataclasses.field(default_factory=list),
        }
        return decorate(type("Made", (base,), body))  # type: ignore[no-any-return]

    return made(record(frozen=frozen)), made(dataclasses.dataclass(frozen=frozen))


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((0, 1), {}),
    ((0, 1, 2), {}),
    ((0,), {"a": 1, "c": [3]}),
    ((), {"first": 0, "a": 1}),
    ((0, 1, 2, [4]), {}),
    ((), {}),  # too few
    ((0,), {}),
    ((0, 1, 2, 3, 4), {}),  # too many
    ((0, 1), {"a": 2}),  # twice
    ((0, 1), {"d": 2}),  # unknown
]


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_record_is_made_from_its_arguments_as_its_dataclass_is(
    frozen: bool, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """record writes its own `__init__` (leaflet/record.py): the same values, defaults and errors."""
    ours, theirs = initialised(frozen)
    got: list[Any] = []
    for made in (ours, theirs):
        try:
            thing = made(*args, **kwargs)
        except TypeError as e:
            got.append(("TypeError", str(e).split("(", 1)[1]))  # (the qualname before it differs)
            continue
        got.append(tuple(getattr(thing, f.name) for f in dataclasses.fields(made)))
    assert got[0] == got[1]
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))


def test_each_record_gets_its_own_factory_value_and_defaults_must_come_last() -> None:
    ours, _ = initialised(True)
    one, two = ours(0, 1), ours(0, 1)
    assert one.c == two.c == [] and one.c is not two.c
    late = {"__annotations__": {"a": "Any", "b": "Any"}, "a": 1}
    for decorate in (record, dataclasses.dataclass):
        with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
            decorate(type("Late", (), dict(late)))
