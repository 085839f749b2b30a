"""`leaflet preview` in a real headless browser: Debian's chromium, driven over its DevTools pipe
(tests/browser.py). Load the page, save the YAML, see the new text; a broken save; a finding's
source line; content that looks like markup stays text (issue 10).

Skipped only when chromium is not installed (Debian: `apt-get install chromium`; .ci/run installs it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser
from previewing import running, save

from tests.conftest import leaflet_yaml, write_leaflet_dir

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium; see the README)"
)

FIRST = "The first words of this leaflet."
SECOND = "Other words, saved while the page is open."
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & such'
WAIT = 30.0

PAGES_TEXT = "document.getElementById('pages').textContent"
IMAGES_LOADED = "[...document.querySelectorAll('#pages img')].filter(i => i.complete && i.naturalWidth > 0).length"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(tmp_path_factory.mktemp("chromium-profile")) as b:
        yield b


def js(value: str) -> str:
    """A JavaScript string literal."""
    return json.dumps(value)


def shown_version(browser: Browser, version: int) -> None:
    browser.wait_for(f"document.body.dataset.version === {js(str(version))}", WAIT)


def test_the_page_shows_every_page_and_the_report_and_updates_itself_on_save(browser: Browser, tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": FIRST}]))
    with running(path) as preview:
        status = preview.wait(lambda s: s["version"] >= 1)
        browser.go(preview.url)
        shown_version(browser, status["version"])
        assert browser.wait_for(f"{IMAGES_LOADED} === {status['pages']}", WAIT)
        assert FIRST in " ".join(browser.evaluate(PAGES_TEXT).split())
        findings = browser.evaluate("[...document.querySelectorAll('#findings li')].map(li => li.textContent)")
        assert len(findings) == len(status["findings"])
        assert all(
            f["check"] in shown and f["message"] in shown for f, shown in zip(status["findings"], findings, strict=True)
        )
        assert browser.evaluate("document.getElementById('state').textContent").startswith("All ")

        save(path, path.read_text(encoding="utf-8").replace(FIRST, SECOND))
        browser.wait_for(f"{PAGES_TEXT}.replace(/\\s+/g, ' ').includes({js(SECOND)})", WAIT)
        after = preview.status()
        shown_version(browser, after["version"])
        assert after["version"] > status["version"]
        assert FIRST not in " ".join(browser.evaluate(PAGES_TEXT).split())
        assert browser.wait_for(f"{IMAGES_LOADED} === {after['pages']}", WAIT)


def test_a_broken_save_shows_the_located_error_beside_the_last_good_pages(browser: Browser, tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": FIRST}]))
    with running(path) as preview:
        good = preview.wait(lambda s: s["version"] >= 1)
        browser.go(preview.url)
        shown_version(browser, good["version"])
        path.write_text(path.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
        bad = preview.wait(lambda s: not s["ok"])
        shown_version(browser, bad["version"])
        error = bad["findings"][0]
        assert browser.evaluate("document.getElementById('error').hidden") is False
        assert browser.evaluate("document.querySelector('#error .message').textContent") == error["message"]
        assert browser.evaluate("document.querySelector('#error .where').textContent") == error["where"]
        line = int(error["where"].split(":")[-2])
        here = browser.evaluate("document.querySelector('#error .source .here').textContent")
        assert here.split(None, 1)[0] == str(line)
        assert browser.evaluate(IMAGES_LOADED) == good["pages"] == bad["pages"]
        assert browser.evaluate("document.querySelectorAll('#pages figure.stale').length") == good["pages"]
        assert FIRST in " ".join(browser.evaluate(PAGES_TEXT).split())


def test_clicking_a_finding_shows_its_yaml_line(browser: Browser, tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": FIRST}], readingage=1))
    with running(path) as preview:
        status = preview.wait(lambda s: s["version"] >= 1)
        failed = next(f for f in status["findings"] if not f["ok"] and f["where"])
        browser.go(preview.url)
        shown_version(browser, status["version"])
        buttons = "[...document.querySelectorAll('#findings li.fail button')]"
        button = f"{buttons}.find(b => b.textContent.includes({js(failed['where'])}))"
        assert browser.evaluate(f"{button}.getAttribute('aria-expanded')") == "false"
        browser.evaluate(f"{button}.click()")
        here = browser.wait_for(f"{button}.parentElement.querySelector('.source .here')?.textContent", WAIT)
    line = int(failed["where"].split(":")[-2])
    number, text = re.fullmatch(r" *(\d+)  (.*)\n", here).groups()
    assert int(number) == line
    assert text == path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_content_that_looks_like_markup_stays_text(browser: Browser, tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": HOSTILE}]))
    with running(path) as preview:
        status = preview.wait(lambda s: s["version"] >= 1)
        assert status["ok"], status
        browser.go(preview.url)
        shown_version(browser, status["version"])
        assert HOSTILE in " ".join(browser.evaluate(PAGES_TEXT).split())
        kind = '<img src=x onerror="window.pwned = 3">'
        path.write_text(path.read_text(encoding="utf-8").replace("- paragraph:", f"- '{kind}':"), encoding="utf-8")
        bad = preview.wait(lambda s: not s["ok"])
        shown_version(browser, bad["version"])
        message = browser.evaluate("document.querySelector('#error .message').textContent")
        assert kind in message and message == bad["findings"][0]["message"]
        assert browser.evaluate("typeof window.pwned") == "undefined"
        scripts = browser.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert scripts == ["/page.js"]
        assert browser.evaluate("document.querySelectorAll('img:not(#pages img)').length") == 0
