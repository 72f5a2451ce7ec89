"""store package (being built)."""
