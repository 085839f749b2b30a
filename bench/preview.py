"""Benchmark: from saving the YAML to the updated preview, for the LDN leaflet (issue 10).

Usage: .venv/bin/python bench/preview.py [RUNS] [--screenshots DIR]   (default 10 runs)

Copies content/ to a temporary folder, starts `leaflet preview` on it (a subprocess, port 0, as a
person would run it) and opens the page in headless chromium (tests/browser.py). Each run saves
the YAML with a new audience line and times, from just before the save, (1) until GET /status
reports a new version, and (2) until the open page's text shows the new line (the page polls
/status every 100 ms, then fetches /view and every page image). Prints the median, min and max.
With --screenshots, also saves what the page looks like: all checks passing, a failed check
opened at its YAML line, and a broken YAML beside the last good pages.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402

AUDIENCE = "audience: Information for people with multiple sclerosis (MS)"
WAIT = 60.0


def status(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "status", timeout=WAIT) as answer:
        data: dict[str, object] = json.load(answer)
        return data


def until(test: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not test():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.005)


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv and argv[0].isdigit() else 10
    shots = Path(argv[argv.index("--screenshots") + 1]) if "--screenshots" in argv else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "content", folder / "content")
        yaml = folder / "content" / "ldn-ms.yaml"
        original = yaml.read_text(encoding="utf-8")
        assert AUDIENCE in original
        server = subprocess.Popen(
            [sys.executable, "-m", "leaflet", "preview", "content/ldn-ms.yaml", "--port", "0"],
            cwd=folder,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().split(" at ", 1)[1].split()[0]
            until(lambda: status(url)["version"] == 1, "the first build")
            with Browser(folder / "chromium") as browser:
                browser.go(url)
                browser.wait_for("document.body.dataset.version === '1'", WAIT)
                to_status, to_page = [], []
                for run in range(1, runs + 1):
                    before = status(url)["version"]
                    marker = f"bench run {run} of {runs}"
                    text = original.replace(AUDIENCE, f"{AUDIENCE}, {marker}")
                    start = time.monotonic()
                    yaml.write_text(text, encoding="utf-8")
                    until(lambda b=before: status(url)["version"] != b, "a new version")
                    to_status.append(time.monotonic() - start)
                    shown = f"document.getElementById('pages').textContent.includes({json.dumps(marker)})"
                    until(lambda s=shown: browser.evaluate(s), "the new text in the page")
                    to_page.append(time.monotonic() - start)
                report("save -> /status has a new version", to_status)
                report("save -> the open page shows the new text", to_page)
                if shots:
                    screenshots(browser, url, yaml, original, shots)
        finally:
            server.terminate()
            server.wait(timeout=WAIT)


def report(what: str, times: list[float]) -> None:
    ms = [t * 1000 for t in times]
    print(f"{what}: median {statistics.median(ms):.0f} ms (min {min(ms):.0f}, max {max(ms):.0f}, {len(ms)} runs)")


def screenshots(browser: Browser, url: str, yaml: Path, original: str, folder: Path) -> None:
    """The page with every check passing; with a failed check opened; with a broken YAML."""
    folder.mkdir(parents=True, exist_ok=True)

    def settle(version: int) -> None:
        until(lambda: status(url)["version"] > version, "a rebuild")
        until(lambda: browser.evaluate(f"document.body.dataset.version === '{status(url)['version']}'"), "the page")
        browser.wait_for("[...document.images].every(i => i.complete)", WAIT)

    v = int(status(url)["version"])  # type: ignore[call-overload]
    yaml.write_text(original, encoding="utf-8")
    settle(v)
    browser.screenshot(folder / "preview-ok.png")
    v = int(status(url)["version"])  # type: ignore[call-overload]
    yaml.write_text(original.replace("  brand: default", "  brand: default\n  readingage: 9"), encoding="utf-8")
    settle(v)
    browser.evaluate("document.querySelector('#findings li.fail button').click()")
    browser.screenshot(folder / "preview-finding.png")
    v = int(status(url)["version"])  # type: ignore[call-overload]
    yaml.write_text(original.replace("- heading: How does LDN work?", "- heading: How does LDN work?\n  [broken"))
    settle(v)
    browser.screenshot(folder / "preview-error.png")
    print(f"screenshots in {folder}")


if __name__ == "__main__":
    main(sys.argv[1:])
