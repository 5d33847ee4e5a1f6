"""The session's sections: one module per part of the design the workshop fills in."""
