"""Interim: nbval leaves the WDES notebooks alone until the pipeline can give them their results.

The notebooks of ``wreslib/notebooks/wdes/`` call ``pipeline.report_results(..., standard="wdes")``;
while the installed pipeline's ``report_results`` takes no ``standard``, nbval would only see that
TypeError. ``tests/test_wdes_notebooks.py`` runs each of them with papermill meanwhile (through
``tests/wdes_shim.py``). Once ``report_results`` takes ``standard`` this hook collects them again, and
this file can go.
"""
import inspect


def pytest_ignore_collect(collection_path, config):
    if collection_path.suffix != ".ipynb" or collection_path.parent.name != "wdes":
        return None
    from wreslib.publish import pipeline

    return True if "standard" not in inspect.signature(pipeline.report_results).parameters else None
