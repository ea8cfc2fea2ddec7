"""Synthetic data for demos, tests and benchmarks: a commune's dossiers (`commune`), a population
extract (`extract`) and scanned pages (`scans`). Only synthetic people. The runtime layers never import
this package (an import-linter contract); it uses the services like any front end.
"""
