"""Diagrams of the architecture: Mermaid, the Unicode text drawing, DOT, PNG and SVG."""
