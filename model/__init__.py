"""infrasketch model package."""
