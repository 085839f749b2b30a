"""build(): run the stages in order: load -> fonts -> layout -> render -> check -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import Report, read_pdf, run_checks
from .content import load_leaflet, located_texts
from .fonts import load_fonts
from .layout import build_story
from .model import Leaflet
from .render import Rendered, check_budget, render_pdf, write_pdf
from .theme import Theme, make_theme


@dataclass(frozen=True)
class Built:
    leaflet: Leaflet
    path: Path
    rendered: Rendered
    theme: Theme
    report: Report


def build(content: str | Path, out_dir: str | Path = "output") -> Built:
    """Build one leaflet into out_dir/NAME.pdf; a failed build leaves any old PDF untouched."""
    leaflet = load_leaflet(content)
    fonts = load_fonts(leaflet.brand)
    fonts.check(located_texts(leaflet))
    theme = make_theme(leaflet.brand, fonts)
    rendered = render_pdf(lambda: build_story(leaflet, theme, fonts), leaflet)
    check_budget(rendered, leaflet)
    report = run_checks(rendered.pdf, leaflet, theme)
    report.raise_if_failed()
    target = Path(out_dir) / f"{leaflet.name}.pdf"
    write_pdf(target, rendered.pdf)
    return Built(leaflet, target, rendered, theme, report)


def check(pdf: str | Path, content: str | Path | None = None) -> Report:
    """Check a PDF on disk; with the content file, against it too."""
    data = read_pdf(pdf)
    if content is None:
        return run_checks(data, None, None, str(pdf))
    leaflet = load_leaflet(content)
    fonts = load_fonts(leaflet.brand)
    return run_checks(data, leaflet, make_theme(leaflet.brand, fonts), str(pdf))
