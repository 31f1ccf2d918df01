"""Write the varied requests bench/run.py sends: finder searches, directory and API queries drawn at random.

Run by bench/run.py against a data set's database (DATABASE_URL in the environment):
    python bench/workloads.py OUT_FOLDER
Each file has one request a line, "GET /path" or "POST /path body", for wrk_varied.lua.
"""

import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
LINES = 5_000
AGES = range(0, 217)


def finder_lines(rng: random.Random, postcodes: list[str]) -> list[str]:
    """Searches as practitioners send them: distinct Welsh postcodes, ages at random, some in pregnancy."""
    lines = []
    for postcode in rng.sample(postcodes, min(LINES, len(postcodes))):
        if rng.random() < 0.15:
            fields = {"postcode": postcode, "stage": "pregnant"}
        else:
            fields = {"postcode": postcode, "stage": "born", "age_months": rng.choice(AGES)}
        lines.append("POST /services/find/ " + urlencode(fields))
    return lines


def directory_lines(rng: random.Random, *, regions, authorities, words, kinds, statuses) -> list[str]:
    """Directory searches and filters, one to three at a time, and sometimes a later page."""
    choices = {
        "region": regions, "authority": authorities, "q": words, "kind": kinds, "status": statuses,
        "age": [str(a) for a in AGES] + ["pregnancy"],
    }
    lines = set()
    while len(lines) < LINES:
        names = rng.sample(sorted(choices), rng.randint(1, 3))
        query = {name: rng.choice(choices[name]) for name in names}
        if rng.random() < 0.2:
            query["page"] = rng.randint(2, 4)
        lines.add("GET /services/?" + urlencode(query))
    return sorted(lines)


def api_lines(rng: random.Random, *, words, terms, postcodes) -> list[str]:
    """Open Referral queries: search, taxonomy terms, ages, pages, and places."""
    lines = set()
    while len(lines) < LINES:
        kind = rng.random()
        if kind < 0.4:
            query = {"search": rng.choice(words), "per_page": rng.choice([10, 25, 50])}
        elif kind < 0.7:
            query = {"taxonomy_term_id": rng.choice(terms), "page": rng.randint(1, 5)}
        elif kind < 0.85:
            query = {"minimum_age": rng.randint(0, 4), "page": rng.randint(1, 5)}
        else:
            lines.add("GET /api/oruk/service_at_locations?" + urlencode({"postcode": rng.choice(postcodes)}))
            continue
        lines.add("GET /api/oruk/services?" + urlencode(query))
    return sorted(lines)


def main() -> None:
    out = Path(sys.argv[1])
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pirs_portal.settings")
    import django

    django.setup()
    from openreferral.taxonomies import term_list
    from regions.models import LocalAuthority, Postcode, Region
    from services.models import Service

    rng = random.Random(20261128)  # the same requests in every run, so runs can be compared
    postcodes = list(Postcode.objects.filter(area_code__startswith="W").values_list("postcode", flat=True))
    if len(postcodes) < LINES:
        raise SystemExit(f"Only {len(postcodes)} Welsh postcodes in the database: import them first.")
    words = sorted({w.lower() for name in Service.objects.values_list("name_en", flat=True)[:2000]
                    for w in name.split() if len(w) > 3 and w.isalpha()}) or ["parent"]
    terms = [term.id for term in term_list()]
    files = {
        "finder": finder_lines(rng, postcodes),
        "directory": directory_lines(
            rng, regions=list(Region.objects.values_list("slug", flat=True)),
            authorities=list(LocalAuthority.objects.values_list("code", flat=True)), words=words,
            kinds=[k for k, _ in Service.Kind.choices], statuses=[s for s, _ in Service.Status.choices]),
        "api": api_lines(rng, words=words, terms=terms, postcodes=postcodes),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        (out / f"{name}.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
