"""A real stamped clinic PDF and the edits the clinic-check tests make to it (tests/test_stamp_*.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfWriter

from leaflet import stamp
from leaflet.build import lay_out
from leaflet.checks.stamped import check_stamped, found
from leaflet.clinics import load_clinics
from leaflet.errors import CheckFailed
from leaflet.model import Clinic
from leaflet.pdfupdate import foreign_reading
from leaflet.stamp import Master
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
LDN = ROOT / "content" / "ldn-ms.yaml"
CLINICS = ROOT / "content" / "clinics.yaml"


@dataclass(frozen=True)
class Stamped:
    master: Master
    clinic: Clinic
    data: bytes


def first_stamp() -> Stamped:
    """The real master laid out for content/clinics.yaml, stamped with its first clinic."""
    clinics = list(load_clinics(CLINICS).values())
    laid = lay_out(LDN, Variant(clinic=True), stamp.reserve(clinics))
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    return Stamped(master, clinics[0], stamp.stamp(master, clinics[0]))


def refused(stamped_pdf: bytes, master: Master, clinic: Clinic) -> str:
    """The clinic check's message for a PDF it must refuse, located at the clinic: the same whether our
    own reader reads the update (or refuses it, and the check reads it again with pypdf's) or pypdf's
    alone, as the check read every stamp before ours."""
    with pytest.raises(CheckFailed) as caught:
        check_stamped(stamped_pdf, master, clinic)
    assert caught.value.where == clinic.where
    message = caught.value.message.removeprefix("clinic check failed: ")
    assert found(stamped_pdf, master, clinic, foreign_reading(master.pdf)) == message
    return message


def updated(data: bytes, edit: Callable[[PdfWriter], object]) -> bytes:
    """The stamped PDF with one more incremental update (its bytes so far kept, as a stamp keeps the master's)."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(data)
    return out.getvalue()
