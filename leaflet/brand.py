"""Brand YAML -> model.Brand (stage 2: content, for the brand file).

A brand is separate from content so one leaflet can be rebuilt under
another organisation's look, and many leaflets share one brand.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import drafts, source
from .contrast import Colour, contrast, grey
from .errors import ContentError, FontError, Where
from .fields import EMAIL, PHONE, Fields
from .fonts import BODY_STYLES, REGULAR, missing_face
from .images import ImageFile, load_picture
from .markup import check_link
from .model import Brand, Contact
from .printcolour import parse_cmyk, to_hex

HEX = re.compile(r"#[0-9A-Fa-f]{6}")
AA = 4.5  # WCAG AA contrast for text
MAX_MINSIZE = 24  # pt: above this a column holds too few words per line
LOGO_BOX = 20 * 72 / 25.4  # points: the title band's largest logo box (20 mm); layout fits it further
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
        check_contrast(colours, colour_fields)
    cmyk_fields = f.fields("cmyk", required=False)
    cmyk = parse_cmyk(cmyk_fields)
    if cmyk_fields and cmyk:
        check_contrast(colours | {name: to_hex(value) for name, value in cmyk}, cmyk_fields)
    logo = None
    if logo_name := f.optional_text("logo"):
        logo = load_picture(ImageFile(logo_name, f.need("logo").where, "logo file"), (LOGO_BOX, LOGO_BOX))
    body, fallbacks = parse_fonts(f.fields("fonts", required=False))
    contact_fields = f.fields("contact", required=False)
    brand = Brand(
        name=f.text("name"),
        logo=logo,
        body_font=body,
        fallback_fonts=fallbacks,
        footer=f.optional_text("footer"),
        contact=parse_contact(contact_fields) if contact_fields else Contact(),
        minsize=minsize(f),
        where=f.where,
        footer_where=footer.where if (footer := f.get("footer")) else None,
        cmyk=cmyk,
        placeholders=tuple(drafts.scan(top.node, "")),
        **colours,
    )
    f.done()
    top.done()
    return brand


BODY_FONT, FALLBACK_FONTS = "AtkinsonHyperlegible", ("NotoSans",)  # without a `fonts:` key


def parse_fonts(f: Fields | None) -> tuple[str, tuple[str, ...]]:
    """The body family and the fallback families, tried in order (`fallback`: one name or a list).

    A family named must have its files in fonts/: Regular and Bold for the body, at least Regular
    for a fallback (one with no Bold file has one weight: fonts.py says what that means)."""
    if f is None:
        return BODY_FONT, FALLBACK_FONTS
    body = f.optional_text("body", BODY_FONT)
    if "body" in f:
        require_files(body, BODY_STYLES, f.need("body").where)
    fallbacks: tuple[str, ...] = FALLBACK_FONTS
    if "fallback" in f:
        named = f.texts("fallback", required=False)
        for name, where in named:
            require_files(name, (REGULAR,), where)
        fallbacks = tuple(name for name, _ in named)
    f.done()
    return body, fallbacks


def require_files(family: str, styles: tuple[str, ...], where: Where) -> None:
    if missing := missing_face(family, styles):
        raise FontError(
            f"font file {missing} is missing from fonts/",
            where,
            hint=f"put the OFL {family} TTFs ({' and '.join(styles)}) in fonts/",
        )


# (colour drawn as text, colour behind it, where the layout does this)
TEXT_ON = (
    ("text", "#FFFFFF", "body text on the page"),
    ("text", "tint", "text in boxes and table headers"),
    ("primary", "#FFFFFF", "headings"),
    ("#FFFFFF", "primary", "the title in the band"),
)


def check_contrast(colours: dict[str, str], f: Fields) -> None:
    """Refuse colours that would fail the contrast check (4.5:1, in colour and in greyscale), at the key."""
    for ink, paper, use in TEXT_ON:
        a, b = (_rgb(colours.get(c, c)) for c in (ink, paper))
        ratio = min(contrast(a, b), contrast(grey(a), grey(b)))
        if ratio < AA:
            key = ink if ink in colours else paper
            raise ContentError(
                f"colours '{key}' {colours[key]} give {use} a contrast of {ratio:.1f}:1, under {AA}:1",
                f.need(key).where if key in f else f.where,
                hint="darken the text colour or lighten its background (it must also hold in greyscale print)",
            )


def _rgb(hex_colour: str) -> Colour:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return r, g, b


def minsize(f: Fields) -> float:
    """The brand's smallest text size: the body is raised to it, so it must leave a usable page."""
    size = f.integer("minsize", default=12)
    if size > MAX_MINSIZE:
        raise ContentError(
            f"'minsize' is {size} pt, above the {MAX_MINSIZE} pt the page layout can hold",
            f.need("minsize").where,
            hint=f"use 12 to {MAX_MINSIZE}: body text is 14 pt (12 on A5) and is raised to minsize; "
            "for 18 pt large print, build with --large-print",
        )
    return float(size)


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
    if contact.web:
        if not contact.web.startswith(("https://", "http://")):
            raise ContentError(
                f"'{contact.web}' is not a web address", f.need("web").where, hint="start it with https://"
            )
        check_link(contact.web, f.need("web").where)
    f.done()
    return contact
