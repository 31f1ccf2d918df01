"""Measure the public pages against the static-file limit, on the seed and at 10,000 services; write bench/report.md.

Run with the project's Python: .venv/bin/python bench/run.py   (needs wrk: apt-get install -y wrk)

Everything happens in a temporary folder (SpatiaLite databases, collectstatic
output, request files) with gunicorn on 127.0.0.1 only; the script stops
gunicorn itself. See bench/README.md for the method.
"""

import argparse
import datetime
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from measures import (
    Varied,
    measure,
    measure_after_change,
    measure_flood,
    measure_memory,
    measure_without_store,
)
from report_md import flood_lines, report_markdown  # beside this script
from stack import HERE, ROOT, Target, data_set, machine, manage, say

TARGETS = [
    Target("home", "/", "html"),
    Target("geojson", "/geo/local-authorities.geojson", "geojson", bar=0.8),
    Target("gap", "/gap/", "html"),
    Target("finder results", "/services/find/W06000022/5-months/", "html"),
    Target("directory", "/services/", "html"),
    Target("api", "/api/oruk/services", "json"),
]
# Requests as people send them, drawn at random (bench/workloads.py), against a page's static twin.
VARIED = [
    Varied("finder, 5,000 postcodes and ages", "finder", twin="finder results", bar=0.5),
    Varied("directory searches and filters", "directory", twin="directory", bar=0.3),
    Varied("API search and filters", "api", twin="api", bar=0.3),
]
# Each public page's first request after a change to the data: at most a second at 10,000 services.
AFTER_CHANGE = ["/", "/gap/", "/gap/print/", "/geo/local-authorities.geojson", "/services/",
                "/services/find/W06000022/5-months/", "/api/oruk/services"]
SEARCHES_FOR_MEMORY = 50_000


def workloads(ds) -> None:
    """Write the data set's requests files from its own database."""
    subprocess.run([sys.executable, str(HERE / "workloads.py"), str(ds.work / "workloads")],
                   cwd=ROOT, env=ds.env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run (default 4)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds, each one run per page and twin on each data set; medians reported (3)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds per warm-up run (default 2)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, one per core)")
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--areas", type=int, default=400)
    parser.add_argument("--memory-searches", type=int, default=SEARCHES_FOR_MEMORY,
                        help=f"distinct finder searches between the two memory readings (default {SEARCHES_FOR_MEMORY:,})")
    parser.add_argument("--report", type=Path, default=HERE / "report.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--flood-only", action="store_true",
                        help="only the download flood at 10,000 services; print it, write no report")
    args = parser.parse_args()
    # Stopped from outside, still stop gunicorn and remove the temporary folder on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: install it first (Debian: apt-get install -y wrk).")
    started, clock, load = datetime.datetime.now().astimezone(), time.monotonic(), [os.getloadavg()[0]]
    work = Path(tempfile.mkdtemp(prefix="pirs-bench-"))
    log = work / "gunicorn.log"
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DEBUG", "HTTPS", "BEHIND_PROXY")}
    env.update({
        "SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "false",
        # The benchmark is one client sending thousands of requests a second: lift the per-address limits.
        "FINDER_RATE_LIMIT": "1000000000/minute", "API_RATE_LIMIT": "1000000000/minute",
        # The flood then meets the download cache alone, the worst case: in use, its limit refuses it sooner.
        "DOWNLOAD_RATE_LIMIT": "1000000000/minute",
    })
    seed = data_set("seed", work, env)
    synthetic = data_set("synthetic", work, env, taken=seed.port)
    sets = [seed, synthetic]
    try:
        say(f"databases, static files and requests in {work}")
        manage(seed.env, "migrate", "--no-input")
        manage(seed.env, "load_seed")
        # Postcodes of Wales and its borders only (C, L, N, S): the finder's searches need no others.
        manage(seed.env, "import_postcodes", "--letters", "CLNS")
        manage(seed.env, "collectstatic", "--no-input")
        shutil.copyfile(work / "seed.sqlite3", work / "synthetic.sqlite3")
        shutil.copytree(seed.static_root, synthetic.static_root)
        say(f"building {args.services:,} services over {args.areas} areas")
        manage(synthetic.env, "build_synthetic_data", "--throwaway-database", "--services", str(args.services),
               "--areas", str(args.areas))
        for ds in sets:
            workloads(ds)
        flood_target = TARGETS[0]
        if args.flood_only:
            return print("\n".join(flood_lines(measure_flood(synthetic, args, log, target=flood_target))))
        measure(sets, args, log, targets=TARGETS, varied=VARIED)
        extra = {
            "without_store": measure_without_store(seed, args, log, targets=TARGETS),
            "after_change": measure_after_change(synthetic, args, log, paths_=AFTER_CHANGE),
            "memory": measure_memory(synthetic, args, log, searches=args.memory_searches),
            "flood": measure_flood(synthetic, args, log, target=flood_target),
        }
        load.append(os.getloadavg()[0])
        info = machine() | {name: version(name) for name in ("Django", "gunicorn", "whitenoise")}
        args.report.write_text(report_markdown(
            args=args, info=info, started=started, load=load, sets={ds.label: ds for ds in sets},
            seconds=time.monotonic() - clock, targets=TARGETS, varied=VARIED, extra=extra,
        ))
        say(f"report written to {args.report}")
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
