"""Policy staff's downloads: every format holds the same columns and the gap page's figures, in English and Welsh."""

import csv
import io
import json

import geopandas as gpd
import pyogrio
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coverage.columns import ABOUT, AREA_COLUMNS, SERVICE_COLUMNS
from coverage.gap import gap_summary
from services.provision import Level
from pirs_portal.datacache import data_changed
from services.models import Service

pytestmark = pytest.mark.django_db
FORMATS = ["csv", "xlsx", "geojson", "gpkg"]
FIGURES = ["need_low", "need_high", "capacity_low", "capacity_high", "unmet_need_low", "unmet_need_high",
           "live_births"]


def download(client, fmt: str, *, language: str = "en"):
    prefix = "/cy" if language == "cy" else ""
    response = client.get(f"{prefix}/gap/download.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response


def column_names(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.name) for column in AREA_COLUMNS]


def read_back(client, fmt: str, tmp_path, *, language: str = "en") -> list[dict]:
    """Every row of a download, read as an analyst's tool would read it; empty cells as None."""
    body = download(client, fmt, language=language).content
    if fmt == "csv":
        assert body.startswith(b"\xef\xbb\xbf")  # Excel reads a BOM-marked file as UTF-8
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in rows]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).worksheets[0]
        header, *rows = list(sheet.iter_rows(values_only=True))
        return [dict(zip(header, row)) for row in rows]
    if fmt == "geojson":
        return [feature["properties"] for feature in json.loads(body)["features"]]
    path = tmp_path / "gap.gpkg"
    path.write_bytes(body)
    rows = []
    for layer in ("wales", "regions", "local_authorities"):
        frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)  # through GDAL
        rows += frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows


def as_number(value):
    return None if value is None else int(float(value))


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_the_same_columns_and_the_gap_pages_figures(client, tmp_path, fmt, language):
    rows = read_back(client, fmt, tmp_path, language=language)
    names = column_names(language)
    assert [name for name in rows[0] if name in names] == names, "every column, in order, named in the language"
    code, area_type = names[1], names[0]
    by_code = {row[code]: row for row in rows}
    gap = gap_summary()
    types = ["wales", "region", "local_authority"] if language == "en" else ["cymru", "rhanbarth", "awdurdod_lleol"]
    assert len(rows) == 1 + 7 + 22 and [rows[0][area_type], rows[1][area_type], rows[-1][area_type]] == types
    for area in [gap.wales, *gap.regions, *gap.authorities]:
        row = by_code[area.code]
        for key in FIGURES:
            name = str(AREA_COLUMNS[[c.key for c in AREA_COLUMNS].index(key)].name) if language == "en" else \
                names[[c.key for c in AREA_COLUMNS].index(key)]
            figure = {"need": area.need, "capacity": area.capacity, "unmet_need": area.unmet}.get(key.rsplit("_", 1)[0])
            # Where no specialist team works, the teams' capacity is known to be none: 0, not empty.
            teamless = area.capacity is None and not any(a.level == Level.TEAM for a in area.authorities or [area])
            expected = (area.births.count if area.births else None) if key == "live_births" else \
                (None if figure is None else getattr(figure, key.rsplit("_", 1)[1]))
            if key.startswith("capacity") and teamless:
                expected = 0
            assert as_number(row[name]) == expected, (fmt, area.code, key)


def test_the_gap_page_shows_the_figures_the_files_hold(client, tmp_path):
    page = client.get(reverse("coverage:gap")).content.decode()
    north = next(r for r in read_back(client, "csv", tmp_path) if r["code"] == "W11000023")  # Betsi Cadwaladr
    assert (north["unmet_need_low"], north["unmet_need_high"]) == ("909", "1674")
    assert "between 909 and 1,674" in page
    wales = read_back(client, "csv", tmp_path)[0]
    assert (wales["area_type"], wales["unmet_need_low"], wales["unmet_need_high"]) == ("wales", "3363", "10799")
    assert "between 3,363 and 10,799" in page
    ctm = next(r for r in read_back(client, "csv", tmp_path) if r["code"] == "W11000030")
    assert (ctm["need_low"], ctm["need_high"], ctm["live_births"]) == ("0", "3805", None)
    assert "not published; at most 9,509 (2024)" in page


