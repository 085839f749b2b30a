"""Brand YAML -> model.Brand (stage 2: content, for the brand file).

A brand is separate from content so one leaflet can be rebuilt under
another organisation's look, and many leaflets share one brand.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import source
from .errors import ContentError, FontError
from .fields import Fields
from .fonts import missing_face
from .model import Brand, Contact

HEX = re.compile(r"#[0-9A-Fa-f]{6}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,}")
DEFAULTS = {
    "primary": "#1B4F8A",
    "accent": "#1B4F8A",
    "text": "#1A1A1A",
    "tint": "#EAF1F8",
}


def load_brand(path: str | Path) -> Brand:
    """Read and validate a brand file."""
    path = Path(path)
    top = Fields(source.load(path), "brand file")
    f = top.fields("brand")
    assert f is not None
    colours = {}
    colour_fields = f.fields("colours", required=False)
    for name, default in DEFAULTS.items():
        value = colour_fields.optional_text(name, default) if colour_fields else default
        if not HEX.fullmatch(value):
            assert colour_fields is not None
            raise ContentError(
                f"colour '{value}' is not #RRGGBB",
                colour_fields.need(name).where,
                hint="e.g. #1B4F8A",
            )
        colours[name] = value
    if colour_fields:
        colour_fields.done()
    logo = None
    if logo_name := f.optional_text("logo"):
        logo = (path.parent / logo_name).resolve()
        if not logo.is_file():
            raise ContentError(
                f"logo file '{logo_name}' not found",
                f.need("logo").where,
                hint="paths are relative to the brand file",
            )
    font_fields = f.fields("fonts", required=False)
    body = font_fields.optional_text("body", "AtkinsonHyperlegible") if font_fields else "AtkinsonHyperlegible"
    fallback = font_fields.optional_text("fallback", "NotoSans") if font_fields else "NotoSans"
    if font_fields:
        for key, family in (("body", body), ("fallback", fallback)):
            if key in font_fields and (missing := missing_face(family)):
                raise FontError(
                    f"font file {missing} is missing from fonts/",
                    font_fields.need(key).where,
                    hint=f"put the OFL {family} TTFs (Regular, Bold, Italic, BoldItalic) in fonts/",
                )
        font_fields.done()
    contact_fields = f.fields("contact", required=False)
    brand = Brand(
        name=f.text("name"),
        logo=logo,
        body_font=body,
        fallback_font=fallback,
        footer=f.optional_text("footer"),
        contact=parse_contact(contact_fields) if contact_fields else Contact(),
        minsize=float(f.integer("minsize", default=12)),
        where=f.where,
        **colours,
    )
    f.done()
    top.done()
    return brand


def parse_contact(f: Fields) -> Contact:
    """Contact details; phone, email and web are checked so their links work."""
    contact = Contact(
        phone=f.optional_text("phone"),
        email=f.optional_text("email"),
        web=f.optional_text("web"),
        address=f.optional_text("address"),
    )
    if contact.phone and not PHONE.fullmatch(contact.phone):
        raise ContentError(
            f"'{contact.phone}' is not a phone number",
            f.need("phone").where,
            hint="digits, spaces and + only",
        )
    if contact.email and not EMAIL.fullmatch(contact.email):
        raise ContentError(
            f"'{contact.email}' is not an email address", f.need("email").where, hint="write it as name@example.org"
        )
    if contact.web and not contact.web.startswith(("https://", "http://")):
        raise ContentError(
            f"'{contact.web}' is not a web address",
            f.need("web").where,
            hint="start it with https://",
        )
    f.done()
    return contact
