"""The role card's documents, one module each, as pure functions `Session -> str`."""
