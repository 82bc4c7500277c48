"""The ``innopartner`` command.

    innopartner demo [--port N] [--host H] [--data DIR] [--no-serve]
    innopartner serve [--host H] [--port N] [--threads N] [--migrate] [--data DIR]
    innopartner cases run [--json] [--file PATH]
    innopartner cases load [--data DIR]
    innopartner procedure show ID|SLUG [--data DIR] [--json]
    innopartner audit trail ID|SLUG [--data DIR] [--json]
    innopartner audit verify [--procedure ID|SLUG] [--head FILE] [--json] [--data DIR]
    innopartner audit head [--date YYYY-MM-DD] [--json] [--data DIR]
    innopartner backup DEST [--data DIR]
    innopartner restore SRC [--force] [--data DIR]
    innopartner documents draft ID|SLUG --format docx|pdf --out FILE [--data DIR]
    innopartner organisation add authority|operator NAME ... | list [--json]
    innopartner person add USERNAME --organisation ORG --role ROLE [--password-stdin|--send-link]
    innopartner person list | remove-role | second-factor-reset ...
    innopartner keys new|status|rotate, receipt verify, store check, notify (see docs/cli.md)
    innopartner manage [--data DIR] -- <django management command ...>

Every command that uses the database takes ``--data DIR`` (default: the INNOPARTNER_DATA
environment variable, else ``data/`` in the working directory).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

DEMO_PASSWORD = "demo"


def _setup_django(*, data: str | None = None, fresh_temp: bool = False, demo: bool = False) -> None:
    if fresh_temp:
        folder = tempfile.mkdtemp(prefix="innopartner-cases-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["INNOPARTNER_DATA"] = folder
        os.environ.pop("DATABASE_URL", None)
        # The rehearsal's sealed tenders go to the temporary folder's store, never into the
        # installation's file store (where they would lie as orphans, and in every backup).
        os.environ.pop("INNOPARTNER_STORE_DIR", None)
    elif data:
        os.environ["INNOPARTNER_DATA"] = str(Path(data).resolve())
    if demo:
        os.environ["INNOPARTNER_DEMO"] = "1"
        # The demo is shown to buyers and suppliers: an unknown address gets the friendly 404,
        # not Django's technical page with the URL list and settings. INNOPARTNER_DEBUG=on
        # brings those back for a developer.
        os.environ.setdefault("INNOPARTNER_DEBUG", "off")
    from innopartner.config import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _print_error(error: Any) -> None:
    print(
        f"FOUT {error.code}: {error.message}" + (f" [{error.article}]" if error.article else ""),
        file=sys.stderr,
    )


def cmd_cases_run(args: argparse.Namespace) -> int:
    _setup_django(fresh_temp=True)
    _migrate()
    from innopartner.core.exceptions import DomainError
    from innopartner.scenarios.format import case_paths, load_scenario
    from innopartner.scenarios.runner import run_scenario

    paths = [Path(args.file)] if args.file else case_paths()
    results = []
    for path in paths:
        try:
            scenario = load_scenario(path)
        except DomainError as exc:
            _print_error(exc)
            return 2
        results.append(run_scenario(scenario))
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        for r in results:
            funnel = " -> ".join(f"{s['stage']} {s['count']}" for s in r.funnel)
            status = "ok" if r.ok else "MISLUKT"
            print(f"{r.case:<16} {r.procedure_type:<24} {r.final_state:<12} {status}")
            print(f"  trechter: {funnel}")
            if r.refusals_rehearsed:
                print(f"  geoefende weigeringen: {', '.join(r.refusals_rehearsed)}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        f = r.failure
        print(
            f"{r.case}: stap {f.step_number} ({f.step.get('do')}) geweigerd: {f.code}: {f.message}"
            + (f" [{f.article}]" if f.article else ""),
            file=sys.stderr,
        )
    return 1 if failed else 0


def load_cases(*, quiet: bool = False) -> list[Any]:
    """Load the six cases into the current database, skipping those already loaded."""
    from innopartner.procedures.models import Procedure
    from innopartner.scenarios.format import case_paths, load_scenario
    from innopartner.scenarios.runner import run_scenario

    results = []
    for path in case_paths():
        scenario = load_scenario(path)
        if Procedure.objects.filter(slug=scenario.case).exists():
            if not quiet:
                print(f"{scenario.case}: al geladen")
            continue
        result = run_scenario(scenario)
        results.append(result)
        if not quiet:
            print(
                f"{scenario.case}: {result.final_state}"
                + ("" if result.ok else f" (MISLUKT: {result.failure})")
            )
    return results


def cmd_cases_load(args: argparse.Namespace) -> int:
    _setup_django(data=args.data)
    _migrate()
    results = load_cases()
    return 1 if any(not r.ok for r in results) else 0


DEMO_ACCOUNTS = [
    # username, organisation name (from the cases), role, what the account is for
    ("demo-officer", "Instituut Fysieke Veiligheid", "procurement_officer", "inkoper (IFV)"),
    (
        "demo-officer-2",
        "Instituut Fysieke Veiligheid",
        "project_leader",
        "projectleider, tweede paar ogen (IFV)",
    ),
    ("demo-evaluator", "Instituut Fysieke Veiligheid", "evaluator", "beoordelaar (IFV)"),
    ("demo-supplier-a", "SatFire Analytics B.V.", "supplier", "marktpartij A (SatFire, IFV)"),
    ("demo-supplier-b", "GeoMoist B.V.", "supplier", "marktpartij B (GeoMoist, IFV)"),
    ("demo-auditor", "Auditdienst Rijk (demo)", "auditor", "auditor, alleen lezen"),
]


def ensure_demo_accounts() -> list[tuple[str, str]]:
    """One account per role, all with password 'demo'. Only the auditor, who may read every
    procedure anyway, is staff of the admin, with view-only rights (every change goes through
    the services); the admin is no window for a supplier or one buyer on the others' data."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from innopartner.parties.models import Membership, Organisation

    User = get_user_model()
    view = Permission.objects.filter(codename__startswith="view_")
    printed = []
    for username, org_name, role, label in DEMO_ACCOUNTS:
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=org_name, kind=Organisation.Kind.OTHER, created_at=timezone.now()
            )
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
        # Also on a data folder made by an older version, where every demo account was staff.
        user.is_staff = role == Membership.Role.AUDITOR
        # A reserved domain (RFC 2606): the demo's notifications and password resets reach
        # the console's mail log, never a real mailbox.
        user.email = user.email or f"{username}@demo.example.org"
        user.save()
        user.user_permissions.set(view if user.is_staff else [])
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        printed.append((username, label))
    return printed


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django(data=args.data, demo=True)
    from django.conf import settings

    _migrate()
    print(f"innopartner demo — gegevens in {settings.DATA_DIR}")
    from innopartner.sealing.services import development_key_notice

    if notice := development_key_notice():
        print(notice)
    # The demo's procedures are built through the services, which mail the people concerned
    # (the demo accounts have addresses): keep those mails out of the console while loading,
    # so that the accounts and the address stay in view. Mails sent while the demo serves
    # (a password reset, say) are printed as before.
    printing_backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        results = load_cases()
        if any(not r.ok for r in results):
            return 1
        accounts = ensure_demo_accounts()
        from innopartner.web.demo import load_live_procedures

        for procedure in load_live_procedures():
            print(f"{procedure.slug}: {procedure.stage} (live)")
    finally:
        settings.EMAIL_BACKEND = printing_backend
    print("\nDemo-accounts (wachtwoord: demo):")
    for username, label in accounts:
        print(f"  {username:<18} {label}")
    url = f"http://{args.host}:{args.port}/"
    if args.no_serve:
        return 0
    print(f"\ninnopartner draait op {url} (stoppen met Ctrl+C)", flush=True)
    from waitress import serve

    from innopartner.config.wsgi import application

    serve(application, host=args.host, port=args.port, threads=4)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the application with waitress, as it runs in production: no cases, no demo
    accounts. Migrations are applied only when asked (``--migrate``): a schema change is a
    step to take deliberately, after a backup, never as a side effect of a restart; with
    migrations pending and no ``--migrate`` the command refuses to serve, since the code would
    run on a database it does not match."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        _setup_django(data=args.data)
    except ImproperlyConfigured as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    from django.conf import settings

    from innopartner.core.schema import pending_migrations

    pending = pending_migrations()
    if pending and not args.migrate:
        print(
            f"fout: de database in {settings.DATA_DIR if settings.USING_SQLITE else 'DATABASE_URL'}"
            f" mist {len(pending)} migratie(s) ({', '.join(pending[:3])}"
            + (", ..." if len(pending) > 3 else "")
            + "); innopartner serve migreert niet ongevraagd. Maak eerst een backup "
            "(innopartner backup DEST) en start dan met --migrate, of draai "
            "innopartner manage migrate.",
            file=sys.stderr,
        )
        return 1
    if pending:
        print(f"migraties toepassen: {len(pending)}", flush=True)
        _migrate()
    try:
        from innopartner.config.wsgi import application  # production: refuses demo accounts
    except ImproperlyConfigured as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    from django.urls import get_resolver

    # Import every view now: a broken URL configuration fails here, not at the first request,
    # and the port answers only once the application is ready to serve.
    _ = get_resolver().url_patterns
    from innopartner.sealing.services import development_key_notice

    if notice := development_key_notice():
        print(notice)
    from waitress import create_server  # logs through the root handler of settings.LOGGING

    try:
        # TLS ends at the reverse proxy on this machine. Waitress drops X-Forwarded-Proto and
        # X-Forwarded-For unless they come from a trusted proxy. Without the first, Django takes
        # every request for plain HTTP (SECURE_PROXY_SSL_HEADER unused, no HSTS); without the
        # second every request seems to come from 127.0.0.1, so the login lockout (django-axes)
        # and the rate limits would count all visitors as one. Trust both from 127.0.0.1 only,
        # so that a client can claim neither HTTPS nor another address itself.
        server = create_server(
            application,
            host=args.host,
            port=args.port,
            threads=args.threads,
            trusted_proxy="127.0.0.1",
            trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
        )
    except OSError as exc:
        print(f"fout: kan niet luisteren op {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(
        f"innopartner draait op http://{args.host}:{args.port}/ met {args.threads} threads "
        "(stoppen met Ctrl+C)",
        flush=True,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _number(low: int, high: int, what: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{what} moet een geheel getal van {low} tot en met {high} zijn, niet {text!r}"
            )
        return value

    return parse


def cmd_procedure_show(args: argparse.Namespace) -> int:
    _setup_django(data=args.data)
    from innopartner.core.exceptions import DomainError
    from innopartner.procedures.funnel import procedure_funnel
    from innopartner.procedures.selectors import procedure_by_ref

    try:
        procedure = procedure_by_ref(args.procedure)
    except DomainError as exc:
        _print_error(exc)
        return 1
    data = {
        "id": str(procedure.pk),
        "case": procedure.slug,
        "title": procedure.title,
        "procedure_type": procedure.procedure_type,
        "stage": procedure.stage,
        "buyers": [
            {"name": b.authority.name, "lead": b.is_lead}
            for b in procedure.buyers.select_related("authority")
        ],
        "funnel": [s.as_dict() for s in procedure_funnel(procedure)],
        "audit_records": procedure.audit_records.count(),
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(
            f"{data['title']}\n  id: {data['id']}  code: {data['case']}\n"
            f"  type: {data['procedure_type']}  fase: {data['stage']}"
        )
        print(
            "  kopers: "
            + ", ".join(b["name"] + (" (penvoerder)" if b["lead"] else "") for b in data["buyers"])
        )
        print("  trechter: " + " -> ".join(f"{s['stage']} {s['count']}" for s in data["funnel"]))
        print(f"  auditregels: {data['audit_records']}")
    return 0


def cmd_audit_trail(args: argparse.Namespace) -> int:
    _setup_django(data=args.data)
    from innopartner.audit.selectors import audit_trail
    from innopartner.core.exceptions import DomainError
    from innopartner.procedures.selectors import procedure_by_ref

    try:
        procedure = procedure_by_ref(args.procedure)
    except DomainError as exc:
        _print_error(exc)
        return 1
    records = audit_trail(procedure=procedure)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "at": r.at.isoformat(),
                        "actor": r.actor_label,
                        "action": r.action,
                        "subject": f"{r.subject_type}:{r.subject_id}",
                        "before": r.before,
                        "after": r.after,
                    }
                    for r in records
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for r in records:
            print(f"{r.at:%Y-%m-%d %H:%M} {r.actor_label:<20} {r.action}")
    return 0


def cmd_notify(args: argparse.Namespace) -> int:
    """Send the due reminders (time limits, gates), each once; run from cron."""
    _setup_django(data=args.data)
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("notify", *(["--days", str(args.days)] if args.days is not None else []))
    except CommandError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django(data=args.data)
    from django.core.management import execute_from_command_line

    rest = [a for a in args.rest if a != "--"]
    execute_from_command_line(["innopartner manage", *rest])
    return 0


def _analyse_command_modules() -> list[Any]:
    """The apps that contribute ``innopartner analyse`` subcommands. They import nothing of
    Django at module level, so the parser is built before Django is set up."""
    from innopartner.decisions import cli as decisions
    from innopartner.evaluation import cli as evaluation
    from innopartner.risks import cli as risks

    return [decisions, risks, evaluation]


def setup_django(*, data: str | None = None) -> None:
    """For subcommands of other apps: set up Django on the data folder's database."""
    _setup_django(data=data)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="innopartner", description="innopartner: innovatiepartnerschap van begin tot eind."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def data_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)"
        )

    demo = sub.add_parser("demo", help="start de demo met de zes cases en demo-accounts")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--no-serve", action="store_true", help="alleen laden, niet serveren")
    data_arg(demo)
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser(
        "serve", help="serveer de applicatie (productie): geen cases, geen demo-accounts"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1)"
    )
    serve.add_argument("--port", type=_number(1, 65535, "--port"), default=8000)
    serve.add_argument(
        "--threads", type=_number(1, 256, "--threads"), default=4, help="standaard 4"
    )
    serve.add_argument(
        "--migrate",
        action="store_true",
        help="pas openstaande migraties eerst toe (zonder: weigeren als er openstaan)",
    )
    data_arg(serve)
    serve.set_defaults(func=cmd_serve)

    cases = sub.add_parser("cases", help="de zes cases als scenario's")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)
    run = cases_sub.add_parser("run", help="draai scenario's op een verse tijdelijke database")
    run.add_argument("--json", action="store_true")
    run.add_argument(
        "--file", metavar="PATH", help="een eigen scenariobestand (zie docs/scenarios.md)"
    )
    run.set_defaults(func=cmd_cases_run)
    load = cases_sub.add_parser("load", help="laad de zes cases in de database van de datamap")
    data_arg(load)
    load.set_defaults(func=cmd_cases_load)

    procedure = sub.add_parser("procedure", help="procedures")
    procedure_sub = procedure.add_subparsers(dest="procedure_command", required=True)
    show = procedure_sub.add_parser("show", help="toon een procedure (id of case-code)")
    show.add_argument("procedure")
    show.add_argument("--json", action="store_true")
    data_arg(show)
    show.set_defaults(func=cmd_procedure_show)

    audit = sub.add_parser("audit", help="audittrail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    trail = audit_sub.add_parser("trail", help="de audittrail van een procedure (id of case-code)")
    trail.add_argument("procedure")
    trail.add_argument("--json", action="store_true")
    data_arg(trail)
    trail.set_defaults(func=cmd_audit_trail)
    from innopartner.audit import cli as audit_cli

    audit_cli.add_commands(audit_sub)
    from innopartner.core import backup

    backup.add_commands(sub)

    analyse = sub.add_parser(
        "analyse", help="beslisondersteuning: procedurekeuze, risico's, TCO, partners, scoring"
    )
    analyse_sub = analyse.add_subparsers(dest="analyse_command", required=True)
    for commands in _analyse_command_modules():
        commands.add_commands(analyse_sub)

    export = sub.add_parser("export", help="open data: OCDS, eForms-aankondigingen")
    export_sub = export.add_subparsers(dest="export_command", required=True)
    from innopartner.opendata import cli as opendata

    opendata.add_commands(export_sub)
    from innopartner.sealing import cli as sealing  # keys, receipt, store

    sealing.add_commands(sub)
    from innopartner.documents import cli as documents

    documents.add_commands(sub)
    from innopartner.parties import cli as parties  # organisation, person

    parties.add_commands(sub)

    notify = sub.add_parser(
        "notify",
        help="e-mailherinneringen: termijnen en beslismomenten binnen N dagen (eenmaal; voor cron)",
    )
    notify.add_argument(
        "--days",
        type=int,
        default=None,
        help="dagen vooraf (standaard: $INNOPARTNER_NOTIFY_DAYS_BEFORE)",
    )
    data_arg(notify)
    notify.set_defaults(func=cmd_notify)

    manage = sub.add_parser(
        "manage", help="Django-beheeropdrachten (migrate, createsuperuser, ...)"
    )
    data_arg(manage)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:
        # A command run on a data folder or database that has no tables yet (a new
        # installation, a PostgreSQL database just created) fails deep inside a query; say
        # what to do instead of printing a traceback.
        if _schema_missing(exc):
            print(
                "FOUT database-not-migrated: de database heeft de tabellen van deze versie nog "
                "niet. Voer eerst `innopartner manage migrate` uit (of start `innopartner serve "
                "--migrate`) en probeer het opnieuw.",
                file=sys.stderr,
            )
            return 1
        raise


def _schema_missing(exc: Exception) -> bool:
    from django.db import DatabaseError

    if not isinstance(exc, DatabaseError):
        return False
    try:
        from innopartner.core.schema import pending_migrations

        return bool(pending_migrations())
    except Exception:  # the database cannot even say: not this case
        return False


if __name__ == "__main__":
    sys.exit(main())
