"""Snapshots -> the preview's state, and its JSON (stage: preview, between rebuilds and the server).

Input: each rebuild's `Snapshot`, in order. Output: the current `State`, and from it the JSON of
`GET /status` and `GET /view` and the image (BMP) of each page, read by the server's threads.

What a rebuild does to the state (every rebuild, good or bad, is a new `version`):
- the leaflet was built (`Snapshot.built`; its checks may fail): its pages replace the old ones;
  `ok` is true when every check passed; `findings` holds every check's finding;
- the leaflet could not be built (broken YAML, a missing image, over its page budget, a rebuild
  that crashed): the last good pages stay, so `pages` counts the pages still shown; `ok` is false;
  `findings` holds one finding, check 'build', the located error.
Before the first rebuild ends, version is 0, ok false, and there are no pages and no findings.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ..record import record
from .snapshot import Item, Page, Snapshot


@record
class State:
    version: int
    ok: bool
    pages: tuple[Page, ...]  # the last good build's pages
    pages_version: int  # the version that made them
    items: tuple[Item, ...]
    title: str = ""
    drafts: tuple[Item, ...] = ()


class Board:
    """The latest state, replaced whole under a lock on each rebuild (readers never see half of one)."""

    def __init__(self, leaflet: Path) -> None:
        self.leaflet = leaflet
        self._lock = threading.Lock()
        self._state = State(0, False, (), 0, ())

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def post(self, snap: Snapshot) -> State:
        """Take one rebuild's result: a new version, with its pages, or with the last good ones."""
        with self._lock:
            old = self._state
            version = old.version + 1
            if snap.built:
                ok = all(item.ok for item in snap.items)
                new = State(version, ok, snap.pages, version, snap.items, snap.title, snap.drafts)
            else:
                new = State(version, False, old.pages, old.pages_version, snap.items, old.title, old.drafts)
            self._state = new
            return new

    def status(self) -> dict[str, Any]:
        """GET /status: exactly version, ok, pages and findings (check, ok, message, where)."""
        s = self.state
        findings = [{"check": i.check, "ok": i.ok, "message": i.message, "where": i.where} for i in s.items]
        return {"version": s.version, "ok": s.ok, "pages": len(s.pages), "findings": findings}

    def view(self) -> dict[str, Any]:
        """GET /view: what the page draws (all of it text for the page to put in the DOM as text)."""
        s = self.state
        return {
            "version": s.version,
            "ok": s.ok,
            "file": str(self.leaflet),
            "title": s.title,
            "stale": s.pages_version != s.version,  # the pages shown are from an earlier, good build
            "pages": [{"src": f"/page/{n}.bmp?v={s.pages_version}", "text": p.text} for n, p in enumerate(s.pages, 1)],
            "items": [item_json(i) for i in s.items],
            "drafts": [item_json(i) for i in s.drafts],
        }

    def page_image(self, number: int) -> bytes | None:
        """Page `number` (1-based) of the pages shown, or None."""
        pages = self.state.pages
        return pages[number - 1].image if 1 <= number <= len(pages) else None


def item_json(i: Item) -> dict[str, Any]:
    e = i.excerpt
    excerpt = {"line": e.line, "column": e.column, "lines": [list(x) for x in e.lines]} if e else None
    return {"check": i.check, "ok": i.ok, "message": i.message, "where": i.where, "hint": i.hint, "excerpt": excerpt}
