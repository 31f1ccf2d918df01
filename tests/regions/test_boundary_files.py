"""import_boundaries reads only the one local file it is given, of a format it documents: never an address."""

import json
import os
import socket
import threading
import zipfile

import pytest

from .commands import command_output
from .test_boundary_import import NEWPORT, file_refused, squares  # noqa: F401 (squares is a fixture)

pytestmark = pytest.mark.django_db

FORMATS = "Save it as GeoPackage (.gpkg), GeoJSON (.geojson or .json), ESRI Shapefile (.shp"


def vrt_naming(source: str) -> str:
    """A GDAL virtual dataset of 200-odd bytes that sends GDAL to read another source."""
    return (f'<OGRVRTDataSource><OGRVRTLayer name="boundaries"><SrcDataSource>{source}</SrcDataSource>'
            '<SrcLayer>boundaries</SrcLayer></OGRVRTLayer></OGRVRTDataSource>')


@pytest.fixture
def listener():
    """A port on this machine that counts the connections made to it, and closes each at once."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    seen, stop = [], threading.Event()

    def count() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            seen.append(connection)
            connection.close()

    thread = threading.Thread(target=count, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join()
    server.close()


def test_a_vrt_naming_a_web_address_is_refused_without_any_network_attempt(tmp_path, listener):
    port, connections = listener
    for address in (f"http://127.0.0.1:{port}/x", "http://127.0.0.1:9/x"):
        path = tmp_path / "boundaries.vrt"
        path.write_text(vrt_naming(f"/vsicurl/{address}"))
        message = file_refused(path, dry_run=True)
        assert "boundaries.vrt is not a file import_boundaries reads. " + FORMATS in message
    assert connections == []


@pytest.mark.parametrize("extension", [".geojson", ".json", ".gpkg", ".shp"])
def test_a_vrt_under_another_name_is_refused_without_any_network_attempt(tmp_path, listener, extension):
    port, connections = listener
    path = tmp_path / f"boundaries{extension}"
    path.write_text(vrt_naming(f"/vsicurl/http://127.0.0.1:{port}/x"))
    message = file_refused(path, dry_run=True)
    assert f"boundaries{extension} is named as " in message
    assert "It looks like XML (perhaps a GDAL VRT), which is not read." in message
    assert connections == []


def test_a_vrt_naming_another_local_file_is_refused_and_that_file_is_not_read(squares, tmp_path):  # noqa
    elsewhere = tmp_path / "elsewhere" / "boundaries.geojson"
    elsewhere.parent.mkdir()
    squares.to_file(elsewhere)
    path = tmp_path / "boundaries.geojson"
    path.write_text(vrt_naming(str(elsewhere)))
    message = file_refused(path, dry_run=True)
    assert "boundaries.geojson is named as GeoJSON but its content is not GeoJSON." in message


@pytest.mark.parametrize("given", [
    "/vsicurl/http://127.0.0.1:{port}/x",
    "/VSICURL/http://127.0.0.1:{port}/x.geojson",
    "/vsizip//vsicurl/http://127.0.0.1:{port}/x.zip/x.shp",
    "http://127.0.0.1:{port}/x.geojson",
    "zip+https://127.0.0.1:{port}/x.zip",
])
def test_a_gdal_virtual_path_or_a_web_address_is_refused_without_any_network_attempt(listener, given):
    port, connections = listener
    message = file_refused(given.format(port=port), dry_run=True)
    assert "is a network address or a GDAL virtual path. Give the path of a local file:" in message
    assert connections == []


def test_a_file_of_a_format_the_command_does_not_document_is_refused(tmp_path):
    table = tmp_path / "codes.csv"
    table.write_text(f"LAD24CD,LAD24NM\n{NEWPORT},Newport\n")
    assert "codes.csv is not a file import_boundaries reads. " + FORMATS in file_refused(table)


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_a_folder_or_a_pipe_named_like_a_boundary_file_is_refused_without_being_opened(tmp_path, kind):
    path = tmp_path / "boundaries.geojson"
    path.mkdir() if kind == "folder" else os.mkfifo(path)  # reading a pipe would wait for ever
    assert f"{path} is not a regular file; give the boundary file itself." in file_refused(path)


def test_a_shapefile_whose_sidecar_links_to_another_file_is_refused(squares, tmp_path):  # noqa: F811
    squares.to_file(tmp_path / "squares.shp")
    (tmp_path / "squares.dbf").unlink()
    (tmp_path / "squares.dbf").symlink_to("/etc/hostname")
    message = file_refused(tmp_path / "squares.shp")
    assert f"{tmp_path / 'squares.dbf'} is a link to another file; give the boundary file itself." in message


def zipped(tmp_path, squares, *extras: tuple[str, str]):  # noqa: F811
    squares.to_file(tmp_path / "squares.shp")
    path = tmp_path / "boundaries.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in ("shp", "shx", "dbf", "prj", "cpg"):
            archive.write(tmp_path / f"squares.{part}", f"squares.{part}")
        for name, content in extras:
            archive.writestr(name, content)
    return path


@pytest.mark.parametrize("extra", [
    ("boundaries.vrt", vrt_naming("/vsicurl/http://127.0.0.1:9/x")),
    ("other.shp", "a second shapefile"),
    ("README.txt", "notes"),
    ("squares.SHP", "the same shapefile twice"),
], ids=["a-vrt", "a-second-shapefile", "a-readme", "the-shapefile-twice"])
def test_a_zip_holding_more_than_one_shapefile_is_refused(squares, tmp_path, extra):  # noqa: F811
    message = file_refused(zipped(tmp_path, squares, extra))
    assert "boundaries.zip should hold one shapefile (.shp, .shx, .dbf, .prj) and nothing else;" in message


def test_a_zip_whose_shapefile_is_not_a_shapefile_is_refused(tmp_path):
    path = tmp_path / "boundaries.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("boundaries.shp", vrt_naming("/vsicurl/http://127.0.0.1:9/x"))
    message = file_refused(path)
    assert "The .shp in boundaries.zip is named as a shapefile but its content is not a shapefile." in message


def test_a_file_named_zip_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "boundaries.zip"
    path.write_bytes(b"PK\x03\x04 cut short")
    assert "boundaries.zip cannot be read as a zip archive" in file_refused(path)


def test_a_zip_holding_one_shapefile_and_nothing_else_is_imported(squares, tmp_path):  # noqa: F811
    path = zipped(tmp_path, squares)
    output = command_output("import_boundaries", str(path), code_field="LAD24CD", dry_run=True)
    assert output.startswith("0 would be created, 22 would be updated")


def gdal_pipeline(step: str) -> str:
    """A JSON file that GDAL would run as a pipeline (its GDALG driver), reading whatever the step names."""
    return ('{"type": "gdal_streamed_alg", "command_line": "gdal vector pipeline ! read '
            + step + ' ! write --of stream streamed_dataset"}')


@pytest.mark.parametrize("extension", [".json", ".geojson"])
def test_a_json_file_that_is_a_gdal_pipeline_is_refused_without_reading_what_it_names(
    squares, tmp_path, listener, extension  # noqa: F811
):
    port, connections = listener
    other = tmp_path / "elsewhere.geojson"
    squares.to_file(other, driver="GeoJSON")
    for step in (f"/vsicurl/http://127.0.0.1:{port}/remote.geojson", str(other)):
        path = tmp_path / f"boundaries{extension}"
        path.write_text(gdal_pipeline(step))
        message = file_refused(path, dry_run=True)
        assert "is not a GeoJSON FeatureCollection (its type is 'gdal_streamed_alg')" in message
    assert connections == []


@pytest.mark.parametrize("name", ["+proj=longlat +nadgrids=/etc/passwd", "/etc/passwd", "file:///etc/passwd"])
def test_a_geojson_naming_its_coordinates_by_anything_but_a_registered_code_is_refused(squares, tmp_path, name):  # noqa
    path = tmp_path / "boundaries.geojson"
    squares.to_file(path, driver="GeoJSON")
    data = json.loads(path.read_text())
    data["crs"] = {"type": "name", "properties": {"name": name}}
    path.write_text(json.dumps(data))
    assert "names a coordinate reference system that cannot be read" in file_refused(path, dry_run=True)
