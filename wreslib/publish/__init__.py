"""A run: the pipeline from a data folder to protected results, papermill, the site, run.json, validation."""
