"""The clinic check's reader of a layer as a stamp writes it (checks/stamplayer.py) against the general readers it
stands in for: stampdrawn.drawing (every operator read by contentops and allowed, every code through its font's
ToUnicode map) and pagescan.quick_text, whose texts the check compares.

A layer stamplayer takes must be one those readers pass, showing the same text: so the check finds what it found
when they read every layer. The inputs: every layer the stamps of content/clinics.yaml draw (which stamplayer must
take, or it saves nothing), each of them with one byte changed at every place, and generated layers, written as a
stamp writes them or otherwise (strings with any escape, other numbers, fonts, marks, operators, white space).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stamped_edits import CLINICS, Stamped, first_stamp

from leaflet import stamp
from leaflet.checks.stampdrawn import drawing
from leaflet.checks.stamped import _SIZES, sizes
from leaflet.checks.stamplayer import stamp_read, stamp_text
from leaflet.clinics import load_clinics
from leaflet.model import Picture
from leaflet.pagescan import quick_text
from leaflet.stamp import Master
from leaflet.textmatch import normalise


@pytest.fixture(scope="module")
def north() -> Stamped:
    return first_stamp()


def as_the_general_readers(layer: bytes, master: Master, logo: bool) -> None:
    """Whatever stamplayer takes, the general readers pass, with the same text; and the sizes its shows
    set are all the sizes the clinic check's search of the layer finds, when they are every `Tf` in it."""
    shown = stamp_text(layer, master, logo)
    if shown is not None:
        assert drawing(layer, master, logo) == ("", shown)
        assert normalise(quick_text(layer, master.decode)) == normalise(shown)
        read = stamp_read(layer, master, logo)
        assert read is not None and read[0] == shown
        assert sizes(layer, read[1]) == [float(s) for s in _SIZES.findall(layer)]


def layers(master: Master, logo: bool) -> list[bytes]:
    """The two layers (footer, clinic box) of every clinic of content/clinics.yaml, as stamped."""
    clinics = list(load_clinics(CLINICS).values())
    if logo:
        wide = [Picture("logo.png", b"", "PNG", 40 + 9 * n, 40, c.where) for n, c in enumerate(clinics)]
        clinics = [replace(c, logo=picture) for c, picture in zip(clinics, wide, strict=True)]
    return [stamp.layer(master, c, box)[0] for c in clinics for box in (False, True)]


@pytest.mark.parametrize("logo", [False, True], ids=["plain", "logo"])
def test_every_stamped_layer_is_read_by_stamplayer_as_the_general_readers_read_it(logo: bool, north: Stamped) -> None:
    for layer in layers(north.master, logo):
        shown = stamp_text(layer, north.master, logo)
        assert shown is not None, layer
        as_the_general_readers(layer, north.master, logo)
    assert stamp_text(layers(north.master, True)[1], north.master, False) is None  # a logo the clinic lacks


def test_a_stamped_layer_with_any_byte_changed(north: Stamped) -> None:
    """Each byte of a clinic box's layer changed to, and preceded by, four of a few bytes that matter to
    a reader of PDF (another four at the next place)."""
    layer, changes = layers(north.master, True)[1], b" \n()\\/<>[]%01.-9TQ\x00"
    for at in range(len(layer)):
        for byte in (changes[(at + k * 5) % len(changes)] for k in range(4)):
            as_the_general_readers(layer[:at] + bytes([byte]) + layer[at + 1 :], north.master, True)
            as_the_general_readers(layer[:at] + bytes([byte]) + layer[at:], north.master, True)


NEAR = [  # a stamp's layer written otherwise, each in a way one of the general readers reads differently
    (b" 14 Tf", b" -14 Tf"),  # quick_text selects no font for a signed size
    (b" 14 Tf", b" +14 Tf"),
    (b"/F1+0 ", b"/F1#2B0 "),  # the same name to contentops, another to quick_text
    (b"/F2+0 14 Tf", b"/F1+0 /F2+0 14 Tf"),  # two names: drawing takes the first, quick_text the second
    (b") Tj", b") %) Tj\n Tj"),  # a string in a comment: quick_text reads it
    (b") Tj", b") () Tj"),  # an operand more
    (b"\\050", b"\\("),
]


@pytest.mark.parametrize(("old", "new"), NEAR)
def test_a_stamped_layer_written_otherwise(old: bytes, new: bytes, north: Stamped) -> None:
    """Each place of the change in turn: whatever stamplayer takes, the general readers read alike."""
    for layer in layers(north.master, True):
        at = layer.find(old)
        while at >= 0:
            as_the_general_readers(layer[:at] + new + layer[at + len(old) :], north.master, True)
            at = layer.find(old, at + 1)


