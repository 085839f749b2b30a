"""Same bytes, same tags: this checkout's PDFs against another checkout's, for speed work (issue 11).

Usage: .venv/bin/python bench/samebytes.py OTHER_CHECKOUT [--tree]

Builds every content/*.yaml and tests/content/{leaflets,variants,blocks}/*.yaml (a fixture
without a brand beside it is copied beside the default brand, with a made-up picture) in
six variants (A4, A5, Letter, large print, large-print A5, print shop), its booklet, and for
content/ each clinic of content/clinics.yaml: once with this checkout's package and once
with OTHER's, each in a process of its own. Prints each output whose SHA-256 or whose
failed checks differ, and a count. A layout or render change must give the same bytes.
With --tree, an output whose bytes differ is read back with pypdf on both sides and its
tags compared as a tree (roles, parents, /Pg, MCIDs and MCRs, OBJRs, /Alt, /T, /A, /Lang,
the parent tree and its next key, page /StructParents and /Tabs, annotation keys and
/Contents, MarkInfo, ViewerPreferences, XMP, font names, each page's content): a change of
the tags writer must give the same tree. A booklet (untagged) is compared by its sheets:
their boxes, their content and that of the pages imposed on them, and the fonts.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
FIXTURES = ("leaflets", "variants", "blocks")


def worker(root: Path, out: Path) -> None:
    """Build everything with the package on sys.path (root's); write each PDF and a summary to `out`."""
    from leaflet.build import build_booklet, build_clinics, lay_out_checked
    from leaflet.errors import LeafletError
    from leaflet.theme import Variant

    variants = [Variant(), Variant(size="A5"), Variant(size="Letter"), Variant(large=True)]
    variants += [Variant(size="A5", large=True), Variant(bleed=True)]
    files = [p for p in sorted((root / "content").glob("*.yaml")) if p.name != "clinics.yaml"]
    files += [p for kind in FIXTURES for p in sorted((root / "tests" / "content" / kind).glob("*.yaml"))]
    summary: dict[str, Any] = {}

    def keep(name: str, data: bytes, failed: list[str]) -> None:
        (out / f"{name}.pdf").write_bytes(data)
        summary[name] = [hashlib.sha256(data).hexdigest(), failed]

    for original in files:
        label = str(original.relative_to(root)).replace("/", "_")
        file = usable(original, root, out / "fixtures")
        for v in variants:
            name = f"{label}-{v.key}{'-bleed' if v.bleed else ''}".replace(" ", "_")
            try:
                laid = lay_out_checked(file, v)
                keep(name, laid.rendered.pdf, [f.check for f in laid.report.findings if not f.ok])
            except LeafletError as e:
                summary[name] = ["error", str(e).splitlines()[0].replace(str(root), "ROOT").replace(str(out), "OUT")]
        with tempfile.TemporaryDirectory() as made:
            try:
                keep(f"{label}-booklet", build_booklet(file, made).path.read_bytes(), [])
                if original.parent == root / "content":
                    for built in build_clinics(file, root / "content" / "clinics.yaml", None, made):
                        keep(f"{label}-clinic-{built.path.parent.name}", built.path.read_bytes(), [])
            except LeafletError as e:
                summary[f"{label}-booklet"] = ["error", str(e).splitlines()[0].replace(str(root), "ROOT")]
    (out / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


def usable(file: Path, root: Path, fixtures: Path) -> Path:
    """`file`, or a copy of its folder beside the default brand (and a picture) when it has none."""
    if (file.parent / "brands" / "default.yaml").is_file():
        return file
    folder = fixtures / file.parent.name
    if not folder.exists():
        from PIL import Image

        shutil.copytree(file.parent, folder)
        (folder / "brands").mkdir(exist_ok=True)
        shutil.copyfile(root / "content" / "brands" / "default.yaml", folder / "brands" / "default.yaml")
        Image.new("RGB", (40, 30), (200, 30, 30)).save(folder / "pixel.png")
    return folder / file.name


def sheets(data: bytes) -> list[Any]:
    """A booklet's sheets as plain data: each one's boxes, its content and its pages' (form XObjects) content."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        forms = page["/Resources"].get("/XObject", {})
        drawn = sorted(hashlib.sha256(f.get_object().get_data()).hexdigest() for f in forms.values())
        fonts = sorted(str(f["/BaseFont"]) for x in forms.values() for f in fonts_of(x.get_object()))
        out.append([list(map(float, page.mediabox)), content_hash(page)])
        out[-1] += [drawn, fonts]
    return out


def tree(data: bytes) -> dict[str, Any]:
    """The tags of a PDF as plain data, independent of object numbers and of how they were written."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data))
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages) if p.indirect_reference}
    annot_of = {a.idnum: (i, j) for i, p in enumerate(reader.pages) for j, a in enumerate(p.get("/Annots", []))}
    catalog = reader.trailer["/Root"]
    root = catalog["/StructTreeRoot"]
    ids: dict[int, int] = {}
    elements: list[dict[str, Any]] = []

    def walk(ref: IndirectObject) -> None:
        node = ref.get_object()
        ids[ref.idnum] = len(ids)
        pg = node.raw_get("/Pg") if "/Pg" in node else None
        entry: dict[str, Any] = {"S": str(node["/S"]), "P": ids.get(node.raw_get("/P").idnum, "root")}
        entry |= {"Pg": page_of[pg.idnum] if pg is not None else None, "kids": []}
        entry |= {k: str(node[k]) for k in ("/Alt", "/T", "/Lang", "/Type") if k in node}
        entry["A"] = {str(k): str(v) for k, v in node["/A"].items()} if "/A" in node else None
        elements.append(entry)
        for kid in node["/K"]:
            if isinstance(kid, IndirectObject):
                walk(kid)
                entry["kids"].append(["element", ids[kid.idnum]])
            elif isinstance(kid, DictionaryObject) and kid["/Type"] == "/MCR":
                entry["kids"].append(["mcr", page_of[kid.raw_get("/Pg").idnum], int(kid["/MCID"])])
            elif isinstance(kid, DictionaryObject):
                entry["kids"].append(["objr", page_of[kid.raw_get("/Pg").idnum], annot_of[kid.raw_get("/Obj").idnum]])
            else:
                entry["kids"].append(["mcid", int(kid)])

    for kid in root["/K"]:
        walk(kid)
    nums = root["/ParentTree"]["/Nums"]
    parents = {}
    for i in range(0, len(nums), 2):
        value = nums[i + 1].get_object()
        parents[int(nums[i])] = (
            [ids[x.idnum] for x in value] if isinstance(value, ArrayObject) else ids[nums[i + 1].idnum]
        )

    def plain(o: Any) -> Any:
        o = o.get_object()
        if isinstance(o, DictionaryObject):
            return {str(k): plain(v) for k, v in o.items()}
        return [plain(x) for x in o] if isinstance(o, ArrayObject) else str(o)

    annots = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    return {
        "elements": elements,
        "parent tree": parents,
        "next key": int(root["/ParentTreeNextKey"]),
        "pages": [[int(p.get("/StructParents", -1)), str(p.get("/Tabs")), sorted(p.keys())] for p in reader.pages],
        "annotations": [[int(a.get("/StructParent", -1)), str(a.get("/Contents"))] for a in annots],
        "catalogue": [*sorted(catalog.keys()), str(catalog["/Lang"])],
        "mark info": plain(catalog["/MarkInfo"]),
        "viewer": plain(catalog["/ViewerPreferences"]),
        "xmp": catalog["/Metadata"].get_object().get_data().decode("utf-8"),
        "fonts": [
            sorted(str(f.get_object()["/BaseFont"]) for f in p["/Resources"]["/Font"].values()) for p in reader.pages
        ],
        "content": [content_hash(p) for p in reader.pages],
    }