def test_a_region_gives_its_provision_as_counts_of_authorities_at_each_level(client, tmp_path):
    rows = {r["code"]: r for r in read_back(client, "geojson", tmp_path)}
    north = rows["W11000023"]
    assert north["provision_level"] is None
    assert (north["authorities_with_team"], north["authorities_none"], north["authorities"]) == (2, 4, 6)
    assert rows["W06000006"]["provision_level"] == "Specialist team"


def test_a_welsh_download_names_its_columns_levels_and_notes_in_welsh(client, tmp_path):
    rows = read_back(client, "xlsx", tmp_path, language="cy")
    english = column_names("en")
    assert not set(rows[0]) & (set(english) - {"code", "name_en", "name_cy"}), "Welsh column names throughout"
    book = load_workbook(io.BytesIO(download(client, "xlsx", language="cy").content))
    assert book.sheetnames != ["Gap", "Services", "About"]
    about = " ".join(str(cell) for row in book.worksheets[-1].iter_rows(values_only=True) for cell in row)
    assert "Genedigaethau" in about or "genedigaethau" in about


def test_what_a_file_is_about_is_given_once(client, tmp_path):
    rows = read_back(client, "csv", tmp_path)
    assert rows[0]["about"] and "golden thread" in rows[0]["about"] and "OS data" in rows[0]["about"]
    assert all(row["about"] is None for row in rows[1:])
    collection = json.loads(download(client, "geojson").content)
    assert any("OS data" in item["text"] for item in collection["about"])
    assert not any("attribution" in feature["properties"] for feature in collection["features"])
    book = load_workbook(io.BytesIO(download(client, "xlsx").content))
    assert book.sheetnames == ["Gap", "Services", "About"]
    path = tmp_path / "gap.gpkg"
    path.write_bytes(download(client, "gpkg").content)
    assert [name for name, _kind in pyogrio.list_layers(path)] == ["local_authorities", "regions", "wales", "about"]


def test_the_geopackage_draws_authorities_and_regions_in_wgs84_with_whole_numbers(client, tmp_path):
    path = tmp_path / "gap.gpkg"
    path.write_bytes(download(client, "gpkg").content)
    authorities, regions = gpd.read_file(path, layer="local_authorities"), gpd.read_file(path, layer="regions")
    assert (len(authorities), len(regions)) == (22, 7) and authorities.crs.to_epsg() == 4326
    assert authorities.geometry.is_valid.all() and regions.geometry.is_valid.all()
    info = pyogrio.read_info(path, layer="local_authorities")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["need_low"] in ("int32", "int64")  # stored as whole numbers; unknown ones as null, not 0 or text
    assert authorities[authorities["code"] == "W06000013"]["need_low"].isna().all()


