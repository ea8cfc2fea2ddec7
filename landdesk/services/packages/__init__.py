"""Sync packages, commune side: keys, export, verify, receipts, province profile."""
