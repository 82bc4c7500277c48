"""``innopartner export ...`` subcommands (hooked in by innopartner.cli)."""

from __future__ import annotations

import argparse


def add_commands(export: argparse._SubParsersAction) -> None:
    """Add the export subcommands to ``innopartner export``."""
