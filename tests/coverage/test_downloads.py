"""Policy staff's downloads hold the gap module's figures for all 22 authorities, safely."""

import csv
import io
import json

import geopandas as gpd
import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from pirs_portal.datacache import data_changed
from coverage.gap import gap_summary
from services.models import Service

pytestmark = pytest.mark.django_db


def download(client, fmt: str):
    response = client.get(reverse("coverage:gap_download", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response


def csv_rows(client) -> list[dict]:
    body = download(client, "csv").content
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads a BOM-marked file as UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_has_22_authority_rows_with_the_gap_modules_figures(client):
    rows = {row["code"]: row for row in csv_rows(client)}
    gap = gap_summary()
    assert len(rows) == 22
    for area in gap.authorities:
        row = rows[area.code]
        assert row["provision_level"] == area.level.value
        assert row["estimated_need"] == ("" if area.need is None else str(area.need))
        assert row["unmet_need"] == ("" if area.unmet is None else str(area.unmet))
    assert rows["W06000013"]["live_births"] == ""  # missing, not zero


def test_csv_keeps_welsh_letters_and_carries_date_sources_and_attribution(client):
    rows = csv_rows(client)
    anglesey = next(r for r in rows if r["code"] == "W06000001")
    assert anglesey["name_cy"] == "Ynys Môn"
    assert anglesey["data_date"] and "golden thread" in anglesey["sources"]
    assert "Ordnance" in anglesey["attribution"] or "OS data" in anglesey["attribution"]


def test_a_service_name_starting_with_equals_is_neutralised_in_csv_and_xlsx(client):
    Service.objects.filter(slug="g-pimhs").update(name_en='=HYPERLINK("http://evil.example","click")')
    newport = next(r for r in csv_rows(client) if r["code"] == "W06000022")
    assert newport["services"].startswith("'=HYPERLINK")
    book = load_workbook(io.BytesIO(download(client, "xlsx").content))
    names = [row[1] for row in book["Services"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in names
    assert not any(str(n).startswith("=") for n in names)


def test_xlsx_authority_rows_hold_the_gap_modules_figures(client):
    sheet = load_workbook(io.BytesIO(download(client, "xlsx").content))["Local authorities"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    by_code = {row[0]: dict(zip(header, row)) for row in rows}
    for area in gap_summary().authorities:
        row = by_code[area.code]
        assert (row["provision_level"], row["estimated_need"], row["unmet_need"]) == (
            area.level.value, area.need, area.unmet)


def test_xlsx_has_sheets_for_authorities_regions_services_and_sources(client):
    book = load_workbook(io.BytesIO(download(client, "xlsx").content))
    assert book.sheetnames == ["Local authorities", "Regions", "Services", "Sources and method"]
    assert book["Local authorities"].max_row == 23  # header and 22 authorities
    assert book["Regions"].max_row == 8
    about = [row[0] for row in book["Sources and method"].iter_rows(values_only=True)]
    assert "data_date" in about and "attribution" in about and "method" in about


def test_geopackage_reads_back_with_22_features_in_wgs84(client, tmp_path):
    path = tmp_path / "gap.gpkg"
    path.write_bytes(download(client, "gpkg").content)
    frame = gpd.read_file(path)
    assert len(frame) == 22 and frame.crs.to_epsg() == 4326
    newport = frame[frame["code"] == "W06000022"].iloc[0]
    assert newport["estimated_need"] == gap_summary().authority("W06000022").need
    assert frame.geometry.is_valid.all()


def test_geojson_download_has_22_features_and_attribution(client):
    data = json.loads(download(client, "geojson").content)
    assert len(data["features"]) == 22 and data["attribution"]


def test_an_unknown_download_format_is_a_404(client):
    assert client.get("/gap/download.exe").status_code == 404


def test_print_page_has_the_map_table_method_and_data_date(client):
    text = client.get(reverse("coverage:gap_print")).content.decode()
    assert '<svg class="static-map"' in text and text.count("<path d=") == 22
    assert "How the gap is worked out" in text and "Data date:" in text


def test_geojson_download_carries_the_data_date_method_and_sources_and_every_service(client):
    from services.models import Service
    from tests.factories import make_service

    for n in range(7):
        make_service(f"offer-{n}", areas=["W06000022"], kind=Service.Kind.WORKFORCE)
    data = json.loads(download(client, "geojson").content)
    assert data["data_date"] and data["method"]
    assert any("The golden thread" in s for s in data["sources"]) and any("Live births" in s for s in data["sources"])
    newport = next(f["properties"] for f in data["features"] if f["properties"]["code"] == "W06000022")
    assert len(newport["services"]) == newport["services_count"] == 8  # the download lists them all


def test_geopackage_keeps_whole_numbers_as_integers_with_nulls_and_names_its_sources(client, tmp_path):
    import pyogrio

    path = tmp_path / "gap.gpkg"
    path.write_bytes(download(client, "gpkg").content)
    info = pyogrio.read_info(path)
    types = dict(zip(info["fields"], info["dtypes"]))
    assert all(types[c].startswith("int") for c in ("live_births", "estimated_need", "known_capacity", "unmet_need"))
    frame = gpd.read_file(path)
    bridgend = frame[frame["code"] == "W06000013"].iloc[0]
    assert gpd.pd.isna(bridgend["live_births"]) and gpd.pd.isna(bridgend["known_capacity"])  # missing, not zero
    assert "The golden thread" in frame.iloc[0]["sources"]


def test_geopackage_download_with_no_boundaries_is_an_empty_layer_not_an_error(client, tmp_path):
    from regions.models import LocalAuthority

    LocalAuthority.objects.update(boundary=None)
    data_changed()
    response = download(client, "gpkg")
    assert response.status_code == 200
    path = tmp_path / "gap.gpkg"
    path.write_bytes(response.content)
    frame = gpd.read_file(path)
    assert len(frame) == 0 and "known_capacity" in frame.columns


def test_a_download_is_built_once_per_data_version_and_language(client, monkeypatch):
    from coverage import exports

    built = []
    real = exports.gap_xlsx
    monkeypatch.setattr(exports, "gap_xlsx", lambda **kwargs: built.append(1) or real(**kwargs))
    for _ in range(3):
        download(client, "xlsx")
    assert len(built) == 1
    client.get("/cy/gap/download.xlsx")
    assert len(built) == 2, "the Welsh download is its own file"
    data_changed()
    download(client, "xlsx")
    assert len(built) == 3, "a change to the data builds it afresh"


def test_a_download_answers_304_to_a_client_that_already_has_it(client):
    first = download(client, "xlsx")
    again = client.get(reverse("coverage:gap_download", args=["xlsx"]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@override_settings(DOWNLOAD_THROTTLE_RATE="2/minute")
def test_downloads_are_limited_per_address_with_a_time_to_wait(client):
    for _ in range(2):
        download(client, "xlsx")
    refused = client.get(reverse("coverage:gap_download", args=["csv"]))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many downloads" in refused.content.decode()
    assert client.get(reverse("coverage:gap_download", args=["csv"]), REMOTE_ADDR="192.0.2.9").status_code == 200
