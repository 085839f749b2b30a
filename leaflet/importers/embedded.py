"""A picture embedded in the source (a data: URI, as `docx` makes of a Word picture) -> a file beside the YAML.

Input: the image's `src` (a data: URI), where it stands in the source, and the path of the YAML to
be written. Output: the path the YAML names (`NAME-images/image-N.png` beside `NAME.yaml`, N
counting the embedded pictures in source order), the file written there; or None, said in a note,
for a picture that is not base64 PNG or JPEG. A file already there is never overwritten: the same
bytes are reused, other bytes are refused.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import field
from pathlib import Path

from ..errors import ContentError, Where
from ..publish import publish
from ..record import record
from .tree import Note

KINDS = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg"}


def shown(src: str) -> str:
    """How a message names an image: a data: URI by its kind, not its thousands of characters."""
    return f"embedded {src[5:].split(';', 1)[0].split(',', 1)[0] or 'data'} picture" if is_embedded(src) else src


def is_embedded(src: str) -> bool:
    return src[:5].lower() == "data:"


@record(frozen=False)
class Pictures:
    """The embedded pictures of one import, written beside `output` as they are placed."""

    output: Path
    notes: list[Note]
    written: list[bytes] = field(default_factory=list)

    def place(self, src: str, where: Where) -> str | None:
        header, _, payload = src.partition(",")
        kind = header[5:].split(";", 1)[0].strip().lower()
        if kind not in KINDS or not header.lower().endswith(";base64"):
            self.notes.append(Note(where, f"{shown(src)}: left out, only PNG and JPEG pictures are read"))
            return None
        try:
            data = base64.b64decode(payload, validate=True)
        except binascii.Error:
            self.notes.append(Note(where, f"{shown(src)}: left out, its data is damaged"))
            return None
        if data in self.written:
            number = self.written.index(data) + 1
        else:
            self.written.append(data)
            number = len(self.written)
        folder = self.output.parent / f"{self.output.stem}-images"
        target = folder / f"image-{number}{KINDS[kind]}"
        if target.exists() and (not target.is_file() or target.read_bytes() != data):
            raise ContentError(
                "already exists", Where.file(target), hint="move that folder away, or give another name with -o"
            )
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            publish(target, data)
        return target.relative_to(self.output.parent).as_posix()
