"""Interim, tests only: ``pipeline.report_results(..., standard="wdes")`` until the pipeline takes ``standard``.

The WDES notebooks call ``pipeline.report_results(..., standard="wdes")``, which the generalised
pipeline provides (WDES results after disclosure control). Where the installed pipeline does not take
``standard`` yet, :func:`install` wraps it: the WRES as before, another standard's results from
:func:`wreslib.publish.pipeline.load_results` with ``suppressed`` and ``change_suppressed`` False
(nothing hidden: the demo's figures as computed). Once the pipeline takes ``standard``, :func:`install`
does nothing and the tests run the real thing.
"""
from __future__ import annotations

import inspect


def needed() -> bool:
    """Whether the installed pipeline's ``report_results`` lacks ``standard``."""
    from wreslib.publish import pipeline

    return "standard" not in inspect.signature(pipeline.report_results).parameters


def report_results(original):
    """``original`` (the pipeline's ``report_results``) with a ``standard`` keyword."""
    from wreslib import standards
    from wreslib.publish import pipeline

    def wrapped(data_dir, year, *, standard="wres", allow_unknown_labels=False, **kw):
        code = getattr(standard, "code", standard)
        if code == "wres":
            return original(data_dir, year, allow_unknown_labels=allow_unknown_labels, **kw)
        results = pipeline.load_results(data_dir, year, standard=standards.get(code),
                                        allow_unknown_labels=allow_unknown_labels)
        return results.assign(suppressed=False, change_suppressed=False)

    return wrapped


def install() -> bool:
    """Give ``pipeline.report_results`` a ``standard`` keyword if it has none; True if it was needed."""
    from wreslib.publish import pipeline

    if not needed():
        return False
    pipeline.report_results = report_results(pipeline.report_results)
    return True


#: The source of a first code cell that installs the shim in a notebook's kernel (``{tests}``: this folder).
CELL = "import sys\nsys.path.insert(0, {tests!r})\nimport wdes_shim\n_shimmed = wdes_shim.install()"
