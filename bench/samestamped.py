"""Same clinic-check findings: this checkout's `check_stamped` against another checkout's, word for word (issue 11).

Usage: .venv/bin/python bench/samestamped.py OTHER_CHECKOUT [--mutants N]

Makes a corpus of stamped clinic PDFs once (with this checkout): the LDN leaflet's clinic layout for
content/clinics.yaml's clinics and 40 bench clinics (bench/clinics.py), each clinic stamped as it is,
and N mutants (default 3000, seeded): a stamp with a few of its update's objects changed at a few
places (a token put in, replaced or cut) and the update written again around them, so its xref
stands and the check reads the changed objects; every tenth with its raw bytes changed instead
(the xref and trailer then fail to read), and every tenth checked as another clinic's. Then, in a
process of each checkout, lays the master out again, checks each PDF as the batch does (one master
for all, each stamp's memo kept) and writes each finding's text, or the error raised. Prints each
PDF whose finding differs, and a count. A speed change of the clinic check must change no finding
(the two checkouts must lay the master out to the same bytes: bench/samebytes.py).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "bench"))
from sameness import command  # noqa: E402  (bench/sameness.py, beside this file)

LDN = HERE / "content" / "ldn-ms.yaml"
TOKENS = [b" ", b"\n", b"(", b")", b"\\", b"/", b"<<", b">>", b"[", b"]", b"0", b"9", b".", b"-", b"R", b"Tj", b"Tf"]
TOKENS += [b"Q", b"q", b"\\050", b"/F1+0", b"1 0 R", b"endobj", b"stream", b"BT", b"/Link", b"/Annots", b"%"]


def master_and_clinics(scratch: Path) -> tuple[Any, list[Any]]:
    """The clinic layout's master, read for stamping, and the clinics it is laid out for (with the
    package first on the path: this checkout's for the corpus, the other's in its worker)."""
    sys.path.insert(0, str(HERE / "bench"))
    from clinics import clinics_yaml

    from leaflet import stamp
    from leaflet.build import lay_out
    from leaflet.clinics import iter_clinics, load_clinics, survey
    from leaflet.theme import Variant

    (scratch / "clinics.yaml").write_text(clinics_yaml(40), encoding="utf-8")
    clinics = list(load_clinics(HERE / "content" / "clinics.yaml").values())
    clinics += list(iter_clinics(str(scratch / "clinics.yaml")))
    found = survey(clinics)
    laid = lay_out(LDN, Variant(clinic=True), found.reserve, found.details)
    assert laid.rendered.slot is not None
    return stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts), clinics


def corpus(out: Path, mutants: int) -> list[tuple[str, int]]:
    """Write the PDFs into `out`; each one's name and the clinic (its index) it is checked as."""
    sys.path.insert(0, str(HERE))
    from leaflet import stamp
    from leaflet.pdfupdate import read_update
    from leaflet.updatewrite import append_update

    master, clinics = master_and_clinics(out)
    rng, made = random.Random(29), []
    for n in range(len(clinics) + mutants):
        k = n % len(clinics)
        data = stamp.stamp(master, clinics[k])
        if n >= len(clinics):
            update = read_update(data, len(master.pdf), master.reading)
            objects = {num: bytearray(body(data, update, num)) for num in update.offsets}
            raw = n % 10 == 3
            changing = [bytearray(data)] if raw else [objects[rng.choice(sorted(objects))] for _ in range(3)]
            for part in changing[: rng.randint(1, 3)]:
                change(part, rng, len(master.pdf) if raw else 0)
            size = int(update.trailer["/Size"])
            written = {num: bytes(part) for num, part in objects.items()}
            data = bytes(changing[0]) if raw else append_update(master.pdf, written, size, master.reader.trailer)
        (out / f"stamp-{n}.pdf").write_bytes(data)
        made.append((f"stamp-{n}", (k + 1) % len(clinics) if n % 10 == 7 else k))
    return made


def body(data: bytes, update: Any, number: int) -> bytes:
    """An object's bytes in the update, between its `N 0 obj` line and its `endobj`."""
    at = update.offsets[number]
    stop = min([m for m in update.marks if m > at] + [len(data)])
    span = data[at:stop]
    return span[span.index(b"obj\n") + 4 : span.rindex(b"\nendobj")]


def change(part: bytearray, rng: random.Random, after: int) -> None:
    """A token put in, put in place of a byte, or a few bytes cut, somewhere after `after`."""
    at = rng.randrange(after, max(after + 1, len(part)))
    token, how = rng.choice(TOKENS), rng.randrange(3)
    if how == 0:
        part[at : at + 1] = token
    elif how == 1:
        part[at:at] = token
    else:
        del part[at : at + rng.randint(1, 8)]


def worker(folder: Path) -> None:
    """Check every PDF in `folder` (names.json) with this process's package; write findings.json."""
    from leaflet.checks.stamped import check_stamped
    from leaflet.errors import LeafletError

    master, clinics = master_and_clinics(folder)
    out: dict[str, str] = {}
    for name, k in json.loads((folder / "names.json").read_text(encoding="utf-8")):
        try:
            check_stamped((folder / f"{name}.pdf").read_bytes(), master, clinics[k])
            out[name] = "ok"
        except LeafletError as e:
            out[name] = f"{type(e).__name__}: {e}"
        except Exception as e:  # a bug: reported as a finding, so the two sides compare it too
            out[name] = f"bug: {type(e).__name__}: {e}"
    (folder / "findings.json").write_text(json.dumps(out, indent=1), encoding="utf-8")


def main(argv: list[str]) -> None:
    done = command(argv, __file__, HERE, worker, corpus, 3000)
    if done is None:
        return
    ours, differ = done
    kinds = {
        " ".join(w for w in found.split("failed: ")[-1].split() if not any(c.isdigit() for c in w))[:40]
        for found in ours.values()
    }
    failing = sum(1 for found in ours.values() if found != "ok")
    print(f"{len(differ)} of {len(ours)} stamped PDFs report otherwise ({failing} fail the check; {len(kinds)} kinds)")


if __name__ == "__main__":
    main(sys.argv[1:])
