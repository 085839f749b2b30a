"""Unit tests of source.py (located YAML, Fields) and markup.py (inline parsing, escaped rendering)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from leaflet import markup
from leaflet.errors import ContentError, Where
from leaflet.fields import Fields
from leaflet.model import Span, Text, cite_label
from leaflet.source import Node, parse

NAME = "test.yaml"


def at(text: str, needle: str, nth: int = 0) -> Where:
    """Where the `nth` occurrence of `needle` starts in `text` (1-based line and column)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Where(NAME, line, column)


def raised(text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        parse(text, NAME)
    return info.value


# --- source: located nodes ----------------------------------------------------------------------

NESTED = """\
# a comment first
leaflet:
  title: A title
  authors: [First, 'Second']
  pages: 3
sections:
  - heading: One
    blocks:
      - paragraph: >-
          Folded
          text
"""


def test_nodes_carry_one_based_line_and_column() -> None:
    root = parse(NESTED, NAME)
    leaflet = root.value["leaflet"]
    assert root.key_where["leaflet"] == at(NESTED, "leaflet:")
    assert root.key_where["sections"] == at(NESTED, "sections:")
    assert leaflet.where == at(NESTED, "title:")
    assert leaflet.key_where["pages"] == at(NESTED, "pages:")
    assert leaflet.value["title"].where == at(NESTED, "A title")
    assert leaflet.value["pages"].where == at(NESTED, "3")
    authors = leaflet.value["authors"]
    assert authors.where == at(NESTED, "[First")
    assert [a.where for a in authors.value] == [at(NESTED, "First"), at(NESTED, "'Second'")]
    section = root.value["sections"].value[0]
    assert section.where == at(NESTED, "heading:")
    block = section.value["blocks"].value[0]
    assert block.key_where["paragraph"] == at(NESTED, "paragraph:")
    assert block.value["paragraph"].where == at(NESTED, ">-")


# Plain scalars that YAML 1.1 would retype: each must stay the characters typed.
RETYPED = [
    "3",
    "010",
    "0x1F",
    "1_000",
    "1e3",
    "0.50",
    "1.10",
    "8:00",
    "12:30",
    "yes",
    "no",
    "on",
    "off",
    "true",
    "False",
    "~",
    "null",
    "2026-01-01",
    ".inf",
    ".NaN",
    "-0",
    "+12",
]


@pytest.mark.parametrize("typed", RETYPED)
def test_plain_scalars_are_the_text_typed(typed: str) -> None:
    root = parse(f"a: {typed}\nb: [{typed}, x]\nc:\n  - {typed}\n", NAME)
    assert root.value["a"].value == typed
    assert [n.value for n in root.value["b"].value] == [typed, "x"]
    assert root.value["c"].value[0].value == typed


def test_an_empty_value_is_nothing_but_empty_quotes_are_text() -> None:
    root = parse("a:\nb: ''\n", NAME)
    assert root.value["a"].value is None
    assert root.value["b"].value == ""


@pytest.mark.parametrize(
    "text",
    ["a: !!python/name:os.system ''\n", "a: !!python/object/apply:os.system ['echo pwned']\n", "a: !custom {b: 1}\n"],
    ids=["scalar", "list", "mapping"],
)
def test_unknown_tags_are_refused_at_the_value(text: str) -> None:
    error = raised(text)
    assert error.where == at(text, "!")


def test_a_date_that_is_no_date_is_located_with_a_hint() -> None:
    text = "a: 2026-02-30\n"  # looks like a date, is none
    with pytest.raises(ContentError) as info:
        Fields(parse(text, NAME), "test").date("a")
    assert info.value.message == "'a' must be a date, not text"
    assert info.value.where == at(text, "2026")
    assert info.value.hint


def test_syntax_error_points_at_the_problem() -> None:
    text = "a: 1\nb:\n  - x\n   y: 2\n"
    error = raised(text)
    assert error.message.startswith("YAML syntax: ")
    assert error.where == at(text, ":", nth=2)
    assert error.hint


# --- source: duplicates, aliases ----------------------------------------------------------------

DUPLICATE = """\
leaflet:
  title: First
  pages: 2
  title: Second
"""


def test_duplicate_keys_are_refused_naming_both_places() -> None:
    error = raised(DUPLICATE)
    assert error.message == "duplicate key 'title'"
    assert error.where == at(DUPLICATE, "title", nth=1)
    assert str(at(DUPLICATE, "title", nth=0)) in error.hint


def test_same_key_in_different_mappings_is_fine() -> None:
    text = "a:\n  title: x\nb:\n  title: y\n"
    root = parse(text, NAME)
    assert [root.value[k].value["title"].value for k in ("a", "b")] == ["x", "y"]


ALIAS = """\
leaflet:
  title: &t A title
  subtitle: *t
"""


def test_aliases_are_refused_at_the_alias() -> None:
    error = raised(ALIAS)
    assert "alias" in error.message
    assert error.where == at(ALIAS, "*t")
    assert error.hint


def test_merge_keys_are_refused() -> None:
    text = "base:\n  a: 1\nother:\n  <<: {a: 1}\n"
    error = raised(text)
    assert error.message == "YAML merge keys are not supported"
    assert error.where == at(text, "<<")


def test_empty_text_is_refused() -> None:
    error = raised("# only a comment\n")
    assert error.message == "the file is empty"
    assert error.where == Where(NAME, 1, 1)


# --- source: Fields -----------------------------------------------------------------------------

META = """\
leaflet:
  title: [Not, text]
  titel: A typo
  pages: 2
  empty: "  "
"""


def meta_fields() -> Fields:
    return Fields(parse(META, NAME).value["leaflet"], "leaflet")


def test_fields_text_on_a_list_raises_at_the_value() -> None:
    with pytest.raises(ContentError) as info:
        meta_fields().text("title")
    assert info.value.message == "'title' must be text, not a list"
    assert info.value.where == at(META, "[Not")
    assert info.value.hint


def test_fields_text_empty_raises_at_the_value() -> None:
    with pytest.raises(ContentError) as info:
        meta_fields().text("empty")
    assert info.value.message == "'empty' is empty"
    assert info.value.where == at(META, '"  "')


def test_fields_missing_key_names_the_key_and_the_mapping() -> None:
    with pytest.raises(ContentError) as info:
        meta_fields().text("audience")
    assert info.value.message == "leaflet needs 'audience'"
    assert info.value.where == at(META, "title:")
    assert "audience:" in info.value.hint


def test_fields_done_suggests_the_closest_known_key() -> None:
    f = meta_fields()
    f.get("title")
    f.integer("pages", default=4)
    f.get("empty")
    with pytest.raises(ContentError) as info:
        f.done()
    assert info.value.message == "unknown key 'titel' in leaflet"
    assert info.value.where == at(META, "titel:")
    assert info.value.hint.startswith("did you mean 'title'?")


def test_fields_done_without_a_close_match_lists_the_known_keys() -> None:
    text = "a:\n  title: x\n  zzzzzz: y\n"
    f = Fields(parse(text, NAME).value["a"], "a")
    f.text("title")
    with pytest.raises(ContentError) as info:
        f.done()
    assert info.value.hint == "known: title"


def test_fields_done_accepts_keys_that_were_asked_for() -> None:
    f = meta_fields()
    for key in f.node.value:
        f.get(key)
    f.done()


def test_fields_refuses_a_non_mapping() -> None:
    node = parse("a: [1, 2]\n", NAME).value["a"]
    with pytest.raises(ContentError) as info:
        Fields(node, "a")
    assert info.value.where == node.where


def test_fields_integer_refuses_text_at_the_value() -> None:
    text = "a:\n  pages: many\n"
    f = Fields(parse(text, NAME).value["a"], "a")
    with pytest.raises(ContentError) as info:
        f.integer("pages", default=4)
    assert info.value.where == at(text, "many")


def test_fields_texts_accepts_one_text_or_a_list() -> None:
    text = "a:\n  one: Alone\n  many: [B, C]\n"
    f = Fields(parse(text, NAME).value["a"], "a")
    assert f.texts("one") == [("Alone", at(text, "Alone"))]
    assert f.texts("many") == [("B", at(text, "B")), ("C", at(text, "C"))]


# --- markup: parse ------------------------------------------------------------------------------

HERE = Where(NAME, 7, 20)


def spans(source: str) -> tuple[Span, ...]:
    return markup.parse(source, HERE).spans


def test_plain_text_is_one_span() -> None:
    assert spans("Just words.") == (Span("Just words."),)


def test_bold() -> None:
    assert spans("a **b c** d") == (Span("a "), Span("b c", bold=True), Span(" d"))


def test_link() -> None:
    assert spans("See [the NHS](https://www.nhs.uk/) now") == (
        Span("See "),
        Span("the NHS", href="https://www.nhs.uk/"),
        Span(" now"),
    )


def test_link_inside_bold_is_bold() -> None:
    assert spans("**[x](mailto:a@b.org)**") == (Span("x", bold=True, href="mailto:a@b.org"),)


def test_autolink() -> None:
    url = "https://nzphvc.otago.ac.nz/reporting/"
    assert spans(f"Go to <{url}>.") == (Span("Go to "), Span(url, href=url), Span("."))


def test_citations() -> None:
    assert spans("One [@a] two [@b; @c-2].") == (
        Span("One "),
        Span("", cites=("a",)),
        Span(" two "),
        Span("", cites=("b", "c-2")),
        Span("."),
    )


def test_citation_labels_use_the_numbers() -> None:
    text = markup.parse("x [@b; @a]", HERE)
    numbers = {"a": 1, "b": 2}
    assert text.plain(numbers) == "x " + cite_label(("b", "a"), numbers)
    assert cite_label(("b", "a"), numbers) == f"[{numbers['b']}, {numbers['a']}]"


@pytest.mark.parametrize("ch", sorted(markup.ESCAPABLE))
def test_backslash_escapes(ch: str) -> None:
    assert spans(f"a \\{ch}\\{ch} b") == (Span(f"a {ch}{ch} b"),)


def test_escaped_markup_is_literal() -> None:
    assert spans(r"\*\*not bold\*\* and \[@key\] and \<https://x.org\>") == (
        Span("**not bold** and [@key] and <https://x.org>"),
    )


def test_backslash_before_other_characters_is_kept() -> None:
    assert spans(r"C:\path\to") == (Span(r"C:\path\to"),)


@pytest.mark.parametrize("source", ["4 * 2 = 8", "a ** b", "ends with *", "ends with **"])
def test_lone_stars_are_kept(source: str) -> None:
    assert spans(source) == (Span(source),)


def test_unmatched_brackets_are_kept() -> None:
    assert spans("[not a link] and [ok") == (Span("[not a link] and [ok"),)


@pytest.mark.parametrize(
    ("source", "offender"),
    [
        ("Click [here](javascript:alert(1)) now", "[here]"),
        ("Fetch <ftp://example.org/file> now", "<ftp:"),
        ("Open [it](file:///etc/passwd)", "[it]"),
        ("Go [there](www.example.org)", "[there]"),
    ],
)
def test_link_schemes_are_checked_at_the_link(source: str, offender: str) -> None:
    with pytest.raises(ContentError) as info:
        markup.parse(source, HERE)
    assert info.value.message.startswith("link '")
    assert info.value.where == HERE.shifted(source.index(offender))
    assert info.value.hint


@pytest.mark.parametrize("url", ["http://a.org", "https://a.org", "mailto:a@b.org", "tel:+640000", "HTTPS://A.ORG"])
def test_allowed_link_schemes(url: str) -> None:
    assert markup.check_link(url, HERE) == url


def test_unclosed_bold_points_at_the_opening_stars() -> None:
    source = "Some **bold that never ends"
    with pytest.raises(ContentError) as info:
        markup.parse(source, HERE)
    assert info.value.message == "bold text is not closed"
    assert info.value.where == HERE.shifted(source.index("**"))


# --- markup: render escapes every character of author text --------------------------------------

PAYLOAD = (
    "[[[getattr(pow, Word('__globals__'))['os'].system('touch /tmp/pwned') for Word in [ orgTypeFun( 'Word', "
    "(str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutate() and "
    "self.mutated < 0 and str(self) == x, 'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, "
    "'__hash__': lambda self: hash(str(self)), }, ) ] ] and 'red'"
)
HOSTILE = [
    '<font name="x">big</font>',
    '<img src="y"/>',
    "Fish & chips &amp; &lt;tags&gt;",
    f'<font color="{PAYLOAD}">exploit</font>',
    f'<para><font color="{PAYLOAD}">exploit</font></para>',
    "ō and Māori <b>not bold</b> \"quotes\" 'apostrophes'",
    PAYLOAD,
]
FALLBACK = "Fallback-Regular"


def pick(ch: str, bold: bool = False) -> str | None:
    """A fallback picker that sends non-ASCII characters to another font."""
    return FALLBACK if ord(ch) > 127 else None


def check_markup(rendered: str, text: Text, numbers: dict[str, int]) -> None:
    """The markup is well-formed, uses only render's own tags, and shows exactly the author's words."""
    root = ET.fromstring(f"<root>{rendered}</root>")
    for element in root.iter():
        if element is root:
            continue
        assert element.tag in {"a", "b", "font", "onDraw"}, element.tag
        if element.tag == "onDraw":  # the tagging canvas's points at a link's start and end (marked.py)
            assert element.attrib in ({"name": markup.LINK_START}, {"name": markup.LINK_END}) and not element.text
        if element.tag == "font":
            assert element.attrib == {"name": FALLBACK}
        if element.tag == "a":
            assert set(element.attrib) == {"href", "underline"}
            assert element.attrib["href"] in text.links
        if element.tag == "b":
            assert element.attrib == {}
    assert "".join(root.itertext()) == text.plain(numbers)


@pytest.mark.parametrize("source", HOSTILE, ids=range(len(HOSTILE)))
def test_render_escapes_author_text(source: str) -> None:
    text = markup.parse(source, HERE)
    assert text.plain({}) == source
    rendered = markup.render(text, {}, pick)
    check_markup(rendered, text, {})
    assert "<font color" not in rendered
    assert "<img" not in rendered
    assert "<para" not in rendered


@pytest.mark.parametrize("source", HOSTILE, ids=range(len(HOSTILE)))
def test_render_escapes_author_text_inside_bold_and_links(source: str) -> None:
    # parse refuses such a link target; render must still quote one that reaches it another way
    link = 'https://example.org/"><img/src="y">'
    text = markup.parse(f"**{author_escape(source)}** [a link](https://example.org/) [@k]", HERE)
    spans = tuple(Span(s.text, s.bold, link, s.cites) if s.href else s for s in text.spans)
    text = Text(spans, HERE)
    numbers = {"k": 1}
    assert text.links == (link,)
    check_markup(markup.render(text, numbers, pick), text, numbers)


def author_escape(source: str) -> str:
    """Backslash-escape `source` so it stays literal inside bold."""
    return "".join(f"\\{ch}" if ch in markup.ESCAPABLE else ch for ch in source)


def test_backslash_escapes_work_in_link_text() -> None:
    assert spans(r"[a \* b](https://x.org)") == (Span("a * b", href="https://x.org"),)


@pytest.mark.parametrize("source", HOSTILE, ids=range(len(HOSTILE)))
def test_reportlab_shows_author_text_literally(source: str) -> None:
    text = markup.parse(source, HERE)
    paragraph = Paragraph(markup.render(text, {}, lambda ch, bold=False: None), ParagraphStyle("test"))
    assert paragraph.getPlainText() == source


def test_link_quotes_its_target() -> None:
    target = 'https://a.org/" color="red\''
    start, element, end = ET.fromstring(f"<root>{markup.link('x', target)}</root>")
    assert element.attrib == {"href": target, "underline": "1"}
    assert element.text == "x"
    assert (start.tag, start.attrib, end.tag, end.attrib) == (
        *("onDraw", {"name": markup.LINK_START}),
        *("onDraw", {"name": markup.LINK_END}),
    )


def test_node_kind_names() -> None:
    assert Node([], Where(NAME)).kind == "a list"
