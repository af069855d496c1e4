"""Disclosure control: the one suppression engine over cells and relations, and the integer audit."""
