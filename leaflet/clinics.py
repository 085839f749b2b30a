"""Clinics YAML -> model.Clinic (stage 2: content, for the clinics file).

Each clinic's details fill the fixed "Your clinic" slot and the footer; the
details are checked here so a bad phone number or address is a located error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import readlog, source
from .chars import drawn
from .errors import ContentError, Where
from .fields import EMAIL, PHONE, Fields, suggest
from .images import ImageFile, load_picture
from .inputfiles import picture_path
from .markup import check_link
from .model import Clinic
from .record import record
from .sourcestream import Reshaped, stream_items

LOGO_BOX = 22 * 72 / 25.4  # points: the clinic logo's box (22 mm), at the top right of the clinic box
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# The value cap is per clinic: a file may list any number of clinics (its size cap bounds them),
# but no one clinic needs more than a few dozen values. The file's own cap bounds the parse.
MAX_CLINIC_VALUES = 200
MAX_FILE_VALUES = 2_000_000
KEPT_CLINICS = 1_000  # a batch up to this size is parsed once for its two passes (about 0.1 ms a clinic)
KEPT_BYTES = 16 << 20  # ... if its logos, the bulk of a kept clinic, come to no more than this


def load_clinics(path: str | Path) -> dict[str, Clinic]:
    """Read and validate a clinics file; clinics keyed by id, in file order."""
    return {clinic.id: clinic for clinic in iter_clinics(path)}


def iter_clinics(path: str | Path) -> Iterator[Clinic]:
    """Each clinic of a clinics file, validated, read as the parser goes: a batch of 10,000 holds one
    clinic at a time. A file that is not `clinics:` and a list is read whole, for its located error."""
    path, given = Path(path), 0
    seen: dict[str, Where] = {}
    try:
        for node in stream_items(path, "clinics", MAX_FILE_VALUES):
            clinic = clinic_at(node, seen)
            given += 1
            yield clinic
        if not given:
            raise Reshaped  # an empty list: the whole read says what is wrong with it
    except Reshaped:
        yield from whole_file(path)[given:]  # raises the error (or, should the two readers differ, goes on)


class Passes:
    """The clinics of a file for a batch's two passes (the survey, then the stamps): each call a pass.

    A pass that reads the whole file keeps what it read while it is small (KEPT_CLINICS, and their
    logos under KEPT_BYTES), so the next pass replays it instead of parsing the file again; a bigger
    batch is read twice, one clinic at a time, and its memory stays flat. `kept`: the clinics a
    first pass made elsewhere kept (ahead.py), replayed from the start."""

    def __init__(self, path: str | Path, kept: list[Clinic] | None = None) -> None:
        self.path, self.kept = path, kept

    def __call__(self) -> Iterator[Clinic]:
        if self.kept is not None:
            return iter(self.kept)
        return self.read()

    def read(self) -> Iterator[Clinic]:
        held: list[Clinic] | None = []
        size = 0
        for clinic in iter_clinics(self.path):
            size += len(clinic.logo.data) if clinic.logo else 0
            if held is not None and len(held) < KEPT_CLINICS and size <= KEPT_BYTES:
                held.append(clinic)
            else:
                held = None  # too many to keep: the next pass reads the file again
            yield clinic
        self.kept = held  # read to the end without an error: the next pass may replay it


def whole_file(path: Path) -> list[Clinic]:
    top = Fields(source.load(path, MAX_FILE_VALUES), "clinics file")
    seen: dict[str, Where] = {}
    clinics = [clinic_at(node, seen) for node in top.items("clinics")]
    top.done()
    return clinics


def clinic_at(node: source.Node, seen: dict[str, Where]) -> Clinic:
    """One clinic's node, capped and validated; `seen` holds the ids so far and where each was set."""
    if (values := count_values(node)) > MAX_CLINIC_VALUES:
        raise ContentError(
            f"this clinic has {values} values, more than {MAX_CLINIC_VALUES}",
            node.where,
            hint="a clinic needs only its id, name, address, phone and a few more",
        )
    clinic = parse_clinic(Fields(node, "clinic"))
    if clinic.id in seen:
        raise ContentError(f"duplicate clinic id '{clinic.id}'", clinic.where, hint=f"first used at {seen[clinic.id]}")
    seen[clinic.id] = clinic.where
    return clinic


