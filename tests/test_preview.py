"""`leaflet preview`: the server, its /status, rebuilds on save, broken YAML, and what it never does (issue 10).

The server runs in this process on a free port (tests/previewing.py); each rebuild runs in a fresh
process, as in use. Expectations come from building the same YAML with the library.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from capped import limit
from imagefiles import plain
from PIL import Image
from previewing import WAIT, Running, running, save
from pypdf import PdfReader

from leaflet.build import lay_out_checked
from leaflet.cli import main
from leaflet.content import load_leaflet
from leaflet.errors import ContentError
from leaflet.preview.fresh import RebuildError, run_fresh
from leaflet.preview.server import HOST
from leaflet.source import load
from leaflet.theme import Variant
from tests.conftest import leaflet_yaml, write_leaflet_dir

FIRST = "The first words of this leaflet."
SECOND = "Other words, saved while the preview runs."
FINDING_KEYS = {"check", "ok", "message", "where"}


@pytest.fixture
def leaflet(tmp_path: Path) -> Path:
    return write_leaflet_dir(tmp_path / "content", leaflet_yaml([{"paragraph": FIRST}]))


def page_texts(view: dict[str, object]) -> str:
    pages = view["pages"]
    assert isinstance(pages, list)
    return "\n".join(p["text"] for p in pages)


def test_status_is_exactly_the_documented_json_of_the_build(leaflet: Path) -> None:
    laid = lay_out_checked(leaflet, Variant())
    with running(leaflet) as preview:
        status = preview.wait(lambda s: s["version"] >= 1)
    assert set(status) == {"version", "ok", "pages", "findings"}
    assert status["version"] == 1
    assert status["pages"] == len(PdfReader(io.BytesIO(laid.rendered.pdf)).pages) > 0
    assert status["ok"] is laid.report.ok is True
    assert [set(f) for f in status["findings"]] == [FINDING_KEYS] * len(laid.report.findings)
    assert [(f["check"], f["ok"]) for f in status["findings"]] == [(f.check, f.ok) for f in laid.report.findings]
    assert [f["message"] for f in status["findings"]] == [f.problem or f.figure for f in laid.report.findings]


def test_a_save_rebuilds_with_a_new_version_and_the_new_text(leaflet: Path) -> None:
    with running(leaflet) as preview:
        first = preview.wait(lambda s: s["version"] >= 1)
        assert FIRST in " ".join(page_texts(preview.json("/view")).split())
        save(leaflet, leaflet.read_text(encoding="utf-8").replace(FIRST, SECOND))
        second = preview.wait_after(first["version"])
        text = " ".join(page_texts(preview.json("/view")).split())
        leaflet.write_text(leaflet.read_text(encoding="utf-8").replace(SECOND, FIRST), encoding="utf-8")  # in place
        third = preview.wait_after(second["version"])
    assert SECOND in text and FIRST not in text
    assert second["ok"] and third["ok"] and third["version"] > second["version"] > first["version"]


def test_broken_yaml_shows_the_located_error_and_keeps_the_last_good_pages(leaflet: Path) -> None:
    good = leaflet.read_text(encoding="utf-8")
    broken = good.replace(f"- paragraph: {FIRST}", f"- paragraph: {FIRST}\n    - [unclosed")
    with running(leaflet) as preview:
        before = preview.wait(lambda s: s["version"] >= 1)
        images = [preview.get(f"/page/{n}.bmp")[2] for n in range(1, before["pages"] + 1)]
        save(leaflet, broken)
        after = preview.wait_after(before["version"])
        view = preview.json("/view")
        kept = [preview.get(f"/page/{n}.bmp")[2] for n in range(1, before["pages"] + 1)]
        save(leaflet, good)
        fixed = preview.wait_after(after["version"])
    leaflet.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as expected:
        load(leaflet)
    error = expected.value
    assert error.where is not None
    assert after["ok"] is False and after["pages"] == before["pages"]
    assert after["findings"] == [{"check": "build", "ok": False, "message": error.message, "where": str(error.where)}]
    assert kept == images and all(Image.open(io.BytesIO(p)).format == "BMP" for p in kept)
    assert view["stale"] is True and FIRST in " ".join(page_texts(view).split())
    shown = view["items"][0]["excerpt"]
    assert dict(map(tuple, shown["lines"]))[error.where.line] == broken.splitlines()[error.where.line - 1]
    assert fixed["ok"] is True


def test_a_failed_check_names_its_yaml_place_and_the_page_has_that_line(tmp_path: Path) -> None:
    # a reading-age limit no leaflet meets: the readability check fails at the hardest section's heading
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": FIRST}], readingage=1))
    laid = lay_out_checked(path, Variant())
    failed = [f for f in laid.report.findings if not f.ok]
    assert failed and failed[0].where is not None
    with running(path) as preview:
        status = preview.wait(lambda s: s["version"] >= 1)
        view = preview.json("/view")
    assert status["ok"] is False and status["pages"] > 0
    shown = [f for f in status["findings"] if not f["ok"]]
    assert [f["where"] for f in shown] == [str(f.where) for f in failed]
    item = next(i for i in view["items"] if not i["ok"])
    lines = dict(map(tuple, item["excerpt"]["lines"]))
    assert lines[failed[0].where.line] == path.read_text(encoding="utf-8").splitlines()[failed[0].where.line - 1]
    assert view["stale"] is False


def test_the_view_lists_each_draft_mark_at_its_yaml_place(tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": FIRST}], organisation="[Placeholder] Our team"))
    marks = load_leaflet(path).draft
    assert marks
    with running(path) as preview:
        preview.wait(lambda s: s["version"] >= 1)
        view = preview.json("/view")
    assert [(d["where"], d["message"]) for d in view["drafts"]] == [
        (str(m.where), f"{m.field} has {m.kind}: '{m.text}'") for m in marks
    ]
    assert {m.where.path for m in marks} == {str(path), str(tmp_path / "brands" / "default.yaml")}  # its brand's too
    for d, m in zip(view["drafts"], marks, strict=True):
        lines = Path(m.where.path).read_text(encoding="utf-8").splitlines()
        assert dict(map(tuple, d["excerpt"]["lines"]))[m.where.line] == lines[m.where.line - 1]
        assert d["excerpt"]["column"] == m.where.column


def test_saving_an_image_or_the_brand_rebuilds(tmp_path: Path) -> None:
    blue, red = plain("RGB", (60, 40), (20, 60, 200)).data, plain("RGB", (60, 40), (200, 30, 30)).data
    text = leaflet_yaml([{"paragraph": FIRST}, {"image": {"file": "pictures/square.png", "alt": "A square"}}])
    path = write_leaflet_dir(tmp_path, text)
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "square.png").write_bytes(blue)
    brand = tmp_path / "brands" / "default.yaml"
    with running(path) as preview:
        first = preview.wait(lambda s: s["version"] >= 1)
        blue_pages = all_pages(preview, first["pages"])
        (tmp_path / "pictures" / "square.png").write_bytes(red)
        second = preview.wait_after(first["version"])
        red_pages = all_pages(preview, second["pages"])
        save(brand, brand.read_text(encoding="utf-8").replace('primary: "#1B4F8A"', 'primary: "#5B1A8A"'))
        third = preview.wait_after(second["version"])
        brand_pages = all_pages(preview, third["pages"])
    assert second["ok"] and third["ok"]
    assert sum(map(reddest, blue_pages)) == 0 < sum(map(reddest, red_pages))
    assert brand_pages != red_pages


def all_pages(preview: Running, count: int) -> list[bytes]:
    return [preview.get(f"/page/{n}.bmp")[2] for n in range(1, count + 1)]


def reddest(image: bytes) -> int:
    """How many pixels are strongly red."""
    data = Image.open(io.BytesIO(image)).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > 150 and data[i + 1] < 80 and data[i + 2] < 80)


def test_the_server_listens_on_loopback_only_and_answers_only_its_own_host(leaflet: Path) -> None:
    with running(leaflet) as preview:
        host, port = preview.server.server_address[:2]
        assert host == HOST == "127.0.0.1"
        for other in other_addresses():
            with pytest.raises(OSError), socket.create_connection((other, port), timeout=5):
                pass
        assert preview.get("/status", host="evil.example")[0] == 403
        assert preview.get("/status", host=f"localhost:{port}")[0] == 200
        assert preview.get("/nothing")[0] == 404
        assert preview.get("/page/99.bmp")[0] == 404


def other_addresses() -> list[str]:
    """This machine's addresses other than loopback (the route out, if it has one)."""
    found = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent; the kernel picks the outgoing address
            found.add(s.getsockname()[0])
        except OSError:
            pass
    return sorted(a for a in found if not a.startswith("127."))


