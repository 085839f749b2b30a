"""Errors that carry their source location (used by every stage)."""

from __future__ import annotations

from pathlib import Path

from .record import record


@record
class Where:
    """A place in a source file: 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"

    def shifted(self, columns: int) -> Where:
        """The same line, `columns` characters further right."""
        return Where(self.path, self.line, self.column + columns)

    @classmethod
    def file(cls, path: str | Path) -> Where:
        return cls(str(path))


class LeafletError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, where: Where | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        head = f"{self.where}: {self.message}" if self.where else self.message
        return f"{head}\n  hint: {self.hint}" if self.hint else head


class ContentError(LeafletError):
    """The content, brand or clinics file is malformed or breaks a rule."""


class FontError(LeafletError):
    """A font file is missing or cannot draw a character of the content."""


class LayoutError(LeafletError):
    """The content does not fit the page budget or a fixed slot."""


class OutputError(LeafletError):
    """An output file or folder cannot be written (the previous file is left as it was)."""


class PdfError(LeafletError):
    """A PDF given to `check` cannot be read."""


class CheckFailed(LeafletError):
    """A built PDF failed one or more checks."""

    exit_code = 1