def same_tags(a: Path, b: Path) -> bool:
    """The same tags tree, or for a booklet (untagged), the same sheets."""
    read = sheets if a.stem.endswith("-booklet") else tree
    return read(a.read_bytes()) == read(b.read_bytes())


def content_hash(page: Any) -> str:
    contents = page.get_contents()
    return hashlib.sha256(contents.get_data() if contents is not None else b"").hexdigest()


def fonts_of(page: Any) -> list[Any]:
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    return [] if fonts is None else [f.get_object() for f in fonts.get_object().values()]


def built(root: Path, out: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root))
    subprocess.run([sys.executable, __file__, "--worker", str(root), str(out)], env=env, cwd=root, check=True)
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def main() -> None:
    if sys.argv[1] == "--worker":
        worker(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    other, with_tree = Path(sys.argv[1]).resolve(), "--tree" in sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = Path(tmp) / "ours", Path(tmp) / "theirs"
        ours.mkdir(), theirs.mkdir()
        mine, other_summary = built(HERE, ours), built(other, theirs)
        names = sorted(set(mine) | set(other_summary))
        differ = [n for n in names if mine.get(n) != other_summary.get(n)]
        same_tree = 0
        for name in differ:
            a, b = mine.get(name), other_summary.get(name)
            comparable = a and b and "error" not in (a[0], b[0]) and a[1] == b[1]
            if with_tree and comparable and same_tags(ours / f"{name}.pdf", theirs / f"{name}.pdf"):
                same_tree += 1
                continue
            print(f"{name}: here {a}, there {b}")
        print(f"{len(names)} outputs: {len(names) - len(differ)} byte-identical", end="")
        print(f", {same_tree} other bytes but the same tags tree and checks" if with_tree else "", end="")
        print(f", {len(differ) - same_tree} different")


if __name__ == "__main__":
    main()
