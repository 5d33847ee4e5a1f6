"""The skeptic's rules, one module per theme."""
