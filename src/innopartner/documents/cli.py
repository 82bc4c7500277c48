"""``innopartner documents ...`` subcommands (hooked in by innopartner.cli).

    innopartner documents draft ID|SLUG --format docx|pdf --out FILE [--data DIR]

The draft is written even when elements are missing (it then has a "missing" section); the
missing elements are also printed on stderr. Nothing here imports Django at module level: the
parser is built before Django is set up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def draft_to_file(*, procedure_ref: str, fmt: str, out: str) -> int:
    """Write the draft of a procedure (id or case code) to ``out``; 0 on success, 1 for an
    unknown procedure, 2 when the file cannot be written. Django must be set up."""
    from django.utils import timezone

    from innopartner.cli import _print_error
    from innopartner.core.exceptions import DomainError
    from innopartner.procedures.selectors import procedure_by_ref

    from .builders import build_draft, missing_elements
    from .render_docx import render_docx
    from .render_pdf import render_pdf

    try:
        procedure = procedure_by_ref(procedure_ref)
    except DomainError as exc:
        _print_error(exc)
        return 1
    document = build_draft(procedure, now=timezone.now())
    content = render_docx(document) if fmt == "docx" else render_pdf(document)
    target = Path(out)
    try:
        target.write_bytes(content)
    except OSError as exc:
        print(
            f"FOUT output-not-writable: {target} kan niet worden geschreven ({exc.strerror}).",
            file=sys.stderr,
        )
        return 2
    missing = missing_elements(procedure)
    if missing:
        print("Let op: publicatie geblokkeerd; ontbreekt: " + "; ".join(missing), file=sys.stderr)
    print(f"geschreven: {target}", file=sys.stderr)
    return 0


def cmd_documents_draft(args: argparse.Namespace) -> int:
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    return draft_to_file(procedure_ref=args.procedure, fmt=args.format, out=args.out)


def add_commands(sub) -> None:
    documents = sub.add_parser(
        "documents", help="stukken uit het dossier: concept-aanbestedingsstukken"
    )
    documents_sub = documents.add_subparsers(dest="documents_command", required=True)
    draft = documents_sub.add_parser(
        "draft", help="concept-aanbestedingsstukken van een procedure (id of case-code)"
    )
    draft.add_argument("procedure")
    draft.add_argument("--format", choices=["docx", "pdf"], required=True)
    draft.add_argument("--out", metavar="FILE", required=True)
    draft.add_argument(
        "--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)"
    )
    draft.set_defaults(func=cmd_documents_draft)
