"""annotator: mark up how different news outlets report the same event."""
__version__ = "0.1.0"
