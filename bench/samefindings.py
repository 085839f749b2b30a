"""Same findings: this checkout's `run_checks` against another checkout's, word for word, for speed work (issue 11).

Usage: .venv/bin/python bench/samefindings.py OTHER_CHECKOUT [--mutants N]

Makes a corpus of PDFs once (with this checkout): every content/*.yaml and
tests/content/leaflets/*.yaml in four variants (A4, A5, large print, print shop), the hostile
corpus of tests/hostile_pdfs.py made from the LDN leaflet, and N mutants of it (default 300,
seeded): its pages' drawing instructions with text shown, numbers, operators or marked content
changed, cut, doubled or swapped. Then, in a process of each checkout, checks each PDF with its
content and without (as `leaflet check` does) and writes every finding's text, or the error
raised. Prints each PDF whose report differs, and a count. A speed change of the checks must
change no report.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "bench"))
from sameness import command  # noqa: E402  (bench/sameness.py, beside this file)

LDN = HERE / "content" / "ldn-ms.yaml"


def corpus(out: Path, mutants: int) -> dict[str, str]:
    """Write the PDFs into `out`; their names -> the content file each is checked against."""
    sys.path[:0] = [str(HERE), str(HERE / "tests"), str(HERE / "bench")]
    import hostile_pdfs
    from samebytes import usable

    from leaflet.build import lay_out_checked
    from leaflet.errors import LeafletError
    from leaflet.theme import Variant

    variants = [Variant(), Variant(size="A5"), Variant(large=True), Variant(bleed=True)]
    files = [p for p in sorted((HERE / "content").glob("*.yaml")) if p.name != "clinics.yaml"]
    files += sorted((HERE / "tests" / "content" / "leaflets").glob("*.yaml"))
    made: dict[str, str] = {}
    for original in files:
        file = usable(original, HERE, out / "fixtures")
        for v in variants:
            name = f"{original.stem}-{v.key}{'-bleed' if v.bleed else ''}".replace(" ", "_")
            try:
                (out / f"{name}.pdf").write_bytes(lay_out_checked(file, v).rendered.pdf)
            except LeafletError:
                continue
            made[name] = f"{file}|{v.size}|{int(v.large)}|{int(v.bleed)}"
    base = lay_out_checked(LDN, Variant()).rendered.pdf
    for case in hostile_pdfs.CORPUS:
        (out / f"hostile-{case.name}.pdf").write_bytes(case.make(base))
        made[f"hostile-{case.name}"] = f"{LDN}|A4|0|0"
    rng, pages = random.Random(11), contents(base)
    for n in range(mutants):
        (out / f"mutant-{n}.pdf").write_bytes(mutant(pages, base, rng, hostile_pdfs))
        made[f"mutant-{n}"] = f"{LDN}|A4|0|0"
    return made


def mutant(pages: list[tuple[int, bytes]], base: bytes, rng: random.Random, hostile: Any) -> bytes:
    """The LDN leaflet with one page's drawing instructions changed at a few places, as an update."""
    number, data = rng.choice(pages)
    pieces = re.split(rb"(\s+)", data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(pieces))
        pick = rng.random()
        if pick < 0.25:
            pieces[at] = rng.choice([b"", b"(", b")", b"[", b"]", b"<<", b">>", b"/X", b"-1", b"1e3", b"BT", b"ET"])
        elif pick < 0.5:
            pieces[at] = pieces[rng.randrange(len(pieces))]
        elif pick < 0.7:
            pieces[at] = re.sub(rb"\d", lambda m: str(rng.randint(0, 9)).encode(), pieces[at])
        elif pick < 0.85:
            pieces.insert(at, pieces[at])
        else:
            pieces[at] = pieces[at][::-1]
    return bytes(hostile.update(base, {number: hostile.stream(b"".join(pieces))}))


def contents(base: bytes) -> list[tuple[int, bytes]]:
    """(object number, decoded data) of each page's content stream, read with pypdf."""
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(base)).pages
    return [(page.raw_get("/Contents").idnum, page.get_contents().get_data()) for page in pages]


def worker(folder: Path) -> None:
    """Check every PDF in `folder` (names.json) with this process's package; write findings.json."""
    from leaflet.build import theme_for
    from leaflet.checks import read_pdf, run_checks
    from leaflet.content import load_leaflet
    from leaflet.errors import LeafletError
    from leaflet.fonts import load_fonts
    from leaflet.theme import Variant

    names: dict[str, str] = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    themes: dict[str, Any] = {}
    out: dict[str, list[str]] = {}
    for name, key in names.items():
        if key not in themes:
            file, size, large, bleed = key.split("|")
            leaflet = load_leaflet(file)
            variant = Variant(size=size, large=bool(int(large)), bleed=bool(int(bleed)))
            themes[key] = leaflet, theme_for(leaflet, load_fonts(leaflet.brand), variant)
        leaflet, theme = themes[key]
        data = read_pdf(folder / f"{name}.pdf")
        out[name] = []
        for given in ((leaflet, theme), (None, None)):
            try:
                out[name].append(run_checks(data, *given, name=name).text())
            except LeafletError as e:
                out[name].append(f"error: {e}")
    (folder / "findings.json").write_text(json.dumps(out, indent=1), encoding="utf-8")


def main(argv: list[str]) -> None:
    done = command(argv, __file__, HERE, worker, corpus, 300)
    if done is None:
        return
    ours, differ = done
    failing = sum(1 for reports in ours.values() if any("FAIL" in r or r.startswith("error") for r in reports))
    print(f"{len(differ)} of {len(ours)} PDFs report otherwise ({failing} of them fail a check or raise)")


if __name__ == "__main__":
    main(sys.argv[1:])
