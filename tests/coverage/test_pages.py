"""The coverage map, gap view, region page and GeoJSON show the gap module's figures."""

import datetime
import json
import re

import pytest
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from coverage.gap import gap_summary
from regions.models import LiveBirths

pytestmark = pytest.mark.django_db


def test_home_headline_figures_equal_the_gap_module(client):
    gap = gap_summary()
    page = client.get(reverse("coverage:home"))
    text = page.content.decode()
    assert f"{len(gap.authorities_with_team)} of {len(gap.authorities)}" in text
    assert "8 of 22" in text
    assert (f'<p class="big">between {gap.wales.unmet.low:,} and {gap.wales.unmet.high:,}</p>' in text
            and "between 3,363 and 10,799" in text)
    assert "births for Bridgend not published" in text
    assert "capacity of Wrexham and Flintshire Early Years CAMHS not published" in text
    assert "× 2 years × the 15% of babies" in text and "(20% in Cwm Taf Morgannwg)" in text


def test_home_page_has_a_map_that_draws_from_the_geojson_endpoint_and_no_tiles(client):
    text = client.get(reverse("coverage:home")).content.decode()
    assert 'id="coverage"' in text and 'id="leaflet-options"' in text and "js/map.js" in text
    assert reverse("coverage:authorities_geojson") in text
    assert "tile.openstreetmap" not in text


def test_home_table_gives_every_authority_with_its_level(client):
    text = client.get(reverse("coverage:home")).content.decode()
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="num"[^>]*>.*?</td>\s*<td[^>]*>(?:<[^>]+>)*\s*([^<]+?)\s*<',
                           text, re.S))
    assert rows == {a.name_en: str(a.level.label) for a in gap_summary().authorities}
    assert rows["Newport"] == "Specialist team" and rows["Powys"] == "None" and len(rows) == 22
    assert "not published" in text  # births missing, never zero


def test_legend_uses_patterns_and_labels_not_colour_alone(client):
    text = client.get(reverse("coverage:home")).content.decode()
    for level in ("specialist_team", "partial", "developing", "none"):
        assert f'id="fill-{level}"' in text
    for label in ("Specialist team", "Partial", "Developing", "None"):
        assert f"<strong>{label}</strong>" in text


def test_authority_geojson_has_22_features_with_gap_properties_and_attribution(client):
    response = client.get(reverse("coverage:authorities_geojson"))
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert len(data["features"]) == 22
    assert any("Ordnance" in a or "OS data" in a for a in data["attribution"])
    newport = next(f for f in data["features"] if f["properties"]["code"] == "W06000022")
    props = newport["properties"]
    assert (props["level"], props["births"], props["births_year"], props["need_low"], props["need_high"]) == (
        "specialist_team", 1901, 2022, 570, 570)
    assert (props["unmet_need_low"], props["unmet_need_high"]) == (0, 570)
    assert "G-PIMHS" in props["missing"]
    assert props["name_cy"] == "Casnewydd" and props["services"][0]["slug"] == "g-pimhs"
    assert "Crown copyright" in props["attribution"] and props["births_source"] == "ONS"
    assert newport["geometry"]["type"] == "MultiPolygon"
    bridgend = next(f for f in data["features"] if f["properties"]["code"] == "W06000013")["properties"]
    assert bridgend["births"] is None and bridgend["need_low"] is None and "Bridgend" in bridgend["missing"]


def test_a_crowded_area_lists_its_most_significant_services_first_and_counts_them_all(client):
    from tests.factories import make_service
    from services.models import Service

    for n in range(8):
        offer = make_service(f"aa-workforce-{n}", areas=["W06000022"], kind=Service.Kind.WORKFORCE)
        Service.objects.filter(pk=offer.pk).update(name_en=f"Aa workforce offer {n}")
    data = json.loads(client.get(reverse("coverage:authorities_geojson")).content)
    newport = next(f for f in data["features"] if f["properties"]["code"] == "W06000022")["properties"]
    assert newport["services_count"] == 9
    listed = [s["slug"] for s in newport["services"]]
    # The team that makes Newport a team area comes first, though its name (Gwent ...) sorts after theirs.
    assert len(listed) == 5 and listed[0] == "g-pimhs" and listed[1:] == [f"aa-workforce-{n}" for n in range(4)]
    cardiff = next(f for f in data["features"] if f["properties"]["code"] == "W06000015")["properties"]
    assert cardiff["services_count"] == len(cardiff["services"]) == 1


