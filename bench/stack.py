"""The machinery bench/run.py measures with: gunicorn on loopback, wrk, static twins, and the runs' figures."""

import argparse
import gzip
import http.client
import json
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk_report.lua"
LUA_VARIED = HERE / "wrk_varied.lua"
# A browser's headers: the GeoJSON is then answered gzipped, as the map receives it; pages are not compressed.
ACCEPT_ENCODING = "gzip"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    suffix: str
    bar: float = 0.5  # page throughput / static-file throughput, at least


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
    """The static twin's address: the target's name with spaces as hyphens, as an address cannot hold a space."""
    return f"bench/{target.name.replace(' ', '-')}.{target.suffix}"


def write_twins(port: int, static_root: Path, targets: list[Target]) -> dict[str, Twin]:
    """Save each page's current answer as a static file; a gzipped answer also as the file's .gz."""
    twins = {}
    for target in targets:
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


def wrk(port: int, path: str, *, seconds: int, args: argparse.Namespace, workers: list[int] = (),
        requests_file: Path | None = None) -> dict:
    """One wrk run: at one path, or (requests_file) at requests drawn at random from a file."""
    before = cpu_seconds(workers) + children_cpu()
    script = [str(LUA_VARIED), f"http://127.0.0.1:{port}/", str(requests_file)] if requests_file else \
        [str(LUA), f"http://127.0.0.1:{port}{path}"]
    command = [
        "wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
        "-H", f"Accept-Encoding: {ACCEPT_ENCODING}", "-s", *script,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK-JSON "))
    result = json.loads(line.removeprefix("WRK-JSON "))
    result["cpu_us"] = (cpu_seconds(workers) + children_cpu() - before) * 1e6
    return result


def paths(target: Target) -> dict[str, str]:
    return {"page": target.path, "static": "/static/" + twin_path(target)}


def warm(port: int, args: argparse.Namespace, targets: list[Target]) -> None:
    """Fill every worker's caches: rounds of short runs until two in a row have no answer slower than a second.

    A page computed afresh takes seconds at 10,000 services; one still being computed when a round ends
    is not seen in it, hence two clean rounds.
    """
    clean = 0
    for _ in range(6):
        runs = [wrk(port, t.path, seconds=args.warmup, args=args) for t in targets]
        clean = clean + 1 if all(r["max"] < 1_000_000 and r["requests"] > 0 for r in runs) else 0
        if clean == 2:
            return
    say("the pages were still slow after six rounds of warming up")


@dataclass
class DataSet:
    """One database and its static files, served by its own gunicorn."""

    label: str
    env: dict
    work: Path  # where its requests files are (workloads/)
    static_root: Path
    port: int  # one port for every start: API answers carry the site's address
    twins: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)


def data_set(label: str, work: Path, base_env: dict, *, taken: int = 0) -> DataSet:
    static_root = work / f"{label}-static"
    # Each data set its own version and limit files: a change to one must not touch the other.
    env = base_env | {"DATABASE_URL": f"spatialite:///{work / f'{label}.sqlite3'}", "STATIC_ROOT": str(static_root),
                      "CACHE_DIR": str(work / f"{label}-cache")}
    port = free_port()
    while port == taken:  # two servers on one port would measure one data set twice
        port = free_port()
    return DataSet(label, env, work / label, static_root, port)


def machine() -> dict[str, str]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0].strip()
    return {"cores (nproc)": str(len(os.sched_getaffinity(0))), "CPU": model, "memory": f"{memory / 2**20:.1f} GiB",
            "Python": platform.python_version(), "wrk": wrk_version}


