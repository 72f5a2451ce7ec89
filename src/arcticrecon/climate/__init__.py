"""climate package (being built)."""
