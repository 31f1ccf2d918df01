"""Measure the public pages against the static-file limit, on the seed and at 10,000 services; write bench/report.md.

Run with the project's Python: .venv/bin/python bench/run.py   (needs wrk: apt-get install -y wrk)

Everything happens in a temporary folder (a SpatiaLite database, collectstatic
output) with gunicorn on 127.0.0.1 only; the script stops gunicorn itself. See
bench/README.md for the method.
"""

import argparse
import contextlib
import datetime
import gzip
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from report_md import flood_lines, report_markdown  # beside this script

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk_report.lua"
# A browser's headers: the GeoJSON is then answered gzipped, as the map receives it; pages are not compressed.
ACCEPT_ENCODING = "gzip"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    suffix: str
    bar: float = 0.5  # page throughput / static-file throughput, at least


TARGETS = [
    Target("home", "/", "html"),
    Target("geojson", "/geo/local-authorities.geojson", "geojson", bar=0.8),
    Target("gap", "/gap/", "html"),
    Target("finder", "/services/find/?authority=W06000022&stage=born&age_months=5", "html"),
    Target("api", "/api/oruk/services", "json"),
]


@dataclass
class Twin:
    """What a page answered when its static twin was written."""

    body_bytes: int
    sent_bytes: int
    encoding: str
    same_bytes: bool | None = None


