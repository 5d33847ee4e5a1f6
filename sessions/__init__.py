"""infrasketch sessions package."""
