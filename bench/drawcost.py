"""Instructions of `build.draw` (load, fonts, theme, layout, render, tags), cold and warm, counted by valgrind.

Usage: .venv/bin/python bench/drawcost.py [CHECKOUT ...]   (default: this one)

For each checkout, the LDN leaflet (A4) and the clinic master of content/clinics.yaml (the draw on a
clinic batch's critical path: its fonts must hold every clinic's characters, NotoSans among them):

- cold: the first `draw` in a process whose modules are imported (fonts parsed, cmaps read, first
  calls), the count of a process that draws once less that of one that only imports;
- warm: each further `draw` in that process (three, averaged).

No checks run (bench/instructions.py counts those). The count moves by well under one per cent from
run to run (PYTHONHASHSEED is fixed), where CPU time on the shared machine moves by a third. Needs
valgrind; six processes of some 20 s each per checkout. No test runs this.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callgrind import collected, need_valgrind

HERE = Path(__file__).resolve().parent.parent

WORKER = """
import sys
from pathlib import Path
from leaflet.build import draw
from leaflet.clinics import load_clinics, survey
from leaflet.theme import Variant
content = Path("content") / "ldn-ms.yaml"
def once(which):
    if which == "A4":
        return draw(content, Variant())
    found = survey(load_clinics(Path("content") / "clinics.yaml").values())
    return draw(content, Variant(clinic=True), found.reserve, found.details)
for _ in range(int(sys.argv[2])):
    once(sys.argv[1])
"""


def main(argv: list[str]) -> None:
    need_valgrind("bench/drawcost.py")
    checkouts = [Path(a).resolve() for a in argv] or [HERE]
    print("| checkout | A4 cold | A4 warm | clinic master cold | clinic master warm |  (M instructions)")
    print("|---|---|---|---|---|")
    for checkout in checkouts:
        cells = []
        for which in ("A4", "clinic"):
            none, one, four = (collected(checkout, WORKER, [which, str(n)]) for n in (0, 1, 4))
            cells += [f"{(one - none) / 1e6:.1f}", f"{(four - one) / 3 / 1e6:.1f}"]
        print(f"| {checkout} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
