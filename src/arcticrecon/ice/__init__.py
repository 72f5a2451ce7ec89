"""ice package (being built)."""
