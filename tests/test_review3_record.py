"""Review of record.py's own `__init__`: a record with `__post_init__` or an `InitVar` is made as its
dataclass is (dataclass's `__init__` calls `__post_init__`, passing it the InitVar values)."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import InitVar
from typing import Any

import pytest

from leaflet.record import record


def checked(decorate: Any) -> tuple[type[Any], type[Any]]:
    """A class that validates in `__post_init__` and one that takes an InitVar, each made by `decorate`."""

    class Dose:
        mg: int
        unit: str = "mg"

        def __post_init__(self) -> None:
            if self.mg <= 0:
                raise ValueError("a dose must be positive")
            object.__setattr__(self, "label", f"{self.mg} {self.unit}")

    class Scaled:
        base: int
        times: InitVar[int] = 1

        def __post_init__(self, times: int) -> None:
            object.__setattr__(self, "total", self.base * times)

    class Child(Dose):  # a plain subclass made a record: the base's __post_init__ still runs
        note: str = ""

    return decorate(Dose), decorate(Scaled), decorate(Child)


@pytest.mark.parametrize("frozen", [True, False])
def test_post_init_and_initvars_are_honoured_as_by_dataclass(frozen: bool) -> None:
    ours, theirs = checked(record(frozen=frozen)), checked(dataclasses.dataclass(frozen=frozen))
    for mine, its in zip(ours, theirs, strict=True):
        assert str(inspect.signature(mine)) == str(inspect.signature(its))
    (dose, scaled, child), (dose_dc, scaled_dc, child_dc) = ours, theirs
    assert dose(5).label == dose_dc(5).label == "5 mg"  # type: ignore[attr-defined]
    assert child(5, "mg", "x").label == child_dc(5, "mg", "x").label  # type: ignore[attr-defined]
    for made in (dose, dose_dc, child, child_dc):
        with pytest.raises(ValueError, match="positive"):
            made(0)
    assert scaled(3, 4).total == scaled_dc(3, 4).total == 12  # type: ignore[attr-defined]
    assert scaled(3).total == 3  # type: ignore[attr-defined]
