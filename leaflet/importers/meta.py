"""Document head + mapped sections -> the whole leaflet's data (stage: import, meta).

Input: the `parts.Document` (its <title>, lang and <meta>) and the `mapping.Mapped` sections.
<meta> names read: description (subtitle), author, keywords, organisation, version, published
(a date) and identifier (written in a comment: a leaflet has no field for it).
Output: the leaflet data, the comment lines for the top of the file and the number of units.
What the source cannot say (organisation, version, authors, audience, dates) is written as a
marked placeholder, `[Placeholder: ...]`, so the leaflet builds and shows it is a draft; the
dates, which must be dates, carry the mark in a comment beside them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from .mapping import Mapped
from .parts import Document
from .writer import Commented

PLACEHOLDER = "[Placeholder: {}]"
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# A4 at 14 pt: about 1,400 characters a page, and each heading, paragraph or item takes room of its own.
# Measured on the three test sources (9, 5 and 20 pages for 8,474, 5,076 and 23,331 characters in
# 142, 71 and 268 units); this estimate gives 10, 6 and 23: a little room to spare.
CHARS_PER_PAGE = 1400
UNITS_PER_PAGE = 60


def placeholder(what: str) -> str:
    return PLACEHOLDER.format(what)


def leaflet_data(doc: Document, mapped: Mapped, today: dt.date) -> tuple[dict[str, Any], list[str], int]:
    """The leaflet's data (`leaflet:` then `sections:`), the header comment lines, and the units written."""
    texts = list(_texts(mapped.sections))
    pages = math.ceil(sum(len(t) for t in texts) / CHARS_PER_PAGE + len(texts) / UNITS_PER_PAGE) + 1
    meta: dict[str, Any] = {"title": mapped.title or doc.title or placeholder("title")}
    if doc.meta.get("description"):
        meta["subtitle"] = doc.meta["description"]
    meta["audience"] = placeholder("audience")
    lang = doc.language if LANGUAGE.fullmatch(doc.language) else ""
    meta["language"] = lang or Commented("en", placeholder("language") + " the source does not say")
    meta["organisation"] = doc.meta.get("organisation") or placeholder("organisation")
    meta["version"] = doc.meta.get("version") or placeholder("version")
    published = source_date(doc.meta.get("published", ""))
    if published:
        meta["published"] = Commented(published.isoformat(), "the source's date")
    else:
        meta["published"] = Commented(today.isoformat(), placeholder("published date") + " the day of import")
    start = max(today, published or today)
    review = start.replace(year=start.year + 2) if (start.month, start.day) != (2, 29) else start + dt.timedelta(730)
    meta["review"] = Commented(review.isoformat(), placeholder("review date") + " two years on")
    authors = doc.meta.get("author")
    meta["authors"] = [authors] if authors else [placeholder("authors")]
    if doc.meta.get("keywords"):
        meta["keywords"] = [k.strip() for k in doc.meta["keywords"].split(",") if k.strip()]
    meta["pages"] = Commented(str(pages), "page budget, estimated from the length: set your own")
    header = [
        f"Imported from {Path(doc.name).name} by 'leaflet import'. The text is the source's, verbatim.",
        "Set every [Placeholder: ...] before publishing: organisation, version, audience, authors,",
        "the published and review dates, and a contact (phone, email or web) under 'leaflet:'.",
    ]
    if doc.meta.get("identifier"):
        header.append(f"The source's identifier: {doc.meta['identifier']}")
    if not mapped.title and not doc.title:
        header.append("The source has no <h1> or <title>: set the title.")
    sections = mapped.sections or [{"blocks": [{"paragraph": placeholder("the source has no text")}]}]
    return {"leaflet": meta, "sections": sections}, header, len(texts)


def source_date(text: str) -> dt.date | None:
    """The date a source gives (YYYY-MM-DD), or None when it gives none or no real date."""
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _texts(value: Any) -> Any:
    """Every text written in the sections (headings, paragraphs, items, cells, captions)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in ("file", "level", "style"):
                yield from _texts(v)
