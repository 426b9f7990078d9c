"""The quiz's screens, one per module."""
