"""Reading a trust's files: CSV/Excel, wres.toml, schemas and clear errors, extracts to counts, data notes."""
