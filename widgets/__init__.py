"""infrasketch widgets package."""
