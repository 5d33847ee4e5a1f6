"""Tests of the workshop app and its widgets."""
