"""LandDesk: the desktop application for Vietnamese commune land offices."""

__version__ = "0.1.0"
