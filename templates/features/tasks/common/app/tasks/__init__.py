"""Background task kinds: plain functions registered by name (see registry.py)."""
