"""`record`: a class of named, typed fields -> a dataclass that costs less to define.

Python 3.11 writes out and compiles each method a dataclass generates: six of them (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) for `@dataclass(frozen=True)`,
about 0.6 ms a class. A checked build defines some seventy of them before it does any work, so
`@record` has dataclasses collect the fields and generate nothing, writes `__init__` itself (the
function alone, not inside the wrapper dataclass compiles it in: a record takes 0.18 ms to define,
not 0.37), and gives every record the same four methods below, which behave as the generated ones
do: equality and hash over the fields compared (`field(compare=False)` leaves one out), a repr of
the fields shown (`field(repr=False)`). A record with a field that is keyword-only or left out of
`__init__`, an InitVar or a `__post_init__` (none of ours) gets dataclass's own `__init__`.

Records are frozen for the type checker (`dataclass_transform(frozen_default=True)`: mypy refuses
an assignment to a field) and at run time: `__init__` sets each field once, and a later assignment
or deletion raises FrozenInstanceError, as for a frozen dataclass. `dataclasses.fields`, `replace`
and `astuple` work on records as on any dataclass.
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
from collections.abc import Callable
from dataclasses import Field, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[T] | None = None, /, *, frozen: bool = True) -> Any:
    """The class as a dataclass with `__init__`, equality, hash and repr; frozen unless
    `@record(frozen=False)`, which, like a mutable dataclass, is unhashable."""
    if cls is None:
        return lambda cls: _record(cls, frozen)
    return _record(cls, frozen)


def _record(cls: type[T], frozen: bool) -> type[T]:
    if not cls.__doc__:  # dataclass would compute one with inspect.signature, itself ~0.1 ms
        cls.__doc__ = f"{cls.__name__}({', '.join(getattr(cls, '__annotations__', {}))})"
    for base in cls.__mro__[1:]:
        if "__record__" in base.__dict__ and (base.__dict__.get("__setattr__") is _set_once) is not frozen:
            raise TypeError(f"{cls.__name__}: a frozen and a mutable record cannot inherit from each other")
    own = dict(cls.__dict__)  # what the class defines itself, which dataclass keeps (and so do we)
    ours = "__init__" not in own and _plain(cls)  # (else dataclass writes it, as it would)
    made = dataclass(init=not ours, eq=False, repr=False)(cls)
    every = fields(made)  # type: ignore[arg-type]  # `made` is a dataclass now
    if ours:
        made.__init__ = _init(made, every, frozen)  # type: ignore[method-assign]
    compared = [f.name for f in every if f.compare]
    hashed = [f.name for f in every if (f.compare if f.hash is None else f.hash)]
    shown = tuple(f.name for f in every if f.repr)
    made.__record__ = (_values(compared), _values(hashed), shown)  # type: ignore[attr-defined]
    if "__eq__" not in own:
        made.__eq__ = _eq  # type: ignore[method-assign]
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):  # an __eq__ alone sets it to None
        made.__hash__ = _hash if frozen else None  # type: ignore[method-assign,assignment]
    if "__repr__" not in own:
        made.__repr__ = _repr  # type: ignore[method-assign]
    if frozen:
        unset = frozenset(f.name for f in every if not f.init and f.default_factory is dataclasses.MISSING)
        made.__setattr__ = _set_checked if unset else _set_once  # type: ignore[method-assign]
        made.__unset__ = unset  # type: ignore[attr-defined]
        made.__delattr__ = _keep  # type: ignore[method-assign]
    return made


class _Unset:
    """The default of a parameter whose field has a default factory: no value was given."""

    def __repr__(self) -> str:
        return "<factory>"


_UNSET = _Unset()


def _init(cls: type, every: tuple[Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """The `__init__` dataclass would write: a parameter per field, in order, a default factory
    called when its parameter is not given. As in dataclass's, a frozen record's values are set with
    `object.__setattr__` (its own `__setattr__` refuses changes, and this is no change), a mutable
    one's with its `__setattr__`.

    dataclass's own is compiled inside a wrapper that takes every default and type as a parameter,
    about 0.29 ms a class with the work around it; this one is the function alone, about 0.1 ms."""
    defaults: list[Any] = []
    factories: dict[str, Any] = {"__unset": _UNSET, "__set": object.__setattr__}
    lines = []
    for f in every:
        factory = f.default_factory is not dataclasses.MISSING
        value = f.name
        if factory:
            key = f"__f{len(factories)}"
            factories[key] = f.default_factory
            value = f"{key}() if {f.name} is __unset else {f.name}"
        lines.append(f"    __set(self, {f.name!r}, {value})" if frozen else f"    self.{f.name} = {value}")
        if factory or f.default is not dataclasses.MISSING:
            defaults.append(_UNSET if factory else f.default)
        elif defaults:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    names = ", ".join(["self", *(f.name for f in every)])
    exec(f"def __init__({names}):\n" + ("\n".join(lines) or "    pass"), factories)
    init: Callable[..., None] = factories["__init__"]
    init.__defaults__ = tuple(defaults) or None
    init.__annotations__ = {f.name: f.type for f in every} | {"return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _plain(cls: type) -> bool:
    """Whether every field of `cls` is a plain parameter of `__init__` (as all of ours are): none
    keyword-only or left out of `__init__`, none named `self` or with a name starting `__`; and
    whether `__init__` need do nothing else: no `__post_init__` to call, no InitVar to pass it."""
    if hasattr(cls, "__post_init__"):
        return False
    annotations = inspect.get_annotations(cls)  # (the class's own, as strings)
    declared = [(name, cls.__dict__.get(name)) for name in annotations]
    types = [str(a) for a in annotations.values()]
    for base in cls.__mro__[1:]:
        declared += [(f.name, f) for f in getattr(base, "__dataclass_fields__", {}).values()]
        types += [str(f.type) for f in getattr(base, "__dataclass_fields__", {}).values()]
    return not any(
        name == "self" or name.startswith("__") or (isinstance(f, Field) and (not f.init or f.kw_only is True))
        for name, f in declared
    ) and not any("KW_ONLY" in t or "InitVar" in t for t in types)


def _values(names: list[str]) -> Any:
    """A function from a record to the tuple of its values of `names`."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = self.__record__[0]
    return compared(self) == compared(other)


def _hash(self: Any) -> int:
    return hash(self.__record__[1](self))


def _set_once(self: Any, name: str, value: Any) -> None:
    """`__init__` gives each field its value; nothing changes one after that. A plain class made
    from a record may set attributes of its own, as it may on a frozen dataclass."""
    if name in self.__dataclass_fields__:
        if name in self.__dict__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
    elif "__record__" in type(self).__dict__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _set_checked(self: Any, name: str, value: Any) -> None:
    """`_set_once` for a record with fields `__init__` never sets (`init=False` without a factory):
    those are refused too, as a frozen dataclass refuses them."""
    if name in self.__unset__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    _set_once(self, name, value)


def _keep(self: Any, name: str) -> None:
    if name in self.__dataclass_fields__ or "__record__" in type(self).__dict__:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record__[2])
    return f"{self.__class__.__qualname__}({shown})"
