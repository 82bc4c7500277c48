"""``innopartner notify`` (or ``manage notify``): send the due reminders, each once. Run it
from cron, for example hourly: ``0 * * * * innopartner notify``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innopartner.core.exceptions import DomainError
from innopartner.notifications.services import notify_due


class Command(BaseCommand):
    help = "Stuur herinneringen: termijnen en beslismomenten die binnen N dagen vallen (eenmaal)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="dagen vooraf (standaard: INNOPARTNER_NOTIFY_DAYS_BEFORE)",
        )

    def handle(self, *args, **options) -> None:
        try:
            sent = notify_due(now=timezone.now(), days=options["days"])
        except DomainError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from exc
        for note in sent:
            self.stdout.write(f"{note.kind:<18} {note.email}  {note.subject}")
        self.stdout.write(f"{len(sent)} bericht(en) verzonden.")
