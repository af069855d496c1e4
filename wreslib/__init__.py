"""wreslib: the Workforce Race Equality Standard (WRES) analysis pack."""

__version__ = "0.1.0"