def test_the_geopackage_draws_wales_as_its_regions_and_keeps_what_it_is_about_in_a_plain_table(client, tmp_path):
    import sqlite3

    path = tmp_path / "gap.gpkg"
    path.write_bytes(download(client, "gpkg").content)
    wales, regions = gpd.read_file(path, layer="wales"), gpd.read_file(path, layer="regions")
    assert len(wales) == 1 and wales.geometry.is_valid.all()
    assert wales.geometry.iloc[0].area == pytest.approx(regions.geometry.union_all().area)
    with sqlite3.connect(path) as database:
        kinds = dict(database.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert kinds == {"local_authorities": "features", "regions": "features", "wales": "features",
                     "about": "attributes"}


def test_a_service_name_starting_with_equals_is_defused_in_csv_and_kept_as_text_in_xlsx(client, tmp_path):
    formula = '=HYPERLINK("http://evil.example","click")'
    Service.objects.filter(slug="g-pimhs").update(name_en=formula)
    newport = next(r for r in read_back(client, "csv", tmp_path) if r["code"] == "W06000022")
    assert newport["services"].startswith("'=HYPERLINK")
    # A workbook says each cell's type: the name is a text cell, exactly as typed, never a formula.
    book = load_workbook(io.BytesIO(download(client, "xlsx").content))
    cells = [row[1] for row in book["Services"].iter_rows(min_row=2)]
    named = next(cell for cell in cells if cell.value == formula)
    assert named.data_type == "s"
    assert not any(cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row)


def test_an_unknown_download_format_is_a_404(client):
    assert client.get("/gap/download.exe").status_code == 404


def test_the_geopackage_download_with_no_boundaries_still_has_its_columns(client, tmp_path):
    from regions.models import LocalAuthority, Region

    LocalAuthority.objects.update(boundary=None)
    Region.objects.update(boundary=None)
    data_changed()
    path = tmp_path / "gap.gpkg"
    path.write_bytes(download(client, "gpkg").content)
    frame = pyogrio.read_dataframe(path, layer="local_authorities")
    assert len(frame) == 22 and "unmet_need_low" in frame.columns


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


@override_settings(DOWNLOAD_THROTTLE_RATE="2/minute")
def test_asking_for_a_downloads_headers_alone_uses_none_of_the_allowance(client):
    url = reverse("coverage:gap_download", args=["csv"])
    assert [client.head(url).status_code for _ in range(5)] == [200] * 5
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.head(url).status_code == 429, "once over the allowance, headers wait too"


@override_settings(DOWNLOAD_THROTTLE_RATE="2/minute")
def test_asking_for_a_past_days_download_headers_counts_as_it_builds_the_file(client):
    url = reverse("coverage:gap_download", args=["csv"]) + "?on=2025-03-01"
    assert [client.head(url).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_the_data_dictionary_describes_every_column_of_both_tables_once(client, prefix):
    html = client.get(prefix + reverse("coverage:columns")).content.decode()
    assert html.count("<h1>") == 1
    for column in (*AREA_COLUMNS, *SERVICE_COLUMNS):
        assert f'<code lang="en">{column.key}</code>' in html, column.key
        assert f'<code lang="cy">{column.welsh}</code>' in html, column.welsh


@pytest.mark.django_db
def test_each_file_cites_the_prevalence_it_uses_and_a_welsh_file_has_its_own_name(client):
    english = client.get(reverse("coverage:gap_download", args=["csv"])).content.decode()
    assert "Securing Healthy Lives" in english and "20%" in english and "15%" in english
    welsh = client.get("/cy" + reverse("coverage:gap_download", args=["csv"]))
    assert welsh["Content-Disposition"].endswith('-cy.csv"')
    assert "/cy/gap/columns/" in welsh.content.decode()


def about_of(body: bytes, fmt: str, tmp_path, *, language: str) -> str:
    """What a file says it is about, read back from the file as one text."""
    with translation.override(language):
        name = str(ABOUT.name)
    if fmt == "csv":
        return next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))[name]
    if fmt == "xlsx":
        return " ".join(str(cell) for row in load_workbook(io.BytesIO(body)).worksheets[-1].iter_rows(values_only=True)
                        for cell in row)
    if fmt == "geojson":
        return " ".join(str(item) for item in json.loads(body)[name])
    path = tmp_path / "gap.gpkg"
    path.write_bytes(body)
    return " ".join(str(v) for v in pyogrio.read_dataframe(path, layer="about", read_geometry=False).to_numpy().ravel())


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_full_address_of_the_page_that_describes_its_columns(client, tmp_path, fmt, language):
    prefix = "/cy" if language == "cy" else ""
    # A file saved on a laptop has no site to go with a path: each names the page in full, from the site it came from.
    for host in ("testserver", "localhost"):
        body = client.get(f"{prefix}/gap/download.{fmt}", HTTP_HOST=host).content
        assert f"http://{host}{prefix}/gap/columns/" in about_of(body, fmt, tmp_path, language=language), host


def test_the_maps_geojson_gives_capacity_as_the_downloads_do(client, tmp_path):
    """0 where no specialist team covers an authority (none to see families), empty where a team's is unpublished."""
    rows = {row["code"]: row for row in read_back(client, "csv", tmp_path) if row["area_type"] == "local_authority"}
    features = json.loads(client.get("/geo/local-authorities.geojson").content)["features"]
    for feature in features:
        properties, row = feature["properties"], rows[feature["properties"]["code"]]
        for key in ("capacity_low", "capacity_high"):
            assert properties[key] == (None if row[key] is None else int(row[key])), (properties["name"], key)
    powys = next(f["properties"] for f in features if f["properties"]["code"] == "W06000023")
    assert (powys["capacity_low"], powys["capacity_high"]) == (0, 0)


def test_the_welsh_maps_geojson_gives_its_labels_and_addresses_in_welsh(client):
    features = json.loads(client.get("/cy/geo/local-authorities.geojson").content)["features"]
    newport = next(f["properties"] for f in features if f["properties"]["code"] == "W06000022")
    assert (newport["name"], newport["level_label"], newport["region_url"]) == (
        "Casnewydd", "Tîm arbenigol", "/cy/regions/gwent/")
    english = json.loads(client.get("/geo/local-authorities.geojson").content)["features"]
    assert next(f["properties"] for f in english if f["properties"]["code"] == "W06000022")["level_label"] == (
        "Specialist team")
