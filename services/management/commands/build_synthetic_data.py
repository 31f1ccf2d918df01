"""Build a large synthetic directory for benchmarks, or remove it.

Synthetic rows are marked so they can never be mistaken for real ones and
``--delete`` can find them all: slugs start with ``synthetic-``, area codes
with ``X``, and every source says "synthetic". The synthetic authorities are
squares in a synthetic region out in the Celtic Sea, well clear of Wales, so
no real place or postcode falls inside them.
"""

import datetime
import math
import random
from collections.abc import Iterator, Sequence

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.test.utils import override_settings

from pirs_portal.datacache import data_changed
from regions.models import LiveBirths, LocalAuthority, Region
from services.models import Discipline, Intervention, Organisation, Service, ServiceFact

PREFIX = "synthetic-"
CODE_PREFIX = "X"
REGION_SLUG = f"{PREFIX}region"
REGION_CODE = "X11000001"
SOURCE = "Synthetic data made by build_synthetic_data for benchmarks; not a real service or area."
ORGANISATIONS = 20
# The grid's south-west corner and cell size, in degrees (WGS84): open sea south of Ireland and west of Cornwall.
WEST, SOUTH, CELL_WIDTH, CELL_HEIGHT = -7.5, 50.35, 0.08, 0.05
# Proportions loosely like the seed's: mostly established, some developing, a few planned or unpublished.
KINDS = [(Service.Kind.SPECIALIST_TEAM, 5), (Service.Kind.EMBEDDED, 3), (Service.Kind.WORKFORCE, 2)]
STATUSES = [(Service.Status.ESTABLISHED, 7), (Service.Status.DEVELOPING, 2), (Service.Status.PLANNED, 1)]


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _maybe(rng: random.Random) -> bool | None:
    return rng.choice([True, True, False, None])


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _square(index: int, columns: int) -> MultiPolygon:
    row, column = divmod(index, columns)
    west, south = WEST + column * CELL_WIDTH, SOUTH + row * CELL_HEIGHT
    east, north = west + CELL_WIDTH, south + CELL_HEIGHT
    ring = ((west, south), (east, south), (east, north), (west, north), (west, south))
    return MultiPolygon(Polygon(ring, srid=4326), srid=4326)


def _grid_outline(count: int, columns: int) -> MultiPolygon:
    """The union of the squares: whole rows, plus the part-row on top."""
    full_rows, rest = divmod(count, columns)
    polygons = []
    if full_rows:
        north = SOUTH + full_rows * CELL_HEIGHT
        east = WEST + columns * CELL_WIDTH
        polygons.append(Polygon(((WEST, SOUTH), (east, SOUTH), (east, north), (WEST, north), (WEST, SOUTH))))
    if rest:
        south, north = SOUTH + full_rows * CELL_HEIGHT, SOUTH + (full_rows + 1) * CELL_HEIGHT
        east = WEST + rest * CELL_WIDTH
        polygons.append(Polygon(((WEST, south), (east, south), (east, north), (WEST, north), (WEST, south))))
    return MultiPolygon(*polygons, srid=4326)


