"""The leaflet's page budget -> a budget for every variant (stage 2: content, the budget rule).

Input: the `pages:` value, one number (the A4 budget) or a budget per variant key. Output:
`Budget`, the page budget of every variant key, each given or derived from the A4 budget
by the ratio below, so `pages: 4` alone covers A5, Letter, large print and the clinic layout.

The ratios were measured (issue 9): every leaflet in content/, tests/content/blocks/, the
starter, and the LDN leaflet's sections repeated two and three times (9 and 12 A4 pages), laid
out in each variant with no budget. A variant's ratio is the smallest r with pages <= ceil(A4
pages x r) for every one of them, plus about 10% for content unlike theirs:

| variant       | pages, A4 -> variant (samples)              | least r | r used |
|---------------|---------------------------------------------|---------|--------|
| A5 (12 pt)    | 1->2, 5->6, 9->11, 12->15                    | 1.17    | 1.3    |
| Letter        | 1->1, 5->6, 9->9, 12->13                     | 1.0     | 1.2    |
| large print   | 1->2, 5->7, 9->11, 12->16 (A4)               | 1.25    | 1.45   |
| large-print A5| 1->3, 5->12, 9->22, 12->32                   | 2.58    | 2.8    |
| large Letter  | 1->2, 5->7, 9->12, 12->17                    | 1.33    | 1.5    |
| clinic        | 1->2, 2->3, 5->6, 9->9, 12->12 (A4)          | 1.0     | 1.2    |

A clinic layout of another size multiplies the two ratios.
"""

from __future__ import annotations

import math
from dataclasses import field
from types import MappingProxyType

from .record import record

SIZES = ("A4", "A5", "Letter")
KEYS = tuple(f"{large}{clinic}{size}" for large in ("", "large-print ") for clinic in ("", "clinic ") for size in SIZES)
# (size, large print) -> pages per A4 page, as measured (see above).
RATIOS = MappingProxyType(
    {
        ("A4", False): 1.0,
        ("A5", False): 1.3,
        ("Letter", False): 1.2,
        ("A4", True): 1.45,
        ("A5", True): 2.8,
        ("Letter", True): 1.5,
    }
)
CLINIC_RATIO = 1.2


def ratio(key: str) -> float:
    """Pages of the variant `key` per page of the A4 leaflet."""
    large, clinic = key.startswith("large-print "), "clinic " in key
    size = key.rsplit(" ", 1)[-1]
    return RATIOS[(size, large)] * (CLINIC_RATIO if clinic else 1.0)


@record
class Budget:
    """The page budget of every variant key; `given` holds the keys the leaflet sets itself."""

    a4: int
    given: MappingProxyType[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __getitem__(self, key: str) -> int:
        return self.given.get(key, math.ceil(round(self.a4 * ratio(key), 6)))

    def get(self, key: str, default: int = 0) -> int:
        return self[key] if key in KEYS else default

    def how(self, key: str) -> str:
        """Where the budget of `key` comes from, for messages."""
        if key in self.given or key == "A4":
            return f"the {key} budget is set by 'pages:'"
        return f"the {key} budget is the A4 budget ({self.a4}) x {ratio(key):g}, the measured {key} ratio"

    def raised(self, key: str, pages: int) -> str:
        """The `pages:` value that gives `key` a budget of `pages`, keeping the leaflet's other budgets."""
        budgets = {"A4": self.a4, **self.given, key: pages}
        return "pages: {" + ", ".join(f"{k}: {v}" for k, v in budgets.items()) + "}"
