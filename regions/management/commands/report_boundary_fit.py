import time

import geopandas as gpd
import shapely
from django.core.management.base import BaseCommand, CommandError

from regions.models import LocalAuthority, Postcode


class Command(BaseCommand):
    help = "Report how many Welsh postcodes fall inside their own local authority's boundary, overall and per authority."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = list(Postcode.objects.filter(area_code__startswith="W", point__isnull=False).values_list("area_code", "point"))
        if not rows:
            raise CommandError("The postcode table has no Welsh postcodes. Run: manage.py import_postcodes")
        points = gpd.GeoDataFrame(
            {"own": [code for code, _ in rows]},
            geometry=shapely.points([(p.x, p.y) for _, p in rows]),
            crs="EPSG:4326",
        )
        authorities = list(LocalAuthority.objects.filter(boundary__isnull=False).values_list("code", "name_en", "boundary"))
        areas = gpd.GeoDataFrame(
            {"code": [c for c, _, _ in authorities], "name": [n for _, n, _ in authorities]},
            geometry=[shapely.from_wkb(bytes(b.wkb)) for _, _, b in authorities],
            crs="EPSG:4326",
        )
        joined = gpd.sjoin(points, areas, how="left", predicate="within")
        # A point on a shared edge can match two authorities; it counts if either is its own.
        inside = joined.assign(hit=joined["own"] == joined["code"]).groupby(level=0)["hit"].any()
        points["inside"] = inside
        total, hits = len(points), int(points["inside"].sum())
        self.stdout.write(f"{hits:,} of {total:,} Welsh postcodes ({hits / total:.2%}) fall inside their own authority.")
        names = dict(zip(areas["code"], areas["name"]))
        for code, share in points.groupby("own")["inside"].mean().sort_values().items():
            self.stdout.write(f"  {names.get(code, code):<20} {share:.2%}")
        self.stdout.write(f"({time.monotonic() - started:.1f} s)")
