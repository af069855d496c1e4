"""The equality standards, one declaration module each: groups, indicators, directions and wording.

:data:`REGISTRY` holds every standard by code (``wres``, ``wdes``); a declaration module registers
its standard on import (:func:`~wreslib.standards.base.register`), so a new standard is one new module.
"""
from . import wres  # noqa: I001  (registered first: the registry's order is the report's)
from . import wdes
from .base import REGISTRY, Standard


def get(code: str) -> Standard:
    """The registered standard with this code (``"wres"``, ``"wdes"``); KeyError naming the known codes."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"no standard {code!r}; the pack knows {', '.join(sorted(REGISTRY))}") from None


__all__ = ["REGISTRY", "Standard", "get", "wdes", "wres"]
