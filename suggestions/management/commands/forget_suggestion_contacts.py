"""Delete the names and email addresses of suggestions decided more than 90 days ago (or waiting more than 180),
keeping the suggestions and decisions.

Run it daily (see the README), e.g. from cron:
    17 3 * * *  cd /srv/pirs && .venv/bin/python manage.py forget_suggestion_contacts
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from suggestions.decisions import CONTACT_DAYS, WAITING_CONTACT_DAYS, suggestion_contacts_forget


class Command(BaseCommand):
    help = (f"Delete the name and email address of every suggestion decided more than {CONTACT_DAYS} days ago, "
            f"or still waiting {WAITING_CONTACT_DAYS} days after it was sent. The suggestion and its decision are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the suggestions due, and change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        count = suggestion_contacts_forget(now=timezone.now(), dry_run=dry_run)
        suggestions = f"{count} suggestion{'' if count == 1 else 's'}"
        if dry_run:
            self.stdout.write(f"{suggestions} decided more than {CONTACT_DAYS} days ago (or waiting more than "
                              f"{WAITING_CONTACT_DAYS}) still "
                              f"hold{'s' if count == 1 else ''} a name or an email address. Nothing was changed "
                              "(--dry-run).")
        else:
            self.stdout.write(f"Deleted the names and email addresses of {suggestions} decided more than "
                              f"{CONTACT_DAYS} days ago (or waiting more than {WAITING_CONTACT_DAYS}). The "
                              "suggestions and their decisions are kept.")