@record
class Survey:
    """What one pass over a batch's clinics finds, before the layout."""

    reserve: str  # every character the stamps draw, for the layout to keep in its subsets
    details: list[tuple[str, Where]]  # located texts the fonts must cover: each clinic's that brings a new character
    count: int
    logos: tuple[Path, ...]  # the clinics' logo files, which the build reads (for the manifest)


def survey(clinics: Iterable[Clinic]) -> Survey:
    """One pass over the clinics: the characters to reserve, the texts to check, the count, the logos."""
    chars: set[str] = set()
    details: list[tuple[str, Where]] = []
    logos: set[Path] = set()
    count = 0
    for clinic in clinics:
        count += 1
        new = set(drawn("".join(clinic.stamp_texts()))) - chars
        if new:
            chars |= new
            details += [(text, clinic.field_where.get(key, clinic.where)) for key, (_, text, _) in clinic.fields()]
        if clinic.logo:
            logos.add(picture_path(clinic.logo))
    return Survey("".join(sorted(chars)), details, count, tuple(sorted(logos)))


@record
class Surveyed:
    """A clinics file's first pass, made in another process (ahead.py): its survey, the clinics it
    kept for the second pass (None: too many, read again), and what it read (readlog.py)."""

    found: Survey
    kept: list[Clinic] | None
    reads: dict[str, str]  # path -> SHA-256 of the bytes read


def survey_file(path: str | Path) -> Surveyed:
    """The first pass over a clinics file, with the digests of what it read; raises as the pass does."""
    with readlog.collecting() as reads:
        passes = Passes(path)
        found = survey(passes())
    return Surveyed(found, passes.kept, reads)


def count_values(node: source.Node) -> int:
    """The node and every value inside it."""
    value = node.value
    inner = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return 1 + sum(count_values(child) for child in inner)


def parse_clinic(f: Fields) -> Clinic:
    ident = f.text("id")
    if not ID.fullmatch(ident):
        raise ContentError(
            f"clinic id '{ident}' is not usable", f.need("id").where, hint="lowercase letters, digits, -"
        )
    phone, email, web = f.text("phone"), f.optional_text("email"), f.optional_text("web")
    if not PHONE.fullmatch(phone):
        raise ContentError(f"'{phone}' is not a phone number", f.need("phone").where, hint="digits, spaces, + ( ) -")
    if email and not EMAIL.fullmatch(email):
        raise ContentError(f"'{email}' is not an email address", f.need("email").where, hint="name@example.org")
    if web and not web.startswith(("https://", "http://")):
        raise ContentError(f"'{web}' is not a web address", f.need("web").where, hint="start it with https://")
    if web:
        check_link(web, f.need("web").where)
    logo = None
    if name := f.optional_text("logo"):
        logo = load_picture(ImageFile(name, f.need("logo").where, "logo file"), (LOGO_BOX, LOGO_BOX))
    clinic = Clinic(
        id=ident,
        name=f.text("name"),
        address=f.text("address"),
        phone=phone,
        email=email,
        web=web,
        hours=f.optional_text("hours"),
        logo=logo,
        where=f.where,
        field_where={key: f.need(key).where for key in list(f.keys())},
    )
    f.done()
    return clinic


def pick(clinics: dict[str, Clinic], ident: str, path: Path) -> Clinic:
    """The clinic with this id, or a located error with a did-you-mean."""
    if ident not in clinics:
        first = next(iter(clinics.values())).where if clinics else Where.file(path)  # where the list starts
        raise ContentError(f"no clinic '{ident}' in this list", first, hint=suggest(ident, list(clinics)))
    return clinics[ident]
