"""The gap pages stand up when figures are missing, the database is empty, or a change is being committed."""

import pytest

from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region
from coverage.gap import gap_summary
from services.models import RegionStatusNote, Service, UniversalRoute

pytestmark = pytest.mark.django_db
GAP_PAGES = ["/", "/gap/", "/gap/print/", "/cy/gap/", "/regions/gwent/", "/gap/download.csv",
             "/services/find/W06000022/5-months/"]


@pytest.mark.parametrize("url", GAP_PAGES)
def test_without_need_parameters_the_gap_pages_say_need_is_not_known(client, url):
    NeedParameters.objects.all().delete()
    response = client.get(url)
    assert response.status_code == 200
    newport = gap_summary().authority("W06000022")
    assert newport.need.kind == "unknown" and "parameters" in [m.kind for m in newport.missing]
    if url == "/gap/":
        assert "No need parameters are recorded for Wales" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/gap/", "/gap/print/", "/cy/gap/", "/gap/download.xlsx",
                                 "/geo/local-authorities.geojson", "/services/", "/services/find/",
                                 "/gap/unknowns/", "/recommendations/"])
def test_an_empty_database_gives_pages_not_errors(client, url):
    from recommendations.models import Evidence, Recommendation

    Evidence.objects.all().delete()
    Recommendation.objects.all().delete()
    Service.objects.all().delete()
    RegionStatusNote.objects.all().delete()
    UniversalRoute.objects.all().delete()
    NeedParameters.objects.all().delete()
    LiveBirths.objects.all().delete()
    LocalAuthority.objects.all().delete()
    Region.objects.all().delete()
    assert client.get(url).status_code == 200


def test_a_region_newer_than_the_cached_summary_is_shown_from_the_new_rows(client):
    gap_summary()  # cached, as a page just before the change would have left it
    # A region committed but not yet announced (bulk_create sends no signal), as while load_seed commits.
    Region.objects.bulk_create([Region(slug="new-region", name_en="New region", health_board_en="New board",
                                       health_board_code="W11000099")])
    response = client.get("/regions/new-region/")
    assert response.status_code == 200
    assert "New region" in response.content.decode()


def test_a_region_gone_from_the_rows_is_not_found_even_while_the_summary_still_holds_it(client):
    gap_summary()
    # The summary stays cached: update() sends no signal, as mid-commit nothing has been announced yet.
    Region.objects.filter(slug="powys").update(slug="powys-renamed")
    assert client.get("/regions/powys/").status_code == 404
    assert client.get("/regions/powys-renamed/").status_code == 200
