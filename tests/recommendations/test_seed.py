"""The seed's recommendations and evidence: nine in both languages, every entry sourced, statuses raised only on action."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from recommendations.loading import LoadRefused, date_read, recommendations_load
from recommendations.models import Evidence, Recommendation

pytestmark = pytest.mark.django_db
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def test_the_seed_holds_the_papers_nine_recommendations_in_english_and_welsh():
    recommendations = list(Recommendation.objects.all())
    assert [r.number for r in recommendations] == list(range(1, 10))
    assert all(r.title_en and r.title_cy and r.summary_en and r.summary_cy for r in recommendations)
    assert all(r.title_en != r.title_cy for r in recommendations)


def test_every_seed_entry_has_its_date_source_title_publisher_and_both_languages():
    entries = list(Evidence.objects.all())
    assert len(entries) == 15
    for entry in entries:
        assert entry.source_url.startswith("https://") and entry.source_title and entry.publisher
        assert entry.summary_en and entry.summary_cy and entry.recommendations.exists()


def test_only_the_recommendations_whose_entries_show_an_action_start_at_some_progress():
    raised = {r.number: r.status for r in Recommendation.objects.exclude(status="no_evidence")}
    assert raised == {8: "some_progress", 9: "some_progress"}
    assert all(r.status_decided_as == "starting_data" and r.status_decided_at for r in Recommendation.objects.all())


def test_regional_entries_name_their_region_and_the_rest_are_for_all_of_wales():
    regional = {e.region.slug for e in Evidence.objects.exclude(region=None)}
    assert regional == {"cardiff-and-vale", "west-wales"}
    assert Evidence.objects.filter(region=None).count() == 13


def test_dates_known_to_the_year_or_month_keep_that_precision():
    assert date_read("2019")[1] == "year" and date_read("2024-02")[1] == "month"
    assert Evidence.objects.get(source_url__contains="pnmh-programme").date_text == "2019"
    assert Evidence.objects.get(source_url__contains="mind.org.uk").date_text == "2024-02"


def test_the_loader_refuses_to_run_twice():
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_recommendations", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_recommendations", if_empty=True, stdout=out)
    assert "nothing to do" in out.getvalue()


def test_a_fixture_raising_a_status_with_no_evidence_is_refused(tmp_path):
    Recommendation.objects.all().delete()
    records = json.loads((FIXTURES / "recommendations.json").read_text())
    records[1]["fields"]["status"] = "achieved"  # recommendation 2, which no entry bears on
    (tmp_path / "r.json").write_text(json.dumps(records))
    with pytest.raises(LoadRefused) as refused:
        recommendations_load(recommendations_path=tmp_path / "r.json",
                             evidence_path=FIXTURES / "recommendation_evidence.csv")
    assert any("recommendation 2" in p and "needs at least one evidence entry" in p for p in refused.value.problems)


def test_a_bad_evidence_row_is_refused_with_its_line(tmp_path):
    Recommendation.objects.all().delete()
    rows = (FIXTURES / "recommendation_evidence.csv").read_text().splitlines()
    rows[3] = rows[3].replace("2019", "sometime", 1)
    (tmp_path / "e.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(LoadRefused) as refused:
        recommendations_load(recommendations_path=FIXTURES / "recommendations.json", evidence_path=tmp_path / "e.csv")
    assert any(p.startswith("e.csv line 4") for p in refused.value.problems)
