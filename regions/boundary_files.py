"""Let GDAL read a boundary file only as what it is named: one local file of a format the command documents.

GDAL opens far more than boundary files: a 200-byte .vrt can name /vsicurl/http://… or any file on the
server, and GDAL follows it. So a file is read only if it is a local regular file with one of the
extensions below and content of that format, and GDAL reads a private copy of it (a shapefile with its
sidecar files) in a folder of its own, so that nothing in the file can reach anything else.
"""

import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .importers import ImportRefused, _cut

FORMATS = (
    "GeoPackage (.gpkg), GeoJSON (.geojson or .json), ESRI Shapefile (.shp, with its .shx, .dbf and .prj "
    "beside it) or a .zip holding one shapefile and nothing else"
)
KINDS = {
    ".gpkg": "a GeoPackage", ".geojson": "GeoJSON", ".json": "GeoJSON",
    ".shp": "a shapefile", ".zip": "a zip",
}
SIDECARS = (".shx", ".dbf", ".prj", ".cpg")
# GDAL reads these as addresses or archives, not as local files.
ADDRESS = re.compile(r"^/vsi|://", re.IGNORECASE)
SQLITE_HEADER = b"SQLite format 3\x00"
GEOPACKAGE_IDS = (b"GPKG", b"GP10", b"GP11")  # the SQLite application id, at byte 68
SHAPEFILE_CODE = (9994).to_bytes(4, "big")
SHAPEFILE_VERSION = (1000).to_bytes(4, "little")
JSON_BLANKS = b" \t\r\n"
UTF8_BOM = b"\xef\xbb\xbf"
# A zip that unpacks to more than this is not a boundary file (Wales's full-resolution shapefile is ~50 MB).
UNZIPPED_MAX = 2 * 1024**3
COPY_CHUNK = 1024**2


@contextmanager
def boundary_file_copy(path: Path | str) -> Iterator[Path]:
    """Check a boundary file, copy it (and a shapefile's sidecars) to a private folder; yield the copy."""
    raw = os.fspath(path)
    if ADDRESS.search(raw) or "\x00" in raw:
        raise ImportRefused([
            f"{_cut(raw)!r} is a network address or a GDAL virtual path. "
            f"Give the path of a local file: {FORMATS}."
        ])
    source = Path(raw)
    suffix = source.suffix.lower()
    if suffix not in KINDS:
        raise ImportRefused([
            f"{_cut(source.name)} is not a file import_boundaries reads. Save it as {FORMATS}."
        ])
    _check_regular(source, follow=True)
    with tempfile.TemporaryDirectory(prefix="pirs-boundaries-") as folder:
        if suffix == ".zip":
            copy = _unzipped(source, Path(folder))
        else:
            copy = Path(folder) / f"boundaries{suffix}"
            try:
                shutil.copyfile(source, copy)
                if suffix == ".shp":
                    _sidecars_copy(source, Path(folder))
            except OSError as exc:  # e.g. replaced by a pipe since it was checked
                raise ImportRefused([f"Cannot read {source}: {exc.strerror or exc}."]) from exc
        _check_content(copy, name=f"The .shp in {source.name}" if suffix == ".zip" else source.name)
        yield copy


def _check_regular(path: Path, *, follow: bool) -> None:
    """Refuse anything but a regular file: a folder, a device, a pipe (and for sidecars, a link)."""
    try:
        mode = (os.stat if follow else os.lstat)(path).st_mode
    except FileNotFoundError:
        raise ImportRefused([f"{path} does not exist."]) from None
    except OSError as exc:
        raise ImportRefused([f"Cannot read {path}: {exc.strerror or exc}."]) from exc
    if not stat.S_ISREG(mode):
        what = "a link to another file" if stat.S_ISLNK(mode) else "not a regular file"
        raise ImportRefused([f"{path} is {what}; give the boundary file itself."])


def _sidecars_copy(shapefile: Path, folder: Path) -> None:
    """Copy the .shx, .dbf, .prj and .cpg beside a shapefile, as GDAL would find them."""
    for sidecar in SIDECARS:
        for candidate in (shapefile.with_suffix(sidecar), shapefile.with_suffix(sidecar.upper())):
            if os.path.lexists(candidate):
                _check_regular(candidate, follow=False)
                shutil.copyfile(candidate, folder / f"boundaries{sidecar}")
                break


def _unzipped(archive: Path, folder: Path) -> Path:
    """Unpack a zip that holds exactly one shapefile and its sidecars, and nothing else; return the .shp."""
    try:
        with zipfile.ZipFile(archive) as opened:
            members = [info for info in opened.infolist() if not info.is_dir()]
            suffixes = _shapefile_members(archive.name, members)
            for info, suffix in zip(members, suffixes):
                with opened.open(info) as packed, open(folder / f"boundaries{suffix}", "wb") as unpacked:
                    shutil.copyfileobj(packed, unpacked, COPY_CHUNK)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
            OSError) as exc:
        raise ImportRefused([f"{archive.name} cannot be read as a zip archive ({_cut(str(exc))})."]) from exc
    return folder / "boundaries.shp"


def _shapefile_members(name: str, members: list[zipfile.ZipInfo]) -> list[str]:
    """Return each member's lower-case suffix, or refuse a zip that is not one shapefile and nothing else."""
    paths = [PurePosixPath(info.filename) for info in members]
    suffixes = [path.suffix.lower() for path in paths]
    extra = [str(path) for path, suffix in zip(paths, suffixes) if suffix not in (".shp", *SIDECARS)]
    if extra or suffixes.count(".shp") != 1 or len(set(suffixes)) != len(suffixes):
        shown = ", ".join(_cut(str(path)) for path in paths[:8]) or "nothing"
        raise ImportRefused([
            f"{name} should hold one shapefile (.shp, .shx, .dbf, .prj) and nothing else; it holds: {shown}."
        ])
    if len({path.with_suffix("").as_posix().lower() for path in paths}) != 1:
        raise ImportRefused([f"{name} holds files of different names; a shapefile's files share one name."])
    encrypted = any(info.flag_bits & 0x1 for info in members)
    if encrypted or sum(info.file_size for info in members) > UNZIPPED_MAX:
        raise ImportRefused([f"{name} is encrypted or unpacks to more than {UNZIPPED_MAX // 1024**3} GB."])
    return suffixes


def _check_content(copy: Path, *, name: str) -> None:
    """Refuse a file whose first bytes are not of the format its extension names (a VRT in a .geojson)."""
    with open(copy, "rb") as opened:
        head = opened.read(100)
        if copy.suffix in (".geojson", ".json"):
            start = head.removeprefix(UTF8_BOM).lstrip(JSON_BLANKS)
            while not start and (more := opened.read(COPY_CHUNK)):
                start = more.lstrip(JSON_BLANKS)
            good = start.startswith(b"{")
        elif copy.suffix == ".gpkg":
            good = head.startswith(SQLITE_HEADER) and head[68:72] in GEOPACKAGE_IDS
        else:
            good = len(head) == 100 and head.startswith(SHAPEFILE_CODE) and head[28:32] == SHAPEFILE_VERSION
    if not good:
        kind = KINDS[copy.suffix]
        xml = head.lstrip().startswith(b"<")
        looks = " It looks like XML (perhaps a GDAL VRT), which is not read." if xml else ""
        raise ImportRefused([
            f"{_cut(name)} is named as {kind} but its content is not {kind}.{looks} "
            f"Save the boundaries as {FORMATS}."
        ])
