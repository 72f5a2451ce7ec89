"""coverage package (being built)."""