@dataclass
class Runs:
    runs: list[dict] = field(default_factory=list)

    def rate(self) -> float:
        return statistics.median(r["requests"] / (r["duration_us"] / 1e6) for r in self.runs)

    def ms(self, what: str) -> float:
        if what == "max":
            return max(r["max"] for r in self.runs) / 1000
        return statistics.median(r[what] for r in self.runs) / 1000

    def errors(self) -> int:
        return sum(r[k] for r in self.runs for k in ("connect", "read", "write", "status", "timeout"))

    def cpu_us(self) -> float:
        """CPU time per request, gunicorn's and wrk's together: steadier than throughput on a busy machine."""
        return statistics.median(r["cpu_us"] / max(r["requests"], 1) for r in self.runs)

    def p95_ratios(self, base: "Runs") -> list[float]:
        """p95 against another data set's, round by round: each run against the base's in the same round."""
        return [r["p95"] / max(b["p95"], 1) for r, b in zip(self.runs, base.runs)]

    def p95_ratio(self, base: "Runs") -> float:
        return statistics.median(self.p95_ratios(base))

    def ratios(self, static: "Runs") -> list[float]:
        """Page/static throughput, round by round: each page run against the twin run beside it."""
        return [(p["requests"] / p["duration_us"]) / (s["requests"] / s["duration_us"])
                for p, s in zip(self.runs, static.runs)]

    def ratio(self, static: "Runs") -> float:
        return statistics.median(self.ratios(static))


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def fetch(port: int, path: str) -> tuple[int, dict, bytes]:
    """GET a path as wrk will, without decompressing the answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class Gunicorn:
    """gunicorn on 127.0.0.1, started on entry and always stopped on exit."""

    def __init__(self, env: dict, args: argparse.Namespace, log: Path, port: int):
        self.env, self.args, self.log, self.port = env, args, log, port
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        command = [
            sys.executable, "-m", "gunicorn", "pirs_portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.args.workers), "--worker-class", self.args.worker_class,
            "--threads", str(self.args.threads), "--log-level", "warning",
            # wrk opens its connections at once, and the worker that wakes first may accept them all,
            # leaving the other idle: a third of the throughput, page and twin alike, in one run of
            # eight here. A cap per worker shares them out.
            "--worker-connections", str(-(-self.args.connections // self.args.workers)),
        ]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log}:\n" + self.log.read_text()[-2000:])
            try:
                if fetch(self.port, "/static/css/portal.css")[0] == 200 and self.process.poll() is None:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 s")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def twin_path(target: Target) -> str:
    return f"bench/{target.name}.{target.suffix}"


def write_twins(port: int, static_root: Path) -> dict[str, Twin]:
    """Save each page's current answer as a static file; a gzipped answer also as the file's .gz."""
    twins = {}
    for target in TARGETS:
        status, headers, sent = fetch(port, target.path)
        if status != 200:
            raise SystemExit(f"{target.path} answered {status}")
        encoding = headers.get("content-encoding", "")
        body = gzip.decompress(sent) if encoding == "gzip" else sent
        path = static_root / twin_path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        gz = path.with_name(path.name + ".gz")
        gz.unlink(missing_ok=True)
        if encoding == "gzip":
            gz.write_bytes(sent)
        twins[target.name] = Twin(body_bytes=len(body), sent_bytes=len(sent), encoding=encoding or "identity")
    return twins


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by these processes (gunicorn's workers)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(port: int, path: str, *, seconds: int, args: argparse.Namespace, workers: list[int] = ()) -> dict:
    before = cpu_seconds(workers) + children_cpu()
    command = [
        "wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(LUA), "-H", f"Accept-Encoding: {ACCEPT_ENCODING}", f"http://127.0.0.1:{port}{path}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK-JSON "))
    result = json.loads(line.removeprefix("WRK-JSON "))
    result["cpu_us"] = (cpu_seconds(workers) + children_cpu() - before) * 1e6
    return result


def paths(target: Target) -> dict[str, str]:
    return {"page": target.path, "static": "/static/" + twin_path(target)}


def warm(port: int, args: argparse.Namespace) -> None:
    """Fill every worker's caches: rounds of short runs until two in a row have no answer slower than a second.

    A page computed afresh takes seconds at 10,000 services; one still being computed when a round ends
    is not seen in it, hence two clean rounds.
    """
    clean = 0
    for _ in range(6):
        runs = [wrk(port, t.path, seconds=args.warmup, args=args) for t in TARGETS]
        clean = clean + 1 if all(r["max"] < 1_000_000 and r["requests"] > 0 for r in runs) else 0
        if clean == 2:
            return
    say("the pages were still slow after six rounds of warming up")


@dataclass
class DataSet:
    """One database and its static files, served by its own gunicorn."""

    label: str
    env: dict
    static_root: Path
    port: int  # one port for every start: API answers carry the site's address
    twins: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)


def data_set(label: str, work: Path, base_env: dict, *, taken: int = 0) -> DataSet:
    static_root = work / f"{label}-static"
    env = base_env | {"DATABASE_URL": f"spatialite:///{work / f'{label}.sqlite3'}", "STATIC_ROOT": str(static_root)}
    port = free_port()
    while port == taken:  # two servers on one port would measure one data set twice
        port = free_port()
    return DataSet(label, env, static_root, port)


def measure(sets: list[DataSet], args: argparse.Namespace, log: Path) -> None:
    """Serve every data set at once, and measure each page and its twin on each, alternating, `repeats` times.

    The same page on the seed and on the synthetic data is measured seconds apart, in the same
    round, so a ratio between them compares runs made under the same load from the rest of the machine.
    """
    for ds in sets:
        with Gunicorn(ds.env, args, log, ds.port) as server:
            ds.twins = write_twins(server.port, ds.static_root)
    with contextlib.ExitStack() as stack:
        # A fresh start, so whitenoise sees the new files.
        servers = [stack.enter_context(Gunicorn(ds.env, args, log, ds.port)) for ds in sets]
        for ds, server in zip(sets, servers):
            for target in TARGETS:
                page, static = (fetch(server.port, p)[2] for p in paths(target).values())
                ds.twins[target.name].same_bytes = page == static
            say(f"{ds.label}: warming up")
            warm(server.port, args)
            ds.results = {(t.name, kind): Runs() for t in TARGETS for kind in ("page", "static")}
        for repeat in range(args.repeats):
            say(f"round {repeat + 1} of {args.repeats}")
            for target in TARGETS:
                for ds, server in zip(sets, servers):
                    for kind, path in paths(target).items():
                        run = wrk(server.port, path, seconds=args.duration, args=args, workers=server.workers())
                        ds.results[(target.name, kind)].runs.append(run)


FLOOD_CLIENTS = 8
FLOOD_PATH = "/gap/download.xlsx"
FLOOD_TARGET = TARGETS[0]  # the home page, measured with and without the flood


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


def measure_flood(ds: DataSet, args: argparse.Namespace, log: Path) -> dict:
    """The home page's runs without and with eight clients downloading the XLSX, alternating round by round."""
    quiet, loud, statuses = Runs(), Runs(), []
    with Gunicorn(ds.env, args, log, ds.port) as server:
        for _ in range(2 * args.workers):  # every worker builds the download once for this data version
            fetch(server.port, FLOOD_PATH)
        warm(server.port, args)
        for repeat in range(args.repeats):
            say(f"download flood: round {repeat + 1} of {args.repeats}")
            quiet.runs.append(wrk(server.port, FLOOD_TARGET.path, seconds=args.duration, args=args))
            with Flood(server.port, FLOOD_PATH, FLOOD_CLIENTS) as flood:
                loud.runs.append(wrk(server.port, FLOOD_TARGET.path, seconds=args.duration, args=args))
            statuses += flood.statuses
    return {"quiet": quiet, "loud": loud, "downloads": len(statuses),
            "download_errors": sum(1 for s in statuses if s != 200), "clients": FLOOD_CLIENTS, "path": FLOOD_PATH}


