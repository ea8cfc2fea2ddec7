"""The kinds of data a write can change (Anki's OpChanges): a service marks what it touched with
`ctx.touch(Change.DOSSIERS, ...)`, the workspace returns the set with the result, the window
broadcasts it once and each view refreshes only for the kinds it shows.

A StrEnum: a kind compares equal to its name ("dossiers"), and a misspelt one is an AttributeError
at import time instead of a view that silently never refreshes.
"""

from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    # a commune workspace
    DOSSIERS = "dossiers"  # a dossier saved, deleted, imported, moved along its workflow
    SCANS = "scans"  # pages added, moved, deleted
    VERIFICATION = "verification"  # population-data results, proposals
    DOUBLE_ENTRY = "double_entry"  # re-keying tasks and keyed values
    SYNC = "sync"  # packages sent, receipts applied, the province profile
    SETTINGS = "settings"  # workspace settings (targets, backups, scanners, column maps)
    USERS = "users"  # accounts (both kinds of workspace)
    STATIONS = "stations"  # workstations of the commune: enrolments, exchanges, their conflict queue
    # the province desk
    RECEIVED = "received"  # dossiers and packages received from the communes (progress)
    CONFLICTS = "conflicts"  # the conflict queue
    ROSTER = "roster"  # the communes' signing keys
    TARGETS = "targets"  # the communes' targets


PROVINCE = frozenset({Change.RECEIVED, Change.CONFLICTS, Change.ROSTER, Change.TARGETS, Change.USERS})
