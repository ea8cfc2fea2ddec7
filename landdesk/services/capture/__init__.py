"""Capture without a scanner: a phone on the office network, network (eSCL) scanners, and chip-card
QR codes read from the pages already stored."""
