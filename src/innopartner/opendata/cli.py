"""``innopartner export ...`` subcommands (hooked in by innopartner.cli).

    innopartner export ocds [--procedure ID|SLUG] [--packaging releases|records]
                            [--output FILE] [--base-url URL] [--data DIR]
    innopartner export eforms --procedure ID|SLUG --notice cn|can [--output FILE]
                              [--base-url URL] [--data DIR]

Nothing here imports Django at module level: the parser is built before Django is set up.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _write(content: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(content)
        print(f"geschreven: {output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()


def cmd_export_ocds(args: argparse.Namespace) -> int:
    from innopartner.cli import _print_error, setup_django

    setup_django(data=args.data)
    from django.utils import timezone

    from innopartner.core.exceptions import DomainError, NotFound
    from innopartner.opendata import ocds
    from innopartner.procedures.selectors import procedure_by_ref

    base = args.base_url.rstrip("/")
    try:
        if args.procedure:
            procedure = procedure_by_ref(args.procedure)
            if not ocds.is_public(procedure):
                raise NotFound(
                    f"Procedure '{args.procedure}' is niet gepubliceerd: geen open data.",
                    code="procedure-not-published",
                )
            procedures = [procedure]
            suffix = "releases/" if args.packaging == "releases" else "record/"
            uri = f"{base}/api/v1/ocds/procedures/{procedure.pk}/{suffix}"
        else:
            procedures = list(ocds.public_procedures())
            uri = f"{base}/api/v1/ocds/{args.packaging}/"
    except DomainError as exc:
        _print_error(exc)
        return 1
    build = ocds.release_package if args.packaging == "releases" else ocds.record_package
    package = build(procedures, uri=uri, now=timezone.now())
    _write(json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8") + b"\n", args.output)
    return 0


def cmd_export_eforms(args: argparse.Namespace) -> int:
    from innopartner.cli import _print_error, setup_django

    setup_django(data=args.data)
    from django.utils import timezone

    from innopartner.core.exceptions import DomainError
    from innopartner.opendata import eforms
    from innopartner.procedures.selectors import procedure_by_ref

    try:
        procedure = procedure_by_ref(args.procedure)
        documents_url = f"{args.base_url.rstrip('/')}/api/v1/ocds/procedures/{procedure.pk}/record/"
        xml = eforms.notice_xml(
            procedure, kind=args.notice, now=timezone.now(), documents_url=documents_url
        )
    except DomainError as exc:
        _print_error(exc)
        return 1
    _write(xml, args.output)
    return 0


def add_commands(export: argparse._SubParsersAction) -> None:
    """Add the export subcommands to ``innopartner export``."""

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--output", metavar="FILE", help="schrijf naar FILE (standaard: stdout)")
        p.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            metavar="URL",
            help=f"adres van deze installatie, voor de URI's in de export ({DEFAULT_BASE_URL})",
        )
        p.add_argument(
            "--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)"
        )

    ocds = export.add_parser(
        "ocds", help="OCDS 1.1.5: gepubliceerde procedures als release- of recordpakket"
    )
    ocds.add_argument("--procedure", metavar="ID|SLUG", help="één procedure (standaard: alle)")
    ocds.add_argument("--packaging", choices=["releases", "records"], default="releases")
    common(ocds)
    ocds.set_defaults(func=cmd_export_ocds)

    notice = export.add_parser(
        "eforms", help="eForms-aankondiging (cn: subtype 16, can: subtype 29) als XML"
    )
    notice.add_argument("--procedure", metavar="ID|SLUG", required=True)
    notice.add_argument("--notice", choices=["cn", "can"], required=True)
    common(notice)
    notice.set_defaults(func=cmd_export_eforms)
