from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.loading import LoadRefused, recommendations_load
from recommendations.models import Recommendation

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = ("Load the paper's nine recommendations and the first evidence on them (fixtures/recommendations.json, "
            "fixtures/recommendation_evidence.csv). load_seed runs it; run it alone on a database seeded before.")

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if recommendations are already loaded.")

    def handle(self, *args, if_empty: bool, **options):
        if Recommendation.objects.exists():
            if if_empty:
                self.stdout.write("The recommendations are already loaded; nothing to do.")
                return
            raise CommandError(
                "The recommendations are already loaded in this database, and they were left as they were: loading "
                "them again would overwrite stewards' statuses and add the evidence twice."
            )
        try:
            with transaction.atomic():
                loaded = recommendations_load(recommendations_path=FIXTURES / "recommendations.json",
                                              evidence_path=FIXTURES / "recommendation_evidence.csv")
        except LoadRefused as refused:
            raise CommandError("The recommendations could not be loaded:\n  " + "\n  ".join(refused.problems)) from refused
        self.stdout.write(f"Recommendations: {loaded.recommendations} loaded, with {loaded.evidence} evidence entries; "
                          f"{loaded.raised} start at a status above “no evidence recorded”.")
