"""leaflet: structured patient-information content -> checked, branded PDF leaflets.

Public API: `load`, `build`, `LeafletError` and its subclasses.
"""

__version__ = "0.1.0"

from .errors import (
    CheckFailed,
    ContentError,
    FontError,
    LayoutError,
    LeafletError,
    Where,
)

__all__ = [
    "CheckFailed",
    "ContentError",
    "FontError",
    "LayoutError",
    "LeafletError",
    "Where",
    "__version__",
]
