"""cold package (being built)."""
