"""What a reader sees: tables, charts, sentences, reconciliation, breakdowns, HTML rendering."""
