"""Targets (SPEC §3)."""
