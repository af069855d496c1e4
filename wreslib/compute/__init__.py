"""Counts to results: indicators 1-4 and 9, the staff survey (5-8), intervals and tests."""
