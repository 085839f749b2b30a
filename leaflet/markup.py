"""Author text <-> inline spans -> ReportLab paragraph markup.

`parse` turns the small Markdown subset authors write (**bold**, *emphasis*,
[text](url), <url>, [@key] citations, backslash escapes) into a `Text`.
`render` is the only route from author text to ReportLab's paragraph markup:
every character of author text is escaped, and link targets are checked and
quoted, so no author text is ever interpreted as markup (CVE-2023-33733).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol

from .chars import without_invisible
from .errors import ContentError, Where
from .linebreak import bind_units
from .model import Span, Text, cite_label

SCHEMES = ("http", "https", "mailto", "tel")
ESCAPABLE = set("\\*[]()<>@_`")
# The inline syntax of author text (public: the importers escape text that would read as it).
CITE = re.compile(r"\[(@[^\]\s;]+(?:\s*;\s*@[^\]\s;]+)*)\]")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
AUTO = re.compile(r"<([a-zA-Z][a-zA-Z+.-]*:[^>\s]+)>")
_KEY = re.compile(r"[A-Za-z0-9_:.-]+")
_SYNTAX = re.compile(r"[\\*\[<]")  # where an escape, bold, a link or citation, or an autolink may start


_URL_BAD = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')
_HOST = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#]|$)", re.I)
_TEL = re.compile(r"tel:\+?[0-9][0-9().-]*", re.I)
_MAILTO = re.compile(r"mailto:[^@/]+@[^@/]+\.[^@/]+", re.I)
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def check_link(url: str, where: Where) -> str:
    """Return `url` if it is a well-formed http, https, mailto or tel link, else raise a located error."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise ContentError(
            f"link '{url}' has scheme '{scheme or '(none)'}'",
            where,
            hint="links must start with http:, https:, mailto: or tel:",
        )
    if bad := _URL_BAD.search(url):
        shown = repr(bad.group())[1:-1] if not bad.group().isprintable() or bad.group() == " " else bad.group()
        raise ContentError(
            f"link '{url}' has '{shown}' in it, which a link cannot hold",
            where,
            hint="write spaces as %20 and quotes or brackets %-encoded, or link to the page without them",
        )
    well_formed = {"http": _HOST, "https": _HOST, "tel": _TEL, "mailto": _MAILTO}[scheme]
    if not well_formed.match(url):
        example = {"tel": "tel:+441234567890", "mailto": "mailto:name@example.org"}.get(
            scheme, "https://example.org/page"
        )
        raise ContentError(f"link '{url}' is not a usable {scheme} address", where, hint=f"write it like {example}")
    return url


def check_doi(doi: str, where: Where) -> str:
    """Return `doi` if it has a DOI's shape (10.NNNN/suffix) and makes a usable link, else raise."""
    if doi.lower().startswith(("https://doi.org/", "http://doi.org/", "doi:")):
        raise ContentError(f"DOI '{doi}' carries a prefix", where, hint="write the DOI alone, e.g. 10.1000/xyz123")
    if not _DOI.fullmatch(doi):
        raise ContentError(f"'{doi}' is not a DOI", where, hint="a DOI looks like 10.1000/xyz123")
    check_link(f"https://doi.org/{doi}", where)
    return doi


Locator = Callable[[str, int], Where]


def parse(source: str, where: Where, locate: Locator | None = None) -> Text:
    """Parse inline Markdown into spans; errors point at the offending column.

    `locate(token, n)` gives where the nth occurrence of `token` stands in the file
    (the YAML scalar as written); without it, columns count from `where`.
    """
    return Text(tuple(_Parser(source, where, locate).run()), where)