class Command(BaseCommand):
    help = (
        "Add synthetic services and local authorities (marked 'synthetic-' and 'X...') up to the totals "
        "given, for benchmarks; --delete removes them. Needs the seed (load_seed) first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=10_000, help="Total services wanted (default 10,000).")
        parser.add_argument("--areas", type=int, default=400, help="Total local authorities wanted (default 400).")
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows per bulk insert (default 1,000).")
        parser.add_argument("--random-seed", type=int, default=1, help="Seed for the random choices (default 1).")
        parser.add_argument("--delete", action="store_true", help="Remove every synthetic row, and nothing else.")
        parser.add_argument("--throwaway-database", action="store_true",
                            help="Confirm this database is a benchmark's own: the rows are published, made-up services.")

    def handle(self, *args, services: int, areas: int, batch_size: int, random_seed: int, delete: bool,
               throwaway_database: bool, **options):
        if not delete and not throwaway_database:
            raise CommandError(
                "This adds thousands of published, made-up services, which the public pages would show. "
                "Run it only on a benchmark's own database, and say so with --throwaway-database."
            )
        if delete:
            self._delete()
        else:
            self._build(services=services, areas=areas, batch_size=batch_size, rng=random.Random(random_seed))
        # bulk_create and queryset deletes send no per-row signals: tell the cache the data changed.
        data_changed()

    def _build(self, *, services: int, areas: int, batch_size: int, rng: random.Random) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        real_areas = LocalAuthority.objects.exclude(code__startswith=CODE_PREFIX).count()
        real_services = Service.objects.exclude(slug__startswith=PREFIX).count()
        if real_areas == 0 or not Organisation.objects.exists():
            raise CommandError("This database has no seed data: run load_seed first.")
        if Region.objects.filter(slug=REGION_SLUG).exists() or Service.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("Synthetic data is already here: remove it first with build_synthetic_data --delete.")
        new_areas, new_services = areas - real_areas, services - real_services
        if new_areas < 1 or new_services < 1:
            raise CommandError(
                f"The seed already has {real_areas} areas and {real_services} services; "
                "ask for more than that with --areas and --services."
            )
        with transaction.atomic():
            authorities = self._build_areas(count=new_areas, batch_size=batch_size, rng=rng)
            self._build_services(count=new_services, batch_size=batch_size, rng=rng, synthetic_areas=authorities)
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic data built: {new_areas} areas (now {areas}) and {new_services} services (now {services})."
        ))

    def _build_areas(self, *, count: int, batch_size: int, rng: random.Random) -> list[LocalAuthority]:
        columns = math.ceil(math.sqrt(count))
        region = Region.objects.create(
            slug=REGION_SLUG, name_en="Synthetic region", name_cy="Rhanbarth synthetig",
            health_board_en="Synthetic health board", health_board_cy="Bwrdd iechyd synthetig",
            health_board_code=REGION_CODE, boundary=_grid_outline(count, columns),
        )
        authorities = [
            LocalAuthority(
                code=f"{CODE_PREFIX}06{n:06d}", name_en=f"Synthetic area {n:03d}", name_cy=f"Ardal synthetig {n:03d}",
                region=region, boundary=_square(n - 1, columns), boundary_source=SOURCE,
            )
            for n in range(1, count + 1)
        ]
        authorities = self._insert(LocalAuthority, authorities, batch_size=batch_size, label="areas")
        births = [
            LiveBirths(area_code=a.code, area_name=a.name_en, year=2024, births=rng.randint(300, 3000), source=SOURCE)
            for a in authorities
        ]
        self._insert(LiveBirths, births, batch_size=batch_size, label="births figures")
        return authorities

    def _build_services(
        self, *, count: int, batch_size: int, rng: random.Random, synthetic_areas: list[LocalAuthority]
    ) -> None:
        organisations = [
            Organisation(slug=f"{PREFIX}organisation-{n:02d}", name_en=f"Synthetic organisation {n:02d}",
                         name_cy=f"Sefydliad synthetig {n:02d}", kind=rng.choice(Organisation.Kind.values))
            for n in range(1, ORGANISATIONS + 1)
        ]
        organisations = self._insert(Organisation, organisations, batch_size=batch_size, label="organisations")
        today = datetime.date.today()
        rows = [self._service(n, rng=rng, organisation=rng.choice(organisations), today=today)
                for n in range(1, count + 1)]
        rows = self._insert(Service, rows, batch_size=batch_size, label="services")
        # Spread over every area, real and synthetic alike; a third of the services also cover a neighbour.
        all_areas = list(LocalAuthority.objects.exclude(code__startswith=CODE_PREFIX)) + synthetic_areas
        interventions, disciplines = list(Intervention.objects.all()), list(Discipline.objects.all())
        area_links, intervention_links, discipline_links, facts = [], [], [], []
        for service in rows:
            facts += self._facts(service, rng=rng)
            first = rng.randrange(len(all_areas))
            covered = {first, (first + 1) % len(all_areas)} if rng.random() < 1 / 3 else {first}
            area_links += [Service.areas.through(service=service, localauthority=all_areas[i]) for i in covered]
            intervention_links += [
                Service.interventions.through(service=service, intervention=i)
                for i in rng.sample(interventions, k=min(len(interventions), rng.randint(0, 3)))
            ]
            discipline_links += [
                Service.disciplines.through(service=service, discipline=d)
                for d in rng.sample(disciplines, k=min(len(disciplines), rng.randint(1, 4)))
            ]
        self._insert(Service.areas.through, area_links, batch_size=batch_size, label="service areas")
        self._insert(Service.interventions.through, intervention_links, batch_size=batch_size,
                     label="service interventions")
        self._insert(Service.disciplines.through, discipline_links, batch_size=batch_size,
                     label="service disciplines")
        self._insert(ServiceFact, facts, batch_size=batch_size, label="service facts")

    @staticmethod
    def _service(n: int, *, rng: random.Random, organisation: Organisation, today: datetime.date) -> Service:
        kind, status = _weighted(rng, KINDS), _weighted(rng, STATUSES)
        return Service(
            slug=f"{PREFIX}service-{n:05d}", name_en=f"Synthetic service {n:05d}",
            name_cy=f"Gwasanaeth synthetig {n:05d}" if rng.random() < 0.5 else "",
            summary_en="A synthetic service made for benchmarks. It is not real and takes no referrals.",
            organisation=organisation, setting=rng.choice(["", *Service.Setting.values]), kind=kind, status=status,
            age_start=rng.choice(["", *Service.AgeStart.values]), age_end_months=rng.choice([None, 12, 24, 36]),
            eligibility_en="Synthetic: families with a baby under two.", referrers_en="Synthetic: any professional.",
            how_to_refer_en="Synthetic: there is no real way to refer.",
            capacity_families_per_year=rng.choice([None, rng.randint(20, 400)]),
            source_citation=SOURCE, last_reviewed=today - datetime.timedelta(days=rng.randint(0, 720)),
            is_published=rng.random() < 0.95,
        )

    @staticmethod
    def _facts(service: Service, *, rng: random.Random) -> list[ServiceFact]:
        """Yes, no or, about a third of the time, not stated (no fact at all)."""
        answers = {key: _maybe(rng) for key in ServiceFact.Key.values}
        return [
            ServiceFact(service=service, key=key, holds=holds, source=SOURCE, checked_on=service.last_reviewed)
            for key, holds in answers.items() if holds is not None
        ]

    def _insert(self, model: type[models.Model], rows: list, *, batch_size: int, label: str) -> list:
        """Insert in batches, saying how far it has got."""
        done = []
        for batch in _batches(rows, batch_size):
            done += model.objects.bulk_create(batch)
            self.stdout.write(f"  {label}: {len(done):,} of {len(rows):,}")
        return done

    def _delete(self) -> None:
        # Synthetic rows need no audit history: recording each deletion would take minutes.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            services = Service.objects.filter(slug__startswith=PREFIX)
            authorities = LocalAuthority.objects.filter(code__startswith=CODE_PREFIX)
            # Links first, so that no real service keeps a synthetic area and the deletes below stay simple.
            links = [
                Service.areas.through.objects.filter(models.Q(service__in=services) | models.Q(localauthority__in=authorities)),
                Service.interventions.through.objects.filter(service__in=services),
                Service.disciplines.through.objects.filter(service__in=services),
                ServiceFact.objects.filter(service__in=services),
            ]
            counts = {
                "service links": sum(link.delete()[0] for link in links),
                "services": services.delete()[0],
                "organisations": Organisation.objects.filter(slug__startswith=PREFIX).delete()[0],
                "births figures": LiveBirths.objects.filter(area_code__startswith=CODE_PREFIX).delete()[0],
                "areas": authorities.delete()[0],
                "regions": Region.objects.filter(slug=REGION_SLUG).delete()[0],
            }
            # Edits made to synthetic rows in the admin have history too.
            for model, field in ((Service, "slug"), (Organisation, "slug"), (Region, "slug"),
                                 (LocalAuthority, "code"), (LiveBirths, "area_code")):
                prefix = CODE_PREFIX if field.endswith("code") else PREFIX
                model.history.filter(**{f"{field}__startswith": prefix}).delete()
        self.stdout.write(self.style.SUCCESS(
            "Synthetic data removed: " + ", ".join(f"{n:,} {label}" for label, n in counts.items()) + "."
        ))
