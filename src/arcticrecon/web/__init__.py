"""web package (being built)."""
