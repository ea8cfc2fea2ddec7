"""The commune workspace's database: its models, its migrations (schema.py, version.py, migrations/)
and its queries, one module per aggregate (dossiers, scans, sync, verification, ...)."""
