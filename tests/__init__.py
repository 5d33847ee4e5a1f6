"""infrasketch tests."""
