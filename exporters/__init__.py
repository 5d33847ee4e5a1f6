"""infrasketch exporters package."""
