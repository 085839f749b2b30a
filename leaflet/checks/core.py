"""The check framework: Finding, Report, the PDF under check, and the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from functools import cached_property
from typing import Any

from .. import wording
from ..contentops import Memo, page_operations
from ..errors import CheckFailed, Where
from ..model import Clinic, Leaflet
from ..pagescan import Glyphs, scan
from ..pdfmodel import Document, Page
from ..pdfread import guard, read_document
from ..pdftext import PageScan, text_runs
from ..record import record
from ..simplefont import Seen
from ..textmatch import fold_lines
from ..theme import MIN_TEXT_PT, Theme
from .structure import UnicodeMaps


@record
class Finding:
    check: str
    ok: bool
    figure: str
    problem: str = ""
    where: Where | None = None

    def line(self) -> str:
        state = "ok  " if self.ok else "FAIL"
        text = f"{state} {self.check:<12} {self.figure}"
        if self.problem:
            text += f"\n     {self.where}: {self.problem}" if self.where else f"\n     {self.problem}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "ok": self.ok,
            "figure": self.figure,
            "problem": self.problem,
            "where": str(self.where) if self.where else None,
        }


@record
class Report:
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def get(self, check: str) -> Finding:
        return next(f for f in self.findings if f.check == check)

    def text(self) -> str:
        return "\n".join(f.line() for f in self.findings)

    def raise_if_failed(self) -> None:
        failed = [f for f in self.findings if not f.ok]
        if failed:
            first = failed[0]
            raise CheckFailed(
                f"{first.check} check failed: {first.problem}",
                first.where,
                hint=f"{len(failed)} check(s) failed; the previous PDF was left in place",
            )


@record(frozen=False)
class Pdf:
    """A PDF under check, read once. `leaflet` and `theme` are None when no content is given."""

    document: Document
    size: int
    leaflet: Leaflet | None = None
    theme: Theme | None = None
    clinic: Clinic | None = None  # a stamped clinic PDF: its details are content too
    name: str = "PDF"  # the file, for messages
    _scans: dict[int, PageScan] = field(default_factory=dict)
    _folded: dict[int, str] = field(default_factory=dict)
    _fonts: Seen = field(default_factory=dict)  # fonts the scan has read, for the pages that share them
    glyphs: Glyphs = field(default_factory=dict)  # the fonts check's glyph maps, by font object
    unicode_maps: UnicodeMaps = field(default_factory=dict)  # the tags check's ToUnicode maps, by font object
    memo: Memo = field(default_factory=Memo)  # what the tokenizer read of the pages so far (contentops.operations)
    units: list[Any] | None = None  # the content's text units, normalised (content.wanted): the text and tags checks'

    @property
    def floor(self) -> float:
        """Text below this height is footer furniture."""
        return self.theme.offset + self.theme.margin_y + self.theme.footer_height if self.theme else 0.0

    @property
    def min_pt(self) -> float:
        return self.theme.min_pt if self.theme else MIN_TEXT_PT

    def page(self, index: int) -> Page:
        """The page, its content parsed once for every check that reads it."""
        page = self.document.pages[index]
        if page.ops is None:
            with guard(self.name, f"page {index + 1}"):
                page_operations(page, self.memo)
        return page

    def scan(self, index: int) -> PageScan:
        if index not in self._scans:
            page = self.page(index)
            with guard(self.name, f"page {index + 1}"):
                self._scans[index] = scan(page, seen=self._fonts)
        return self._scans[index]

    @property
    def draft(self) -> bool:
        """The content is a draft: each page carries the draft mark, which is furniture, not content."""
        return bool(self.leaflet and self.leaflet.draft)

    def folded(self, index: int) -> str:
        """The page's text above the footer, folded by `fold_lines`, once for the checks that read it."""
        if index not in self._folded:
            self._folded[index] = fold_lines(text_runs(self.scan(index), self.floor))
        return self._folded[index]

    def page_text(self, index: int) -> str:
        """Body text of a page (footer furniture and a draft's mark left out), folded by `fold_lines`."""
        text = self.folded(index)
        at = text.rfind(wording.DRAFT) if self.draft else -1
        if at < 0:
            return text
        before = text[:at]  # the mark is drawn last, on a line of its own
        return before.removesuffix("\n") + text[at + len(wording.DRAFT) :]

    @cached_property
    def unmarked_pages(self) -> list[int]:
        """A draft's pages (1-based) that lack the draft mark."""
        if not self.draft:
            return []
        texts = [self.folded(i) for i in range(len(self.document.pages))]
        return [i + 1 for i, text in enumerate(texts) if wording.DRAFT not in text]

    @cached_property
    def page_texts(self) -> list[str]:
        return [self.page_text(i) for i in range(len(self.document.pages))]

    @cached_property
    def all_text(self) -> str:
        return "\n".join(self.page_texts)


Check = Callable[[Pdf], Finding]
CHECKS: list[tuple[str, Check, bool]] = []
ORDER = (
    "pages",
    "text",
    "references",
    "links",
    "fonts",
    "clearprint",
    "contrast",
    "metadata",
    "tags",
    "email",
    "readability",
)


def check(name: str, needs_content: bool) -> Callable[[Check], Check]:
    """Register a check; one that needs the content reports 'not run' without it."""

    def register(fn: Check) -> Check:
        CHECKS.append((name, fn, needs_content))
        CHECKS.sort(key=lambda c: ORDER.index(c[0]))
        return fn

    return register


def run_checks(
    data: bytes, leaflet: Leaflet | None, theme: Theme | None, name: str = "PDF", clinic: Clinic | None = None
) -> Report:
    """Run every check on the PDF and return the findings; a PDF the checks cannot read raises PdfError."""
    return read_document(
        data, name, lambda document: check_document(Pdf(document, len(data), leaflet, theme, clinic, name))
    )


def check_document(pdf: Pdf) -> Report:
    """Every check's finding on a PDF read already (by either reader: pdfread.read_document)."""
    findings = []
    for check_name, fn, needs_content in CHECKS:
        if needs_content and pdf.leaflet is None:
            findings.append(Finding(check_name, True, "not run: give --content to check against the YAML"))
            continue
        with guard(pdf.name, f"the PDF for the {check_name} check"):
            findings.append(fn(pdf))
    return Report(tuple(findings))
