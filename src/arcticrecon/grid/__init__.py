"""grid package (being built)."""