def test_region_geojson_has_seven_regions(client):
    data = json.loads(client.get(reverse("coverage:regions_geojson")).content)
    assert len(data["features"]) == 7
    gwent = next(f for f in data["features"] if f["properties"]["region"] == "gwent")["properties"]
    assert gwent["authorities_by_level"]["specialist_team"] == 5


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_a_region_in_the_geojson_gives_its_authorities_at_each_level_and_no_one_level_for_all(client, prefix):
    data = json.loads(client.get(prefix + "/geo/regions.geojson").content)
    north = next(f for f in data["features"] if f["properties"]["region"] == "north-wales")["properties"]
    # Two of its six authorities have a team: no single level speaks for the region.
    assert north["authorities_by_level"] == {"specialist_team": 2, "partial": 0, "developing": 0, "none": 4}
    assert all(f["properties"]["level"] is None and f["properties"]["level_label"] is None for f in data["features"])


def test_gap_table_sorts_by_need_with_unknown_figures_last(client):
    text = client.get(reverse("coverage:gap"), {"sort": "need", "dir": "desc"}).content.decode()
    table = text[text.index('id="authorities"'):]
    assert table.index("Cardiff") < table.index("Newport") < table.index("Powys")
    assert table.index("Powys") < table.index("Bridgend")
    assert 'aria-sort="descending"' in table


@pytest.mark.parametrize("prefix, regions", [
    ("", ["Cardiff and Vale", "Cwm Taf Morgannwg", "Gwent", "North Wales", "Powys", "West Glamorgan", "West Wales"]),
    ("/cy", ["Caerdydd a'r Fro", "Cwm Taf Morgannwg", "Gogledd Cymru", "Gorllewin Cymru", "Gorllewin Morgannwg",
             "Gwent", "Powys"]),
])
def test_gap_table_sorted_by_region_follows_the_region_names_of_the_page_then_the_authority_names(
        client, prefix, regions):
    text = client.get(prefix + "/gap/?sort=region").content.decode()
    table = text[text.index('id="authorities"'):]
    rows = re.findall(r'<th scope="row">(?:<span lang="en">)?([^<]+).*?/regions/[^/]+/">(?:<span lang="en">)?([^<]+)<',
                      table, re.S)
    shown = [region.replace("&#x27;", "'") for _authority, region in rows]
    assert len(rows) == 22 and list(dict.fromkeys(shown)) == regions
    in_gwent = [authority for authority, region in rows if region == "Gwent"]
    assert in_gwent == (["Blaenau Gwent", "Caerffili", "Casnewydd", "Sir Fynwy", "Tor-faen"] if prefix else
                        ["Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen"])


def test_gap_view_ignores_a_nonsense_sort_instead_of_failing(client):
    response = client.get(reverse("coverage:gap"), {"sort": "'; drop table", "dir": "sideways"})
    assert response.status_code == 200


def test_gap_view_spells_out_the_method_with_citations(client):
    text = client.get(reverse("coverage:gap")).content.decode()
    assert "live births in a year × cohort years × prevalence" in text
    assert "Prevalence: 15% by default." in text and "Cwm Taf Morgannwg: 20%." in text
    assert "Securing Healthy Lives" in text and "1999" in text


def test_region_page_shows_levels_chart_checklist_offers_and_review_date(client):
    text = client.get(reverse("coverage:region", args=["west-wales"])).content.decode()
    assert "Carmarthenshire" in text and "Partial" in text
    assert '<svg class="chart" role="img"' in text
    assert "Hywel Dda perinatal mental health" in text
    assert "The five key elements" in text and "Last reviewed" in text
    assert "no specialist team: all need is unmet" in text


def test_region_page_zooms_the_map_to_the_region(client):
    text = client.get(reverse("coverage:region", args=["gwent"])).content.decode()
    assert 'data-focus-region="gwent"' in text


def test_welsh_region_page_uses_welsh_names(client):
    text = client.get("/cy/regions/gwent/").content.decode()
    assert "Casnewydd" in text and "Tor-faen" in text


def test_geojson_supports_conditional_get_and_compression(client):
    url = reverse("coverage:authorities_geojson")
    client.get(url, HTTP_ACCEPT_ENCODING="gzip")  # stored, gzipped once
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert first["ETag"] and "public" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_ENCODING="gzip")
    assert again.status_code == 304


