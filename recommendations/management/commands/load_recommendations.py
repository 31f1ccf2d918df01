from django.conf import settings

from pirs_portal.loading import LoadOnceCommand
from recommendations.loading import LoadRefused, recommendations_load
from recommendations.models import Recommendation

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(LoadOnceCommand, marker=Recommendation, refused=LoadRefused):
    help = ("Load the paper's nine recommendations and the first evidence on them (fixtures/recommendations.json, "
            "fixtures/recommendation_evidence.csv). load_seed runs it; run it alone on a database seeded before.")

    nothing_to_do = "The recommendations are already loaded; nothing to do."
    loaded_already = ("The recommendations are already loaded in this database, and they were left as they were: "
                      "loading them again would overwrite stewards' statuses and add the evidence twice.")
    failure = "The recommendations could not be loaded"

    def load(self) -> list[str]:
        loaded = recommendations_load(recommendations_path=FIXTURES / "recommendations.json",
                                      evidence_path=FIXTURES / "recommendation_evidence.csv")
        return [f"Recommendations: {loaded.recommendations} loaded, with {loaded.evidence} evidence entries; "
                f"{loaded.raised} start at a status above “no evidence recorded”."]
