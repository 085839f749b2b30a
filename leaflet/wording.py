"""The words the tool adds around author text: footer, 'About this leaflet', labels.

Layout draws them and checks expect them, so both take them from here.
"""

from __future__ import annotations

import datetime as dt

from .chars import without_invisible
from .model import Contact, Leaflet

REFERENCES = "References"
ABOUT = "About this leaflet"
CONTINUED = "(continued)"  # after a box's title where the box goes on over a page


def continued(title: str) -> str:
    """The title a box repeats at the top of each later part (layout, drawn as an artifact)."""
    return f"{title} {CONTINUED}"


def info(leaflet: Leaflet) -> dict[str, str]:
    """The document information viewers and screen readers show: title, author, subject.

    Format characters (a soft hyphen) are left out: they mean nothing there, and ReportLab
    cannot write a soft hyphen into a PDF text string."""
    m = leaflet.meta
    shown = {"title": m.title, "author": m.organisation, "subject": m.subtitle or m.audience or m.title}
    return {key: without_invisible(value) for key, value in shown.items()}


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def contact_of(leaflet: Leaflet) -> Contact:
    """The leaflet's own contact details, else its brand's."""
    return leaflet.meta.contact if leaflet.meta.contact.lines() else leaflet.brand.contact


def band_lines(leaflet: Leaflet) -> tuple[str, ...]:
    """The lines under the title in the band: the subtitle, then the audience, each if given."""
    m = leaflet.meta
    return tuple(line for line in (m.subtitle, m.audience) if line)


def footer_left(leaflet: Leaflet) -> tuple[str, str]:
    """Footer lines (left side): the title; version and review date."""
    m = leaflet.meta
    second = f"Version {m.version} · Review due {m.review:%B %Y}"
    return m.title, second


def page_label(page: int, total: int) -> str:
    return f"Page {page} of {total}"


def about_lines(leaflet: Leaflet, fitted_pt: float = 0) -> list[str]:
    """Sentences of the 'About this leaflet' block (PIF quality evidence); `fitted_pt`: the type
    size copyfitting chose, said after the dates."""
    m = leaflet.meta
    lines = [
        f"Published by {m.organisation}.",
        f"Version {m.version}, published {long_date(m.published)}. Next review due {long_date(m.review)}.",
    ]
    if fitted_pt:
        lines.append(f"Set in {fitted_pt:g} pt type, fitted to its page budget.")
    if m.authors:
        lines.append(f"Written and reviewed by {', '.join(m.authors)}.")
    lines.append(m.feedback or "To give feedback on this leaflet, or to ask for a copy, please contact us:")
    return lines


def other_formats(leaflet: Leaflet) -> str:
    """The 'other formats' line, printed at 16 pt or more."""
    return "This leaflet is also available in large print. Ask us for a copy, or for another format such as audio."


def online(leaflet: Leaflet) -> str:
    """The words beside the QR code."""
    return f"The latest version is online at {leaflet.meta.url}"


YOUR_CLINIC = "Your clinic"
DRAFT = "DRAFT \u2013 not for patients"  # on every page of a leaflet that still has placeholders (drafts.py)
