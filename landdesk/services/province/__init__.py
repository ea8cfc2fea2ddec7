"""The province desk: roster of commune keys, package import, conflicts, receipts, progress report."""
