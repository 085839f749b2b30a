"""Writing test leaflets whose every text position holds a value of the test's choosing.

`positions(values)` lays values out over every place an author writes text: the leaflet's
metadata, each block type, the reference fields, the brand footer and a clinic's details.
`write(folder, ...)` writes the leaflet, its brand and a clinics file as YAML, each value as
a plain scalar where YAML allows it (so YAML 1.1 would retype it) or double-quoted.
`visible(text)` is the tests' own view of what a reader sees: the characters that show ink.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Plain scalars that YAML 1.1 would turn into numbers, times, dates, booleans or null.
RETYPED = (
    "8:00", "12:30", "0.50", "1.10", "010", "0o17", "0x1F", "1_000", "1e3", "6.02e+23", "+12", "-0",
    ".inf", ".NaN", "yes", "no", "on", "off", "y", "n", "true", "False", "~", "null", "2026-01-01",
)  # fmt: skip
# A value YAML reads as plain text when it stands unquoted after "key: " or "- ".
PLAIN = re.compile(r"[A-Za-z0-9.~+-](?:[A-Za-z0-9 .:_+~-]*[A-Za-z0-9.~_])?")


@dataclass(frozen=True)
class Place:
    """One text position: a label for messages, and where its value is written."""

    label: str
    file: str  # "leaflet", "brand" or "clinics"


LEAFLET_PLACES = (
    "title", "subtitle", "audience", "organisation", "version", "author", "heading", "paragraph",
    "subheading", "bullet", "step", "table header", "table cell", "callout title", "callout body",
    "keypoints title", "key point", "reference title", "journal", "year", "volume", "issue", "pages",
)  # fmt: skip
PLACES = (
    *(Place(p, "leaflet") for p in LEAFLET_PLACES),
    Place("brand footer", "brand"),
    *(Place(p, "clinics") for p in ("clinic name", "clinic address", "clinic hours")),
)


def scalar(value: str, plain: bool = True) -> str:
    """`value` as a YAML scalar: plain where YAML allows it and `plain` is asked for, else double-quoted."""
    if plain and PLAIN.fullmatch(value) and ": " not in value and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def leaflet_text(v: dict[str, str], s: dict[str, str]) -> str:
    """The leaflet YAML; `v` holds the values by place label and `s` the same values as scalars."""
    return f"""\
leaflet:
  title: {s["title"]}
  subtitle: {s["subtitle"]}
  audience: {s["audience"]}
  language: en-GB
  organisation: {s["organisation"]}
  version: {s["version"]}
  published: 2026-01-01
  review: 2028-01-01
  authors:
    - {s["author"]}
  pages: {{A4: 30, clinic A4: 30}}
  brand: typed
sections:
  - heading: {s["heading"]}
    blocks:
      - paragraph: {s["paragraph"]}
      - subheading: {s["subheading"]}
      - bullets:
          - {s["bullet"]}
      - numbered:
          - {s["step"]}
      - table:
          header:
            - {s["table header"]}
          rows:
            - - {s["table cell"]}
      - callout:
          title: {s["callout title"]}
          body: {s["callout body"]}
      - keypoints:
          title: {s["keypoints title"]}
          items:
            - {s["key point"]}
references:
  - key: r1
    title: {s["reference title"]}
    journal: {s["journal"]}
    year: {s["year"]}
    volume: {s["volume"]}
    issue: {s["issue"]}
    pages: {s["pages"]}
"""


def write(folder: Path, values: dict[str, str], plain: bool = True) -> tuple[Path, Path]:
    """Write leaflet, brand and clinics files holding `values`; return (leaflet path, clinics path)."""
    s = {k: scalar(v, plain) for k, v in values.items()}
    (folder / "brands").mkdir(parents=True, exist_ok=True)
    brand = f"brand:\n  name: Typed brand\n  footer: {s['brand footer']}\n"
    (folder / "brands" / "typed.yaml").write_text(brand, encoding="utf-8")
    clinics = (
        "clinics:\n  - id: typed\n"
        f"    name: {s['clinic name']}\n    address: {s['clinic address']}\n"
        f'    phone: "+64 9 000 0001"\n    hours: {s["clinic hours"]}\n'
    )
    (folder / "clinics.yaml").write_text(clinics, encoding="utf-8")
    path = folder / "typed.yaml"
    path.write_text(leaflet_text(values, s), encoding="utf-8")
    return path, folder / "clinics.yaml"


def visible(text: str) -> str:
    """What shows ink: white space and format characters (soft hyphen, zero-width space) left out."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
