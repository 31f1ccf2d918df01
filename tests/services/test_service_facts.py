"""Each yes-or-no fact about a service is yes, no or not stated, and a yes or a no says where it comes from."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import reverse

from services.models import Service, ServiceFact

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEAMS = ["g-pimhs", "cardiff-parents-plus", "wrexham-flintshire-early-years-camhs"]


def fact(slug: str, key: str) -> ServiceFact | None:
    return Service.objects.get(slug=slug).fact(key)


def test_no_seed_fact_reads_no_unless_the_paper_says_no():
    # The one "no" in the seed: Hywel Dda's specialists see perinatal patients, so the relationship is not
    # yet the reason for referral (Section Three says widening to that is only being explored).
    noes = set(ServiceFact.objects.filter(holds=False).values_list("service__slug", "key"))
    assert noes == {("hywel-dda-perinatal-parent-infant-specialists", "element_relationship_focus")}


@pytest.mark.parametrize("slug, key", [
    ("g-pimhs", "offers_supervision"),                                   # its workforce offer leaves it out
    ("cwm-taf-morgannwg-nurturing-families", "offers_direct_therapy"),   # the paper lists what it focuses on
    ("cwm-taf-morgannwg-nurturing-families", "element_dyadic_therapy"),
    ("hywel-dda-perinatal-parent-infant-specialists", "offers_consultation"),
])
def test_a_fact_the_paper_is_silent_on_is_not_stated(slug, key):
    assert fact(slug, key) is None


@pytest.mark.parametrize("slug", TEAMS)
def test_the_paper_calls_each_team_multidisciplinary_and_the_fact_cites_where(slug):
    multidisciplinary = fact(slug, ServiceFact.Key.MULTIDISCIPLINARY)
    assert multidisciplinary.holds is True
    assert multidisciplinary.source.startswith("The golden thread, Section Three")


def test_a_team_called_multi_disciplinary_is_not_said_to_have_training_no_source_states(client):
    # Section Three calls each team multi-disciplinary; Section Two's element also asks for specialist infant
    # mental health training, which no section says of any team. The page must not turn the one into the other.
    html = client.get(reverse("services:service", args=["g-pimhs"])).content.decode()
    assert ">Yes<" in fact_row(html, "Multi-disciplinary")
    training = fact_row(html, "Its professionals have additional specialist training in infant mental health "
                              "and relational work")
    assert "Not stated" in training and "No source we hold says" in training
    unknowns = client.get(reverse("coverage:unknowns")).content.decode()
    assert "Its professionals have additional specialist training" in unknowns


def test_every_fact_has_a_source_and_the_date_it_was_checked():
    assert ServiceFact.objects.count() == 29
    assert not ServiceFact.objects.filter(source="").exists()
    assert not ServiceFact.objects.filter(checked_on=None).exists()


def fact_row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start:html.index("</tr>", start)]


def test_the_service_page_shows_yes_no_and_not_stated_each_with_its_source(client):
    html = client.get(reverse("services:service", args=["g-pimhs"])).content.decode()
    supervision = fact_row(html, "Supervision")
    assert "Not stated" in supervision and "No source we hold says" in supervision
    training = fact_row(html, "Training")
    assert ">Yes<" in training and "The golden thread, Section Three (Gwent)" in training
    html = client.get(reverse("services:service", args=["hywel-dda-perinatal-parent-infant-specialists"])).content.decode()
    focus = fact_row(html, "The baby and the parent-infant relationship are the focus and reason for referral")
    assert ">No<" in focus and "Section Three (Hywel Dda)" in focus
    assert "Not stated" in fact_row(html, "Families may refer themselves")


def test_the_welsh_service_page_says_not_stated_in_welsh(client):
    html = client.get("/cy" + reverse("services:service", args=["g-pimhs"])).content.decode()
    assert "Heb ei nodi" in html and ">Not stated<" not in html


def test_a_fact_from_a_web_page_links_to_it_with_the_date_it_was_checked(client):
    service = Service.objects.get(slug="cardiff-parents-plus")
    ServiceFact.objects.create(service=service, key=ServiceFact.Key.SELF_REFERRALS, holds=True,
                               source="Parents Plus: how to get help", source_url="https://example.org/parents-plus",
                               checked_on="2026-11-20")
    html = client.get(reverse("services:service", args=["cardiff-parents-plus"])).content.decode()
    row = fact_row(html, "Families may refer themselves")
    assert 'href="https://example.org/parents-plus"' in row and "checked 20 November 2026" in row


def test_a_region_page_lists_each_services_offers_as_facts(client):
    html = client.get(reverse("coverage:region", args=["cwm-taf-morgannwg"])).content.decode()
    assert "Not stated" in fact_row(html, "Direct therapeutic work with families")
    assert "Section Three (Cwm Taf Morgannwg)" in fact_row(html, "Consultation")


MIGRATION_SCRIPT = textwrap.dedent("""
    import django; django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    call_command("migrate", "services", "0007", verbosity=0)
    apps = MigrationExecutor(connection).loader.project_state(("services", "0007_roles")).apps
    Organisation, Service = apps.get_model("services", "Organisation"), apps.get_model("services", "Service")
    host = Organisation.objects.create(slug="host", name_en="Host", kind="health_board")
    common = dict(organisation=host, summary_en="s", kind="specialist_team", status="established",
                  source_citation="A steward's note", last_reviewed="2026-01-02")
    # A steward's own service: its "yes" offers, and every three-valued answer, are kept.
    Service.objects.create(slug="edited", name_en="Edited", offers_training=True, offers_supervision=False,
                           element_clinically_led=False, accepts_self_referrals=True, **common)
    # The seed's Cwm Taf Morgannwg record as first loaded: it gets the facts as corrected against the paper.
    Service.objects.create(slug="cwm-taf-morgannwg-nurturing-families", name_en="CTM", offers_consultation=True,
                           offers_training=True, element_dyadic_therapy=False, **common)
    call_command("migrate", verbosity=0)
    from services.models import ServiceFact
    for f in ServiceFact.objects.order_by("service__slug", "key"):
        print(f.service.slug, f.key, f.holds, f.source, f.checked_on, f.history.count(), sep="|")
""")


def test_the_migration_keeps_each_answer_the_old_columns_gave_and_corrects_the_untouched_seed(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"spatialite:///{tmp_path / 'old.sqlite3'}", "DEBUG": "1",
           "DJANGO_SETTINGS_MODULE": "pirs_portal.settings"}
    result = subprocess.run([sys.executable, "-c", MIGRATION_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines()]
    assert [row[:3] for row in rows] == [
        ["cwm-taf-morgannwg-nurturing-families", "offers_consultation", "True"],
        ["cwm-taf-morgannwg-nurturing-families", "offers_training", "True"],
        ["edited", "accepts_self_referrals", "True"],
        ["edited", "element_clinically_led", "False"],
        ["edited", "offers_training", "True"],
    ]
    assert {row[3] for row in rows[:2]} == {"The golden thread, Section Three (Cwm Taf Morgannwg)"}
    assert {(row[3], row[4]) for row in rows[2:]} == {("A steward's note", "2026-01-02")}
    assert {row[5] for row in rows} == {"1"}, "each fact's history starts at the conversion"
