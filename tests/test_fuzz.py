"""Property: whatever text an author writes, `leaflet build` either makes a PDF that holds every
value verbatim, or stops with exit 2 and one located message; never anything else.

Leaflets are schema-shaped (tests/typed.py puts a value in every text position) and the values
are hostile: markup characters, control and invisible characters, every script the fonts cover,
values YAML 1.1 would retype, huge and empty values. CI runs FUZZ_EXAMPLES (default 300)
derandomised examples; `make fuzz` runs many more with fresh randomness.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typed import PLACES, RETYPED, visible, write

from leaflet import cli
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.theme import Variant, make_theme

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
LOCATED = re.compile(r"(?P<file>[^\n]+?\.yaml):(?P<line>\d+):(?P<column>\d+): \S")

PIECES = (
    *RETYPED,
    "<", ">", "&", "&amp;", "&#60;", '<font name="x">', "</para>", '<img src="y"/>', "<b>", '"', "'",
    ": ", " #", "{", "}", "|", "%", "!", "@", "`", "- ", "? ", ",", "--",
    "\u00a0", "\u2009", "\u202f", "\u2007", "\u200b", "\u00ad", "\u2060", "\ufeff", "\u2028", "\t",
    "Māori ō ā", "Ελληνικά", "Информация на русском", "Tiếng Việt", "Straße", "½ ° µ ± \u00d7 €", "“quoted”",
    "fi fl", "10 mg", "1,200 mg", "5 °C", "20 %",
)  # fmt: skip
WORD = st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cc",)), min_size=1, max_size=8)
VALUE = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), WORD), min_size=1, max_size=6).map(" ".join),
    st.sampled_from(RETYPED),
)
# At most one place gets a value that is huge, empty, or holds a control character or a
# character no font has (the last three must stop the build, located).
SPOILERS = st.one_of(
    st.sampled_from(("", " ", "\x07", "a \x1b[31m b", "中文", "\U0001f600")),
    st.integers(200, 3000).map(lambda n: "long " * n),
)
SPOIL = st.one_of(st.none(), st.tuples(st.sampled_from([p.label for p in PLACES]), SPOILERS))
# Inline text reads *, [ and \ as markup and <scheme:...> as a link: values there avoid them,
# so what the reader sees is exactly the value (markup has its own tests).
INLINE_SAFE = re.compile(r"[*\[\\]|<[A-Za-z][A-Za-z+.-]*:")


@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.fixed_dictionaries({p.label: VALUE for p in PLACES}), SPOIL, st.booleans(), st.booleans())
def test_a_build_holds_every_value_or_stops_with_a_located_message(
    values: dict[str, str], spoil: tuple[str, str] | None, plain: bool, clinic: bool
) -> None:
    values = {k: INLINE_SAFE.sub(" ", v) for k, v in values.items()} | dict([spoil] if spoil else [])
    event("spoiled" if spoil else "clean")
    with tempfile.TemporaryDirectory() as folder:
        path, clinics = write(Path(folder) / "src", values, plain)
        out = Path(folder) / "out"
        argv = ["build", str(path), "-o", str(out)]
        argv += ["--clinic", "typed", "--clinics", str(clinics)] if clinic else []
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = cli.main(argv)
        message = err.getvalue()
        assert "Traceback" not in message
        event(f"exit {status}")
        if status == 2:
            event(message.split(": ", 1)[-1].split("\n")[0][:40])
            assert_located(message, Path(folder) / "src")
            return
        assert status == 0, message
        pdf = out / "clinics" / "typed" / "typed.pdf" if clinic else out / "typed.pdf"
        text = visible(reading_text(pdf, footer_top(path, clinic)))
        for place in PLACES:
            if place.file == "clinics" and not clinic:
                continue
            want = visible(values[place.label])
            assert want in text, f"the {place.label} {values[place.label]!r} is not in the PDF as typed"


def footer_top(path: Path, clinic: bool) -> float:
    """The height below which the built leaflet's page furniture (footer) stands."""
    leaflet = load_leaflet(path)
    theme = make_theme(leaflet.brand, load_fonts(leaflet.brand), Variant(clinic=clinic), leaflet.meta.title)
    return theme.offset + theme.margin_y + theme.footer_height


def reading_text(pdf: Path, floor: float) -> str:
    """Every page's body text, then every page's footer: text split over a page break reads as one run."""
    body: list[str] = []
    footer: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        (body if y >= floor else footer).append(text)

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return "".join(body) + "".join(footer)


def assert_located(message: str, folder: Path) -> None:
    """One error: FILE:LINE:COL inside the source folder, a message, and a hint line."""
    lines = message.rstrip("\n").split("\n")
    first = LOCATED.match(lines[0])
    assert first, f"not located: {message!r}"
    assert Path(first["file"]).resolve().is_relative_to(folder.resolve()), message
    assert int(first["line"]) >= 1 and int(first["column"]) >= 1, message
    assert len(lines) == 2 and lines[1].startswith("  hint: "), message
