"""rank package (being built)."""
