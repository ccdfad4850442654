"""chrono: a timeline event database with calendar export."""

__version__ = "0.1.0"
