"""Built files -> the lines `leaflet build` prints: one summary line per file, or one JSON object.

Input: a `build.Built`. Output: the line, from measured values (pages, size, fills, checks).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .build import Built


def summary(built: Built) -> str:
    """One line per file, from measured values."""
    parts = [str(built.path), f"{built.pages} pages" if built.pages else "", built.size, kb(built.bytes)]
    if built.fitted_pt:
        parts.append(f"type fitted to {built.fitted_pt:g} pt")
    if marks := len(built.leaflet.draft):
        parts.append(f"draft ({marks} mark{'s' if marks > 1 else ''}: --final lists them)")
    if built.report:
        parts.append(fill_figure(built.fills))
        parts.append(f"links {built.report.get('links').figure}")
        parts.append("fonts embedded+subset" if built.report.get("fonts").ok else "fonts NOT embedded")
        parts.append(f"checks {sum(f.ok for f in built.report.findings)}/{len(built.report.findings)} ok")
    return "  ".join(p for p in parts if p)


def fill_figure(fills: Sequence[float]) -> str:
    """Each page's fill as a whole per cent, 'fill 94/91/88/40%'; '' when there are no pages."""
    return f"fill {'/'.join(f'{round(f * 100)}' for f in fills)}%" if fills else ""


def summary_json(built: Built) -> str:
    """The summary as one line of JSON, for scripts: fills are shares of each page's text frame."""
    report = built.report
    data = {
        "path": str(built.path),
        "pages": built.pages,
        "size": built.size,
        "bytes": built.bytes,
        "fills": [round(f, 4) for f in built.fills],
        "checks": {f.check: f.ok for f in report.findings} if report else {},
    }
    return json.dumps(data)


def kb(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"