def print_set(ds: DataSet) -> None:
    for target in TARGETS:
        page, static = ds.results[(target.name, "page")], ds.results[(target.name, "static")]
        print(f"{ds.label:9} {target.name:8} page {page.rate():7,.0f}/s  static {static.rate():7,.0f}/s  "
              f"ratio {page.ratio(static):.2f}  CPU ratio {static.cpu_us() / page.cpu_us():.2f} "
              f"({page.cpu_us():.0f} vs {static.cpu_us():.0f} us)  p95 {page.ms('p95'):.1f} ms  errors {page.errors()}")


def machine() -> dict[str, str]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0].strip()
    return {"cores (nproc)": str(len(os.sched_getaffinity(0))), "CPU": model, "memory": f"{memory / 2**20:.1f} GiB",
            "Python": platform.python_version(), "wrk": wrk_version}


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
    parser.add_argument("--report", type=Path, default=HERE / "report.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--seed-only", action="store_true", help="measure the seed only and print, for tuning")
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
    sets = [seed]
    try:
        say(f"databases and static files in {work}")
        manage(seed.env, "migrate", "--no-input")
        manage(seed.env, "load_seed")
        manage(seed.env, "collectstatic", "--no-input")
        if not args.seed_only:
            synthetic = data_set("synthetic", work, env, taken=seed.port)
            shutil.copyfile(work / "seed.sqlite3", work / "synthetic.sqlite3")
            shutil.copytree(seed.static_root, synthetic.static_root)
            say(f"building {args.services:,} services over {args.areas} areas")
            manage(synthetic.env, "build_synthetic_data", "--throwaway-database", "--services", str(args.services),
                   "--areas", str(args.areas))
            sets.append(synthetic)
        if args.flood_only:
            return print("\n".join(flood_lines(measure_flood(sets[-1], args, log))))
        measure(sets, args, log)
        flood = None if args.seed_only else measure_flood(sets[-1], args, log)
        if args.seed_only:
            return print_set(seed)
        load.append(os.getloadavg()[0])
        info = machine() | {name: version(name) for name in ("Django", "gunicorn", "whitenoise")}
        args.report.write_text(report_markdown(
            args=args, info=info, started=started, load=load, sets={ds.label: ds for ds in sets},
            seconds=time.monotonic() - clock, targets=TARGETS, flood=flood,
        ))
        say(f"report written to {args.report}")
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
