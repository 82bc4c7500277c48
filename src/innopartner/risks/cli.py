"""``innopartner analyse ...`` subcommands of this app (hooked in by innopartner.cli)."""

from __future__ import annotations

import argparse


def add_commands(analyse: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to ``innopartner analyse``."""