def written(code: int, how: int) -> bytes:
    """A character code in a literal string, written as a stamp writes it (-1), or one of several other ways."""
    if how < 0:
        return bytes([code]) if 32 <= code < 127 and code not in b"()\\" else b"\\%03o" % code
    if how == 0 and 32 <= code < 127:
        return bytes([code])  # as is, even ( ) or \
    if how == 1:
        return b"\\%03o" % code
    if how == 2:
        return b"\\%o" % code  # short octal: the next digit may join it
    if how == 3:
        return b"\\" + bytes([code])  # an escape: \n \( \\ or an unknown one
    return b"\\%03o" % (code + 256) if how == 4 else b"\\\n" + bytes([code])


def mostly(usual: list[bytes], others: list[bytes]) -> st.SearchStrategy[bytes]:
    """One of `usual` (as a stamp writes it) nine times in ten, else one of `others`."""
    return st.integers(0, 9).flatmap(lambda k: st.sampled_from(others if k == 0 else usual))


@st.composite
def strings(draw: st.DrawFn, master: Master, name: str) -> bytes:
    """A literal string, mostly of codes the font `name` has text for, written mostly as a stamp writes it."""
    font = sorted(master.decode.get(name, {})) or [65]
    codes = draw(st.lists(st.integers(0, 19).flatmap(lambda k: st.sampled_from(font if k else range(256)))))
    ways = st.sampled_from([-1] * 30 + list(range(6)))  # -1: as a stamp writes it (stamptext.glyph)
    out = b"".join(written(c, draw(ways)) for c in codes[:8])
    return b"(" + out + b")" if draw(st.integers(0, 19)) else b"(" + out  # left open, now and then


NUMBERS = [b"0", b"1", b"12", b"14", b"11.9", b"-12", b"+12", b"12.", b".5", b"1e3", b"0.102", b"1 2", b"/N"]


@st.composite
def lines(draw: st.DrawFn, master: Master) -> bytes:
    """A line of text in marked content, or the logo: mostly as a stamp writes them."""
    x0, _, x1, y1 = master.slot
    inside = [b"%.2f %.2f" % (x0 + 14, y1 - 20), b"%.2f %.2f" % (master.theme.offset + master.theme.margin, 46)]
    at = draw(mostly(inside, [b"%.2f %.2f" % (x0, y1 + 30), b"99 -3", b"1 0 0 1"]))
    shows = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(mostly([n.encode() for n in sorted(master.decode)], [b"/F9", b"/F1+0 /F2+0", b"/F1#2B0"]))
        size = draw(mostly([b"12", b"14"], NUMBERS))
        shows.append(b"%s %s Tf %s Tj" % (name, size, draw(strings(master, name.decode()))))
    line = draw(mostly([b"BT 1 0 0 1 %s Tm " % at], [b"BT 2 0 0 1 %s Tm " % at, b"BT 1 0 0 1 0 %s Tm " % at]))
    line += b" ".join(shows) + b" ET"
    mark = draw(mostly([b"/Artifact BMC ", b"/P <</MCID 3>> BDC ", b"/Link <</MCID 9>> BDC ", b""], [b"/X BMC "]))
    logo = b"q %s 0 0 30.00 %.2f %.2f cm /ClinicLogo Do Q" % (draw(mostly([b"30.00"], NUMBERS)), x1 - 45, y1 - 40)
    return draw(mostly([mark + line + (b" EMC" if mark else b"")] * 3 + [b"/Artifact BMC " + logo + b" EMC"], [line]))


FRAGMENTS = [b" 3 Tr", b" (x)", b" %c\n", b" /X", b" <41>", b" 0 0 9 9 re f", b"\x00", b" [(a)] TJ", b" T*", b"\r"]


@st.composite
def generated(draw: st.DrawFn, master: Master) -> bytes:
    """A layer mostly as a stamp writes it, here and there otherwise."""
    r, g, b = (draw(mostly([b"%.3f" % c], [b"1", *NUMBERS])) for c in master.theme.text.rgb())
    body = [b"Q q %s %s %s rg" % (r, g, b), *draw(st.lists(lines(master), max_size=4)), b"Q"]
    layer = draw(mostly([b"\n"], [b" ", b"\n\n", b"\r\n"])).join(body)
    for _ in range(draw(mostly([b"0"], [b"1", b"2"]))[0] - 48):
        at = draw(st.integers(0, len(layer)))
        layer = layer[:at] + draw(st.sampled_from(FRAGMENTS)) + layer[at:]
    return layer


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_generated_layers(data: st.DataObject, north: Stamped) -> None:
    layer = data.draw(generated(north.master))
    as_the_general_readers(layer, north.master, data.draw(st.booleans()))