def test_the_page_holds_no_content_only_the_static_page(leaflet: Path) -> None:
    with running(leaflet) as preview:
        preview.wait(lambda s: s["version"] >= 1)
        status, kind, html = preview.get("/")
        _, _, script = preview.get("/page.js")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert FIRST.encode() not in html and b"<script>" not in html  # the only script is page.js, by src
    assert b"innerHTML" not in script and b"insertAdjacentHTML" not in script and b"textContent" in script


def test_a_port_in_use_is_one_message_with_a_hint(leaflet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["preview", str(leaflet), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"port {port} on 127.0.0.1 is in use"
    assert err.splitlines()[1].startswith("  hint: ") and "--port 0" in err and len(err.splitlines()) == 2


def test_a_missing_file_is_one_located_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", str(tmp_path / "nope.yaml"), "--port", "0"]) == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'nope.yaml'}: file not found")


def test_a_preview_writes_no_file(leaflet: Path) -> None:
    folder = leaflet.parent.parent
    (folder / "output").mkdir()
    (folder / "output" / f"{leaflet.stem}.pdf").write_bytes(b"%PDF- a good one, from before")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with running(leaflet) as preview:
        first = preview.wait(lambda s: s["version"] >= 1)
        text = leaflet.read_text(encoding="utf-8")
        leaflet.write_text(text + "  - [broken\n", encoding="utf-8")
        preview.wait_after(first["version"])
        leaflet.write_text(text, encoding="utf-8")
        preview.wait(lambda s: s["ok"])
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def crash(code: int) -> int:
    raise SystemExit(code)


def pid(_: None) -> int:
    return os.getpid()


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def test_a_rebuild_runs_in_a_fresh_process_and_a_crash_or_a_hang_is_a_rebuild_error() -> None:
    assert len({run_fresh(pid, None, WAIT) for _ in range(2)} | {os.getpid()}) == 3
    with pytest.raises(RebuildError, match="stopped without an answer"):
        run_fresh(crash, 3, WAIT)
    with pytest.raises(RebuildError, match=r"took more than 0\.5 s"):
        run_fresh(sleep, WAIT, 0.5)


def test_preview_prints_its_url_and_stops_cleanly_on_ctrl_c(leaflet: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflet", "preview", str(leaflet), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit(4 * 2**30),
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith(f"previewing {leaflet} at http://127.0.0.1:")
        url = first.split(" at ", 1)[1].split()[0]
        assert process.stdout.readline().startswith("v1  ")
        with urllib.request.urlopen(url + "status", timeout=WAIT) as answer:
            assert json.load(answer)["version"] == 1
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=WAIT)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0
    assert "Traceback" not in err and err.strip() == "preview stopped"


def test_the_cli_imports_no_preview_machinery_until_a_preview_runs() -> None:
    probe = "import sys, leaflet.cli; print(sorted({'watchfiles', 'pypdfium2', 'http.server'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=WAIT, check=True)
    assert done.stdout.strip() == "[]"
