"""What a batch keeps from one stamp to the next (stamp.Master: glyph codes, width tables, page
dictionaries and box tags written once for the clinics that share them) against stamping each clinic
with a master of its own, which keeps nothing: the same bytes, in any order, whatever came before.

The clinics: content/clinics.yaml's, which differ in their lines and links, and each of them again
with a logo, with its links left out, and with details in other characters, so a batch meets clinics
that share some of what is kept and not the rest.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pytest
from PIL import Image
from stamped_edits import CLINICS, LDN

from leaflet import stamp
from leaflet.build import lay_out
from leaflet.checks.stamped import check_stamped
from leaflet.clinics import load_clinics
from leaflet.model import Clinic, Picture
from leaflet.stamp import Master
from leaflet.theme import Variant


def variants(clinics: list[Clinic]) -> list[Clinic]:
    logo = Picture("logo.png", png(), "PNG", 60, 40, clinics[0].where)
    out = list(clinics)
    for n, c in enumerate(clinics):
        out += [
            replace(c, logo=logo),
            replace(c, email="", web=""),
            replace(c, name=f"{c.name} Ōtāhuhu {n}", hours=f"{c.hours} (Māori: Rāhina)"),
        ]
    return out


def png() -> bytes:
    out = BytesIO()
    Image.new("RGBA", (60, 40), (10, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def batch() -> tuple[list[Clinic], bytes, tuple[object, ...]]:
    clinics = variants(list(load_clinics(CLINICS).values()))
    laid = lay_out(LDN, Variant(clinic=True), stamp.reserve(clinics))
    assert laid.rendered.slot is not None
    return clinics, laid.rendered.pdf, (*laid.rendered.slot, laid.theme, laid.fonts)


def fresh(batch: tuple[list[Clinic], bytes, tuple[object, ...]]) -> Master:
    _, pdf, (page, slot, theme, fonts) = batch
    return stamp.read_master(pdf, page, slot, theme, fonts)


def test_a_stamp_is_the_same_bytes_whatever_the_batch_stamped_before(
    batch: tuple[list[Clinic], bytes, tuple[object, ...]],
) -> None:
    clinics = batch[0]
    alone = [stamp.stamp(fresh(batch), c) for c in clinics]
    assert len(set(alone)) == len(clinics)
    for order in (clinics, clinics[::-1], clinics[1::2] + clinics[::2]):
        master = fresh(batch)
        for c in order + order:
            data = stamp.stamp(master, c)
            assert data == alone[clinics.index(c)], c.id
            check_stamped(data, master, c)
    assert fresh(batch).written == {} and master.written and master.tagged  # (kept as the batch went)
