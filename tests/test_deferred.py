"""deferred.py: the pipeline's libraries load with their costliest patterns compiled on first use
and PIL.Image loaded on first use, and each answers exactly as it would have loaded normally."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LDN, leaflet_yaml, write_leaflet_dir
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from leaflet import deferred

REPO = Path(__file__).resolve().parent.parent

# A build the way `leaflet build` runs one (cli.main: the pipeline is imported inside loading()),
# then what it left deferred, and each pattern's source and flags (as a compiled pattern has them).
PROBE = """
import json, re, sys
compile_before = re.compile
from leaflet import cli, deferred
status = cli.main(["build", sys.argv[1], "-o", sys.argv[2], "--force"])
import reportlab.platypus.paragraph as paragraph, reportlab.lib.textsplit as textsplit, yaml.reader as reader
patterns = {"uri": paragraph.uri_pat, "cjk": textsplit.rx, "unprintable": reader.Reader.NON_PRINTABLE}
print(json.dumps({
    "status": status,
    "deferred": {k: type(p) is deferred.Deferred and p.compiled is None for k, p in patterns.items()},
    "sources": {k: [p.pattern, p.flags] for k, p in patterns.items()},  # (read now, so compiled now)
    "pil_lazy": type(sys.modules["PIL.Image"]).__name__ == "_LazyModule",
    "compile_restored": re.compile is compile_before,
}))
"""


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("deferred")
    argv = [sys.executable, "-c", PROBE, str(LDN), str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_a_build_leaves_the_costly_patterns_and_pil_unloaded(probed: dict[str, object]) -> None:
    assert probed["status"] == 0
    assert probed["deferred"] == {"uri": True, "cjk": True, "unprintable": True}
    assert probed["pil_lazy"] is True  # the LDN leaflet has no picture
    assert probed["compile_restored"] is True


# URL pieces, and characters at the edges of the patterns' ranges
CHARS = "ab.:/@-0123456789 \t\x00\x85\u00a0\u2e80\u4e2d\ud7ff\ue000\ufffe\U0001f600xn--é"
TEXT = st.text(st.sampled_from(CHARS), max_size=40)


def found(match: re.Match[str] | None) -> tuple[int, int, tuple[str | None, ...]] | None:
    return None if match is None else (*match.span(), match.groups())


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_each_deferred_pattern_answers_as_the_compiled_one(probed: dict[str, object], text: str) -> None:
    sources = probed["sources"]
    assert isinstance(sources, dict) and len(sources) == 3
    for source, flags in sources.values():
        real, stand_in = re.compile(source, flags), deferred.Deferred(source, flags)
        assert found(stand_in.match(text)) == found(real.match(text))
        assert found(stand_in.search(text)) == found(real.search(text))
        assert stand_in.sub(r"\g<0>|", text) == real.sub(r"\g<0>|", text)
        assert (stand_in.pattern, stand_in.flags, stand_in.groups) == (real.pattern, real.flags, real.groups)


def test_only_costly_sources_are_deferred() -> None:
    assert deferred.costly("[\u2e80-\uffff]") and deferred.costly("x" * 1000)
    assert not deferred.costly("[a-z\u00c0-\u024f]") and not deferred.costly(b"[\x00-\xff]")


def test_loading_restores_compile_when_an_import_fails() -> None:
    compile_before = re.compile
    with pytest.raises(ModuleNotFoundError), deferred.loading():
        assert re.compile is not compile_before
        import leaflet_no_such_module  # type: ignore[import-not-found]  # noqa: F401
    assert re.compile is compile_before


def test_a_picture_opens_through_the_lazy_pil(tmp_path: Path) -> None:
    """In a process where PIL.Image is lazy when the pipeline loads, a leaflet with a picture builds."""
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "navy").save(picture, "PNG")
    image = {"file": "navy.png", "alt": "A navy square", "width": 120}
    blocks = [{"paragraph": "A picture follows."}, {"image": image}]
    source = write_leaflet_dir(tmp_path, leaflet_yaml(blocks), files={"navy.png": picture.getvalue()})
    probe = "import sys; from leaflet import cli; sys.exit(cli.main(['build', sys.argv[1], '-o', sys.argv[2]]))"
    argv = [sys.executable, "-c", probe, str(source), str(tmp_path / "out")]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "checks 11/11 ok" in done.stdout
    (drawn,) = [image for page in PdfReader(tmp_path / "out" / "test-leaflet.pdf").pages for image in page.images]
    assert drawn.image is not None and drawn.image.size == (400, 300)
