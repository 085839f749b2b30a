"""leaflet: structured patient-information content -> checked, branded PDF leaflets.

Public API: `load`, `build`, `LeafletError` and its subclasses.

The error classes load when first named (PEP 562), so starting the program
(`leaflet --version`, launch.py) imports nothing but this file.
"""

__version__ = "0.1.0"

TYPE_CHECKING = False  # mypy reads the imports below; at run time `__getattr__` supplies them
if TYPE_CHECKING:
    from .errors import CheckFailed, ContentError, FontError, LayoutError, LeafletError, Where

__all__ = [
    "CheckFailed",
    "ContentError",
    "FontError",
    "LayoutError",
    "LeafletError",
    "Where",
    "__version__",
]


def __getattr__(name: str) -> object:
    if name in __all__:
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'leaflet' has no attribute '{name}'")
