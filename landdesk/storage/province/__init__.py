"""The province store: every commune's dossiers as received, on SQLite (a file) or PostgreSQL (a URL).

schema.py (engine, upgrades), bulk.py (the import's row path to the driver), then one query module per
aggregate: dossiers, keys (cross-commune duplicates), conflicts, receipts (packages, their receipts,
the communes' audit trails and scans received), roster (communes and their keys), report.
"""
