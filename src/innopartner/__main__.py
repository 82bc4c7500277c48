"""``python -m innopartner``: the same as the ``innopartner`` command."""

from innopartner.cli import main

raise SystemExit(main())
