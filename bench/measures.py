"""What bench/run.py measures: pages against their static twins, varied requests, the first page after a
change, worker memory, the page store's worth, and a download flood."""

import argparse
import contextlib
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from stack import ROOT, DataSet, Gunicorn, Runs, Target, fetch, paths, say, warm, wrk, write_twins


@dataclass(frozen=True)
class Varied:
    """Requests drawn at random from a file (bench/workloads.py), measured against a page's static twin."""

    name: str
    file: str
    twin: str  # the Target whose static twin is the limit
    bar: float


def measure(sets: list[DataSet], args: argparse.Namespace, log: Path, *, targets: list[Target],
            varied: list[Varied]) -> None:
    """Serve every data set at once; in each round, measure each page, its twin and each varied workload.

    The same page on the seed and on the synthetic data is measured seconds apart, in the same round,
    so a ratio between them compares runs made under the same load from the rest of the machine.
    """
    for ds in sets:
        with Gunicorn(ds.env, args, log, ds.port) as server:
            ds.twins = write_twins(server.port, ds.static_root, targets)
    with contextlib.ExitStack() as stack:
        # A fresh start, so whitenoise sees the new files.
        servers = [stack.enter_context(Gunicorn(ds.env, args, log, ds.port)) for ds in sets]
        for ds, server in zip(sets, servers):
            for target in targets:
                page, static = (fetch(server.port, p)[2] for p in paths(target).values())
                ds.twins[target.name].same_bytes = page == static
            say(f"{ds.label}: warming up")
            warm(server.port, args, targets)
            ds.results = {(t.name, kind): Runs() for t in targets for kind in ("page", "static")}
            ds.results |= {(v.name, "page"): Runs() for v in varied}
        for repeat in range(args.repeats):
            say(f"round {repeat + 1} of {args.repeats}")
            for target in targets:
                for ds, server in zip(sets, servers):
                    for kind, path in paths(target).items():
                        run = wrk(server.port, path, seconds=args.duration, args=args, workers=server.workers())
                        ds.results[(target.name, kind)].runs.append(run)
            for workload in varied:
                for ds, server in zip(sets, servers):
                    run = wrk(server.port, "", seconds=args.duration, args=args, workers=server.workers(),
                              requests_file=ds.work / "workloads" / f"{workload.file}.txt")
                    ds.results[(workload.name, "page")].runs.append(run)


def _service_touch(env: dict) -> None:
    """Change the data as a steward's save does: every cached result and stored page is then out of date."""
    subprocess.run([sys.executable, "manage.py", "shell", "-c",
                    "from services.models import Service\n"
                    "service = Service.objects.filter(is_published=True).order_by('pk').first()\n"
                    "service.save()"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def measure_after_change(ds: DataSet, args: argparse.Namespace, log: Path, *, paths_: list[str]) -> dict:
    """Seconds to answer each page's first request after a change to the data; several trials each."""
    seconds: dict[str, list[float]] = {path: [] for path in paths_}
    with Gunicorn(ds.env, args, log, ds.port) as server:
        for trial in range(3):
            say(f"{ds.label}: first requests after a change, trial {trial + 1} of 3")
            for path in paths_:
                _service_touch(ds.env)
                time.sleep(1.2)  # every process reads the shared data version at least once a second
                started = time.perf_counter()
                status = fetch(server.port, path)[0]
                seconds[path].append(time.perf_counter() - started if status == 200 else float("inf"))
    return seconds


def _rss_mb(pids: list[int]) -> list[float]:
    sizes = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024)
    return sizes


def measure_memory(ds: DataSet, args: argparse.Namespace, log: Path, *, searches: int) -> dict:
    """Each worker's resident memory before and after `searches` distinct finder searches (and their results)."""
    requests_file = ds.work / "workloads" / "finder.txt"
    with Gunicorn(ds.env, args, log, ds.port) as server:
        for _ in range(2):  # every page and result the workers keep for the seed of the data is made once
            wrk(server.port, "", seconds=args.duration, args=args, requests_file=requests_file)
        workers = server.workers()
        before, done = _rss_mb(workers), 0
        while done < 2 * searches:  # each search is a POST and the GET of its results
            run = wrk(server.port, "", seconds=10, args=args, requests_file=requests_file)
            done += run["requests"]
            say(f"{ds.label}: {done // 2:,} searches so far")
        after = _rss_mb(workers)
    return {"searches": done // 2, "before_mb": before, "after_mb": after,
            "growth_mb": [b - a for a, b in zip(before, after)]}


def measure_without_store(ds: DataSet, args: argparse.Namespace, log: Path, *, targets: list[Target]) -> dict:
    """Each page's throughput against its twin with the page store off, for comparison with it on."""
    results = {(t.name, kind): Runs() for t in targets for kind in ("page", "static")}
    with Gunicorn(ds.env | {"PAGE_STORE": "false"}, args, log, ds.port) as server:
        warm(server.port, args, targets)
        for repeat in range(args.repeats):
            say(f"{ds.label} without the page store: round {repeat + 1} of {args.repeats}")
            for target in targets:
                for kind, path in paths(target).items():
                    run = wrk(server.port, path, seconds=args.duration, args=args, workers=server.workers())
                    results[(target.name, kind)].runs.append(run)
    return results


FLOOD_CLIENTS = 8
FLOOD_PATH = "/gap/download.xlsx"


class Flood:
    """Clients that each download a file over and over, as fast as it comes, until stopped."""

    def __init__(self, port: int, path: str, clients: int):
        self.port, self.path, self.stop = port, path, threading.Event()
        self.statuses: list[int] = []
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]

    def _client(self) -> None:
        while not self.stop.is_set():
            try:
                self.statuses.append(fetch(self.port, self.path)[0])
            except OSError:
                self.statuses.append(0)

    def __enter__(self) -> "Flood":
        for thread in self.threads:
            thread.start()
        time.sleep(0.5)  # every client has a download under way before the measured run starts
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def measure_flood(ds: DataSet, args: argparse.Namespace, log: Path, *, target: Target) -> dict:
    """A page's runs without and with eight clients downloading the XLSX, alternating round by round."""
    quiet, loud, statuses = Runs(), Runs(), []
    with Gunicorn(ds.env, args, log, ds.port) as server:
        for _ in range(2 * args.workers):  # every worker builds the download once for this data version
            fetch(server.port, FLOOD_PATH)
        warm(server.port, args, [target])
        for repeat in range(args.repeats):
            say(f"download flood: round {repeat + 1} of {args.repeats}")
            quiet.runs.append(wrk(server.port, target.path, seconds=args.duration, args=args))
            with Flood(server.port, FLOOD_PATH, FLOOD_CLIENTS) as flood:
                loud.runs.append(wrk(server.port, target.path, seconds=args.duration, args=args))
            statuses += flood.statuses
    return {"quiet": quiet, "loud": loud, "downloads": len(statuses),
            "download_errors": sum(1 for s in statuses if s != 200), "clients": FLOOD_CLIENTS, "path": FLOOD_PATH}