class _Parser:
    def __init__(self, source: str, where: Where, locate: Locator | None) -> None:
        self.s = source
        self.where = where
        self.locate = locate
        self.spans: list[Span] = []
        self.buf: list[str] = []
        self.bold = False
        self.bold_at = 0

    def at(self, i: int, token: str) -> Where:
        if self.locate:
            return self.locate(token, self.s[:i].count(token))
        return self.where.shifted(i) if "\n" not in self.s[:i] else self.where

    def flush(self) -> None:
        if self.buf:
            self.spans.append(Span("".join(self.buf), bold=self.bold))
            self.buf = []

    def run(self) -> list[Span]:
        s, i = self.s, 0
        while i < len(s):
            plain = _SYNTAX.search(s, i)  # the text up to the next character that may start syntax is as typed
            upto = plain.start() if plain else len(s)
            if upto > i:
                self.buf.append(s[i:upto])
                i = upto
                continue
            c = s[i]
            if c == "\\" and i + 1 < len(s) and s[i + 1] in ESCAPABLE:
                self.buf.append(s[i + 1])
                i += 2
            elif c == "*":
                i = self.star(i)
            elif c == "[":
                i = self.bracket(i)
            elif c == "<" and (m := AUTO.match(s, i)):
                self.link(m.group(1), m.group(1), self.at(i, m.group(0)))
                i = m.end()
            else:
                self.buf.append(c)
                i += 1
        if self.bold:
            raise ContentError(
                "bold text is not closed",
                self.at(self.bold_at, "**" if self.s.startswith("**", self.bold_at) else "*"),
                hint="close it with ** (or write \\* for a star)",
            )
        self.flush()
        return self.spans

    def star(self, i: int) -> int:
        width = 2 if self.s.startswith("**", i) else 1
        after = self.s[i + width : i + width + 1]
        if not self.bold and (not after or after.isspace()):
            self.buf.append(self.s[i : i + width])  # a lone star: "4 * 2"
            return i + width
        self.flush()
        self.bold = not self.bold
        self.bold_at = i
        return i + width

    def bracket(self, i: int) -> int:
        if m := CITE.match(self.s, i):
            keys = tuple(k.strip().lstrip("@") for k in m.group(1).split(";"))
            for k in keys:
                if not _KEY.fullmatch(k):
                    raise ContentError(
                        f"citation key '{k}' has odd characters",
                        self.at(i, m.group(0)),
                        hint="keys use letters, digits and - _ : .",
                    )
            self.flush()
            self.spans.append(Span("", cites=keys, where=self.at(i, m.group(0))))
            return m.end()
        if m := LINK.match(self.s, i):
            self.link(_unescape(m.group(1)), m.group(2), self.at(i, m.group(0)))
            return m.end()
        self.buf.append("[")
        return i + 1

    def link(self, shown: str, url: str, where: Where) -> None:
        check_link(url, where)
        self.flush()
        self.spans.append(Span(shown, bold=self.bold, href=url))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in ESCAPABLE else m.group(0), text)


class FontPicker(Protocol):
    """The fallback face for a character the body font lacks (None: the body font has it), of the
    run's weight: `<font name=...>` sets the weight too, so a bold run must name the bold face."""

    def __call__(self, ch: str, bold: bool = False) -> str | None: ...


def render(text: Text, numbers: Mapping[str, int], fallback: FontPicker, bold: bool = False) -> str:
    """Paragraph markup for `text`: escaped, with fallback-font runs and links.

    `bold`: the paragraph's style is bold (a heading), so every run is."""
    out = []
    for span in text.spans:
        shown = cite_label(span.cites, numbers) if span.cites else span.text
        piece = with_fallback(shown, fallback, bold or span.bold)
        if span.href:
            piece = link(piece, span.href)
        if span.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


LINK_START, LINK_END = "leaflet_link_start", "leaflet_link_end"  # the tagging canvas's callbacks (marked.py)


def link(inner: str, target: str) -> str:
    """Paragraph markup `inner` (already escaped) as a link; the target is quoted, never interpreted.

    Underlined, the one underline clear print allows (RNIB accepts it for links): a link must look
    like one in greyscale print too, not only by colour. Zero-width points before and after it tell
    the tagging canvas where the link's text starts and ends.
    """
    link_text = f'<a href={quoted(target)} underline="1">{inner}</a>'
    return f'<onDraw name="{LINK_START}"/>{link_text}<onDraw name="{LINK_END}"/>'


def with_fallback(shown: str, fallback: FontPicker, bold: bool = False) -> str:
    """Escape `shown`; keep each number with its unit (a no-break space); wrap characters the body
    font lacks in the fallback font; leave out format characters, which show nothing but would
    print as an empty box."""
    text = bind_units(without_invisible(shown))
    if all(fallback(ch, bold) is None for ch in set(text)):
        return escape(text)  # the body font draws it all: one run
    out: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for ch in text:
        font = fallback(ch, bold)
        if font != run_font and run:
            out.append(_wrap("".join(run), run_font))
            run = []
        run_font = font
        run.append(ch)
    if run:
        out.append(_wrap("".join(run), run_font))
    return "".join(out)


def escape(text: str) -> str:
    """`text` with `&`, `<` and `>` as entities, so paragraph markup shows it as it is.

    (Our own: xml.sax.saxutils does the same but imports urllib.request, and with it http.client,
    email and ssl, some 20 ms of every build's start.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(value: str) -> str:
    """`value` as a quoted attribute value that reads back as it is: escaped, line breaks and tabs as
    character references, in double quotes, or in single quotes when it holds a double quote (and
    with `&quot;` when it holds both)."""
    text = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def _wrap(chunk: str, font: str | None) -> str:
    if font is None:
        return escape(chunk)
    return f"<font name={quoted(font)}>{escape(chunk)}</font>"
