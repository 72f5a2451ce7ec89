"""light package (being built)."""
