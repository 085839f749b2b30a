"""Clinic master + Clinic -> the clinic layer of a page: its content stream and its links (stage: stamp).

Input: the master (stamp.Master: its subsets, its theme, the clinic box and the frame every layer
shares, made once a batch) and the clinic (its lines, when the caller has them). Output: the layer
as stamp.py adds it to every page: the footer line, and on the box's page the clinic's lines (each
marked content with the page's next MCID), its logo, and each linked line's address and rectangle.
checks/stamplayer.py reads a layer written so back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clinics import LOGO_BOX as LOGO
from .model import Clinic
from .stamplogo import LOGO_NAME
from .stamptext import measure, show

if TYPE_CHECKING:
    from .stamp import Master


def layer(
    master: Master, clinic: Clinic, with_box: bool, lines: list[tuple[str, str, str]] | None = None
) -> tuple[bytes, list[tuple[str, tuple[float, ...], int]]]:
    """The clinic layer of one page (content stream) and its links (URI, rectangle, line).

    The footer line and the logo are artifacts; each line in the box is marked content
    with the next MCID of the page (stamptags.py puts them in the structure tree).
    `lines` are the clinic's (Clinic.lines), when the caller has them."""
    head, footer_at, at = master.frame
    footer = master.theme.styles["footer"]
    ops = [head, footer_at + show(master, clinic.footer, footer.fontSize, False) + b" ET EMC"]
    links: list[tuple[str, tuple[float, ...], int]] = []
    first = master.box.first_mcid if master.box else -1
    if with_box:
        size = master.theme.body_pt
        for n, (label, text, link) in enumerate(clinic.lines() if lines is None else lines):
            parts = [(f"{label}: ", True), (text, False)] if label else [(text, n == 0)]
            line = b" ".join(show(master, words, size, bold) for words, bold in parts)
            x, y, placed = line_at(master, at, n)
            drawn_line = placed + line + b" ET"
            role = "/Link" if link else "/P"
            ops.append(
                f"{role} <</MCID {first + n}>> BDC ".encode() + drawn_line + b" EMC" if first >= 0 else drawn_line
            )
            if link:
                width = sum(measure(master, words, size, bold) for words, bold in parts)
                links.append((link, (x, y - size * 0.25, x + width, y + size), n))
        if clinic.logo:
            ops.append(b"/Artifact BMC " + logo_ops(master, clinic) + b" EMC")
    ops.append(b"Q")
    return b"\n".join(ops), links


def line_at(master: Master, at: list[tuple[float, float, bytes]], n: int) -> tuple[float, float, bytes]:
    """Where box line n starts: each a leading below the one before, as the lines are set one by one."""
    while len(at) <= n:
        theme = master.theme
        size, lead = theme.body_pt, theme.styles["body"].leading
        if at:
            x, y = at[-1][0], at[-1][1] - lead
        else:
            x0, _, _, y1 = master.slot
            x, y = x0 + size, y1 - size * 0.6 - lead + (lead - size)
        at.append((x, y, f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm ".encode()))
    return at[n]


def logo_ops(master: Master, clinic: Clinic) -> bytes:
    """Draw the clinic's logo in the top right of the box, keeping its proportions."""
    assert clinic.logo is not None
    w, h = clinic.logo.width, clinic.logo.height
    scale = min(LOGO / w, LOGO / h)
    size = master.theme.body_pt
    x1, y1 = master.slot[2] - size, master.slot[3] - size * 0.6
    return (
        f"q {w * scale:.2f} 0 0 {h * scale:.2f} {x1 - w * scale:.2f} {y1 - h * scale:.2f} cm {LOGO_NAME} Do Q".encode()
    )