def test_geojson_etag_changes_when_the_data_changes(client):
    from services.models import Service

    url = reverse("coverage:authorities_geojson")
    before = client.get(url)["ETag"]
    service = Service.objects.get(slug="g-pimhs")
    service.is_published = False
    service.save()  # a steward unpublishes the Gwent team: five areas change level
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_welsh_pages_list_authorities_in_welsh_alphabetical_order(client):
    text = client.get("/cy/").content.decode()
    table = text[text.index("<tbody>"):]
    # Abertawe (Swansea) comes before Blaenau Gwent in Welsh, though Swansea is late in English.
    assert table.index("Abertawe") < table.index("Blaenau Gwent") < table.index("Casnewydd")


def test_the_home_table_names_three_services_an_area_and_links_to_the_rest(client):
    import datetime

    from regions.models import LocalAuthority
    from services.models import Organisation, Service

    powys = LocalAuthority.objects.get(code="W06000023")
    for n in range(5):
        service = Service.objects.create(
            slug=f"powys-{n}", name_en=f"Powys service {n}", summary_en="Test", organisation=Organisation.objects.first(),
            setting=Service.Setting.THIRD_SECTOR, kind=Service.Kind.WORKFORCE, status=Service.Status.DEVELOPING,
            source_citation="Test", last_reviewed=datetime.date(2026, 1, 1), is_published=True)
        service.areas.add(powys)
    text = client.get(reverse("coverage:home")).content.decode()
    assert text.count("Powys service ") == 3
    assert "and 2 more services" in text and "?authority=W06000023" in text


def region_row(text: str, name: str) -> str:
    """The cells of one region's row in the gap view's regions table."""
    table = text[text.index("<tbody>"):text.index("</tbody>")]
    start = table.index(f">{name}</a></th>")
    return table[start:table.index("</tr>", start)]


def test_gap_regions_table_says_capacity_does_not_apply_where_a_region_has_no_team(client):
    text = client.get(reverse("coverage:gap")).content.decode()
    powys, gwent = region_row(text, "Powys"), region_row(text, "Gwent")
    cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', powys, re.S)
    assert cells[-1] == "–" and "not known" not in powys  # no team, so no capacity to know
    gwent_cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', gwent, re.S)
    assert "not known" in gwent_cells[-1]  # G-PIMHS publishes none
    assert "between 0 and 1,764" in gwent_cells[0]


def test_gap_regions_table_tells_births_published_nowhere_from_births_incomplete(client):
    text = client.get(reverse("coverage:gap")).content.decode()
    assert "not published" in region_row(text, "Cwm Taf Morgannwg")  # none of its three has a figure
    assert "incomplete" not in region_row(text, "Cwm Taf Morgannwg")


def test_a_region_of_one_authority_counts_it_in_the_singular(client):
    text = client.get(reverse("coverage:region", args=["powys"])).content.decode()
    assert "0 of 1</p><p>local authority has a specialist team" in text
    assert "local authorities have a specialist team" in client.get(reverse("coverage:region", args=["gwent"])).content.decode()


def test_without_javascript_the_map_parts_are_hidden_and_a_note_points_to_the_table_and_print_map(client):
    text = client.get(reverse("coverage:home")).content.decode()
    assert '<p id="map-help" class="meta" hidden data-needs-script>' in text
    assert '<div class="map-and-panel" hidden data-needs-script>' in text
    start = text.index('<p class="meta" data-without-script>')
    note = text[start:text.index("</p>", start)]
    assert "The interactive map needs JavaScript" in note and reverse("coverage:gap_print") in note


def test_a_long_list_of_what_a_figure_lacks_names_three_of_a_kind_and_counts_the_rest(client):
    from tests.factories import make_service

    for letter in "abcde":
        make_service(f"powys-team-{letter}", areas=["W06000023"])  # capacity not published
    page = client.get(reverse("coverage:gap")).content.decode()
    powys = page.split('<th scope="row">Powys</th>', 1)[1].split("</tr>", 1)[0]
    assert powys.count("capacity of powys-team-") == 3
    assert "and 2 more services whose capacity is not published" in powys
    welsh = client.get("/cy" + reverse("coverage:gap")).content.decode()
    assert "a chapasiti 2 gwasanaeth arall heb ei gyhoeddi" in welsh.split(">Powys</th>", 1)[1].split("</tr>", 1)[0]
    # The page that lists what is not known still names every one of them, and the printed briefing gives its address.
    unknowns = client.get("/gap/unknowns/").content.decode()  # not reverse(): the Welsh page left Welsh active
    assert all(f"powys-team-{letter}" in unknowns for letter in "abcde")
    printed = client.get("/gap/print/").content.decode()
    assert "and 2 more services whose capacity is not published" in printed
    assert 'is listed at <a href="http://testserver/gap/unknowns/">http://testserver/gap/unknowns/</a>' in printed


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_printed_briefing_gives_the_boundary_attribution_below_its_map_not_in_the_footer_print_hides(
        client, language):
    from django.utils.html import escape
    from django.utils.translation import override

    from pirs_portal.sources import ATTRIBUTION

    text = client.get(("/cy" if language == "cy" else "") + "/gap/print/").content.decode()
    main = text[text.index("<main"):text.index("</main>")]
    below_map = main[main.index('<svg class="static-map"'):]
    with override(language):
        lines = [escape(str(line)) for line in ATTRIBUTION]
    assert all(line in below_map for line in lines), below_map[-2000:]
    # The footer (hidden on paper) no longer repeats them on this page.
    footer = text[text.index('<footer class="site-footer">'):]
    assert not any(line in footer for line in lines)


@pytest.mark.parametrize("prefix, recorded, none_recorded", [
    ("", "No parent-infant relationship service is recorded for this area.", "None recorded"),
    ("/cy", "Nid oes unrhyw wasanaeth perthynas rhiant-baban wedi'i gofnodi ar gyfer yr ardal hon.",
     "Dim wedi'u cofnodi"),
])
def test_an_area_with_no_service_on_record_is_said_to_have_none_recorded_not_to_have_none(
        client, prefix, recorded, none_recorded):
    # The source may simply be silent about an area: the map's panel and the tables say what is recorded.
    home = client.get(prefix + "/").content.decode()
    start = home.index('<script id="map-labels" type="application/json">') + len('<script id="map-labels" type="application/json">')
    labels = json.loads(home[start:home.index("</script>", start)])
    assert labels["no_services"] == recorded
    powys = client.get(prefix + "/regions/powys/").content.decode()
    row = powys[powys.index('<th scope="row">Powys</th>'):]
    row = row[:row.index("</tr>")]
    assert f'data-label="{"Gwasanaethau" if prefix else "Services"}"><span class="missing">{none_recorded}</span>' in row


@pytest.mark.parametrize("url", ["/", "/gap/", "/regions/gwent/"])
def test_todays_coverage_pages_give_the_data_date_a_figure_can_be_quoted_with(client, url):
    from django.utils.dateformat import format as date_format

    from services.models import Service

    seed = client.get(url).content.decode()
    # The seed: its latest service review, later than its recorded history (dated to the paper).
    assert f"Data date: {date_format(Service.objects.aggregate(m=Max('last_reviewed'))['m'], 'j F Y')}." in seed
    births = LiveBirths.objects.get(area_code="W06000022", year=2022)
    births.births += 10
    births.save()  # a steward's change today to a figure the gap uses

    page = client.get(url).content.decode()

    assert f"Data date: {date_format(timezone.localdate(), 'j F Y')}." in page
    assert "Data date:" not in client.get(url, {"on": "2025-01-01"}).content.decode(), "a past day says its own day"


def test_the_printed_briefing_gives_the_same_data_date_and_a_past_days_own(client):
    from django.utils.dateformat import format as date_format

    from services.models import Service

    service = Service.objects.filter(is_published=True).order_by("last_reviewed").first()
    service.last_reviewed = datetime.date(2026, 11, 30)
    service.save()  # changed today: the figures are as of today

    assert f"Data date: {date_format(timezone.localdate(), 'j F Y')}." in client.get("/gap/print/").content.decode()
    file = client.get("/gap/download.csv")
    assert timezone.localdate().isoformat() in file["Content-Disposition"]
    past = client.get("/gap/print/", {"on": "2025-01-01"}).content.decode()
    assert f"Data date: {date_format(datetime.date(2025, 1, 1), 'j F Y')}." in past


def test_a_welsh_region_page_explains_its_need_parameters_in_welsh(client):
    page = client.get("/cy/regions/cwm-taf-morgannwg/").content.decode().replace("&#x27;", "'")
    assert "Mae'r adroddiad yn awgrymu bod yr angen yn nes at 20% o fabanod yn y rhanbarth" in page
    assert "cyfrifir angen ar gyfer babanod dan ddwy oed" in page
    assert "The report suggests need nearer 20%" not in page
    assert "The report suggests need nearer 20%" in client.get("/regions/cwm-taf-morgannwg/").content.decode()
