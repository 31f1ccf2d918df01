"""Write bench/run.py's figures as Markdown: the bars first, then every figure behind them."""

import argparse
import datetime
import statistics

P95_BAR = 1.5  # p95 at 10,000 services / p95 on the seed, at most
FLOOD_BAR = 1.5  # the home page's p95 during a download flood / without it, at most
AFTER_CHANGE_BAR = 1.0  # seconds for a page's first request after a change, at 10,000 services, at most
MEMORY_BAR = 50  # MB a worker may grow over the finder's distinct searches, at most
TITLES = {"seed": "Seed data", "synthetic": "Synthetic data"}


def _ok(holds: bool) -> str:
    return "yes" if holds else "**no**"


def _size(n: int) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 2**20:,.2f} MB"


def _set_table(targets, twins: dict, results: dict) -> list[str]:
    lines = [
        "| page | bytes sent (body) | page req/s | static req/s | page/static | bar | CPU µs/request (page, static) "
        "| p50 ms | p95 ms | max ms | static p95 ms | same bytes | errors (page, static) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for t in targets:
        twin, page, static = twins[t.name], results[(t.name, "page")], results[(t.name, "static")]
        ratio = page.ratio(static)
        sent = _size(twin.sent_bytes) + (f" gzip ({_size(twin.body_bytes)})" if twin.encoding == "gzip" else "")
        lines.append(
            f"| {t.name} `{t.path}` | {sent} | {page.rate():,.0f} | {static.rate():,.0f} | {ratio:.2f} "
            f"| {t.bar} {'' if ratio >= t.bar else '**missed**'} | {page.cpu_us():.0f}, {static.cpu_us():.0f} "
            f"| {page.ms('p50'):.1f} | {page.ms('p95'):.1f} "
            f"| {page.ms('max'):.0f} | {static.ms('p95'):.1f} | {'yes' if twin.same_bytes else '**no**'} "
            f"| {page.errors()}, {static.errors()} |"
        )
    return lines


def _median_and_range(values: list[float], holds) -> str:
    """The median, whether it meets the bar, and the lowest and highest round with how many rounds met it."""
    median = statistics.median(values)
    met = sum(1 for v in values if holds(v))
    return f"{median:.2f} {_ok(holds(median))} ({min(values):.2f}–{max(values):.2f}; {met} of {len(values)} rounds)"


def bars(targets, sets: dict, *, varied, extra: dict) -> list[str]:
    """One row per bar: does its median over the rounds hold in this run, and how did single rounds spread?"""
    seed, synthetic = sets["seed"].results, sets["synthetic"].results
    lines = ["| bar | seed: median (lowest–highest round; rounds meeting the bar) | 10,000 services |", "|---|---|---|"]
    for t in targets:
        cells = [_median_and_range(r[(t.name, "page")].ratios(r[(t.name, "static")]), lambda x: x >= t.bar)
                 for r in (seed, synthetic)]
        lines.append(f"| {t.name}: page/static throughput ≥ {t.bar} | " + " | ".join(cells) + " |")
    for t in targets:
        ratios = synthetic[(t.name, "page")].p95_ratios(seed[(t.name, "page")])
        lines.append(f"| {t.name}: p95 at 10,000 services / p95 on the seed ≤ {P95_BAR} | | "
                     f"{_median_and_range(ratios, lambda x: x <= P95_BAR)} |")
    for v in varied:
        cells = [_median_and_range(r[(v.name, "page")].ratios(r[(v.twin, "static")]), lambda x: x >= v.bar)
                 for r in (seed, synthetic)]
        lines.append(f"| {v.name}: throughput / the static limit ≥ {v.bar} | " + " | ".join(cells) + " |")
    after = extra["after_change"]
    slowest = max(after, key=lambda path: statistics.median(after[path]))
    worst = statistics.median(after[slowest])
    lines.append(f"| first request for each public page right after a change ≤ {AFTER_CHANGE_BAR:g} s | | "
                 f"slowest `{slowest}`: {worst:.2f} s (median of 3) {_ok(worst <= AFTER_CHANGE_BAR)} |")
    growth = max(extra["memory"]["growth_mb"])
    lines.append(f"| a worker's memory growth over {extra['memory']['searches']:,} distinct finder searches ≤ "
                 f"{MEMORY_BAR} MB | | {growth:.1f} MB {_ok(growth <= MEMORY_BAR)} |")
    flood = extra["flood"]
    lines.append(f"| home p95 during a download flood / without ≤ {FLOOD_BAR} | | "
                 f"{_median_and_range(flood['loud'].p95_ratios(flood['quiet']), lambda x: x <= FLOOD_BAR)} |")
    errors = sum(r.errors() for ds in sets.values() for r in ds.results.values())
    lines.append(f"| no errors (non-2xx/3xx, socket errors, time-outs) | | {errors} in all {_ok(errors == 0)} |")
    return lines


def flood_lines(flood: dict) -> list[str]:
    """The download flood: the home page's p95 with eight clients downloading against its p95 without."""
    quiet, loud = flood["quiet"], flood["loud"]
    ratios = loud.p95_ratios(quiet)
    return [
        f"At 10,000 services, {flood['clients']} clients download `{flood['path']}` over and over while wrk "
        "measures the home page; each round measures the home page without the flood, then with it, seconds apart.",
        "",
        "| bar | median (lowest–highest round; rounds meeting the bar) |", "|---|---|",
        f"| home p95 during the flood / p95 without ≤ {FLOOD_BAR} | "
        f"{_median_and_range(ratios, lambda x: x <= FLOOD_BAR)} |",
        "",
        "| | home req/s | p50 ms | p95 ms | errors |", "|---|--:|--:|--:|--:|",
        f"| without the flood | {quiet.rate():,.0f} | {quiet.ms('p50'):.1f} | {quiet.ms('p95'):.1f} | {quiet.errors()} |",
        f"| during the flood | {loud.rate():,.0f} | {loud.ms('p50'):.1f} | {loud.ms('p95'):.1f} | {loud.errors()} |",
        "",
        f"The flood's clients were answered {flood['downloads']:,} downloads; {flood['download_errors']} "
        "were not a 200.",
    ]


def varied_lines(varied, sets: dict) -> list[str]:
    lines = ["| requests | data | req/s | static limit req/s | ratio | p50 ms | p95 ms | errors |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    for v in varied:
        for name, ds in sets.items():
            runs, static = ds.results[(v.name, "page")], ds.results[(v.twin, "static")]
            lines.append(f"| {v.name} | {TITLES[name]} | {runs.rate():,.0f} | {static.rate():,.0f} "
                         f"| {runs.ratio(static):.2f} | {runs.ms('p50'):.1f} | {runs.ms('p95'):.1f} | {runs.errors()} |")
    return lines


def store_lines(targets, seed_results: dict, without: dict) -> list[str]:
    """The page store's worth: each page's ratio to its twin with the store (the rounds above) and without."""
    lines = ["| page | page/static with the store | without it | p95 ms with | without |",
             "|---|--:|--:|--:|--:|"]
    for t in targets:
        with_ = seed_results[(t.name, "page")].ratio(seed_results[(t.name, "static")])
        without_ = without[(t.name, "page")].ratio(without[(t.name, "static")])
        lines.append(f"| {t.name} | {with_:.2f} | {without_:.2f} | {seed_results[(t.name, 'page')].ms('p95'):.1f} "
                     f"| {without[(t.name, 'page')].ms('p95'):.1f} |")
    return lines


def after_change_lines(after: dict) -> list[str]:
    lines = ["| page | seconds for the first request after a change (3 trials) | median |", "|---|---|--:|"]
    for path, seconds in after.items():
        lines.append(f"| `{path}` | {', '.join(f'{s:.2f}' for s in seconds)} | {statistics.median(seconds):.2f} |")
    return lines


def memory_lines(memory: dict) -> list[str]:
    return [
        f"{memory['searches']:,} finder searches (a POST placing a postcode, then the GET of its results), drawn "
        "from 5,000 distinct postcodes and every age, at 10,000 services:",
        "",
        "| worker | resident before, MB | after, MB | growth, MB |", "|---|--:|--:|--:|",
        *[f"| {n + 1} | {b:.1f} | {a:.1f} | {g:.1f} |"
          for n, (b, a, g) in enumerate(zip(memory["before_mb"], memory["after_mb"], memory["growth_mb"]))],
    ]


def report_markdown(*, args: argparse.Namespace, info: dict, started: datetime.datetime, load: list[float],
                    sets: dict, seconds: float, targets, varied, extra: dict) -> str:
    threads = (f" × {args.threads} threads, at most {-(-args.connections // args.workers)} connections each"
               if args.worker_class == "gthread" else "")
    lines = [
        "# Benchmark report",
        "",
        f"Made by `bench/run.py` on {started:%Y-%m-%d %H:%M %Z}, in {seconds / 60:.1f} minutes. "
        "See `bench/README.md` for the method.",
        "",
        "| machine | |", "|---|---|",
        *[f"| {key} | {value} |" for key, value in info.items()],
        f"| load average (1 min) at start, end | {load[0]:.2f}, {load[-1]:.2f} |",
        "",
        f"Server: gunicorn, {args.workers} `{args.worker_class}` workers{threads}, DEBUG off, SpatiaLite, "
        "each worker's local-memory cache. Load: wrk on the same machine, "
        f"{args.connections} connections, {args.wrk_threads} threads, `Accept-Encoding: gzip`; "
        "the seed and the synthetic data served side by side, each by its own gunicorn; "
        f"{args.repeats} rounds, each with one run of {args.duration:g} s for every page and for its static twin "
        "(the same bytes served by whitenoise through the same gunicorn), on each data set in turn. "
        "Figures are medians of the runs (max is the largest of them). A page/static ratio is the median, "
        "over the rounds, of the page's throughput against its twin's in the run beside it; a p95 ratio is "
        "the median, over the rounds, of the page's p95 on the synthetic data against its p95 on the seed "
        "in the same round, seconds apart. CPU µs/request is gunicorn's and wrk's CPU time "
        "over the requests answered: steadier than throughput when other work shares the machine.",
        "",
        "## The bars",
        "",
        *bars(targets, sets, varied=varied, extra=extra),
        "",
        "## Requests drawn at random",
        "",
        "Each run draws its requests at random from 5,000 written by `bench/workloads.py` from the data set "
        "itself; the limit is the static twin of the page they lead to, measured in the same round.",
        "",
        *varied_lines(varied, sets),
        "",
        "## The page store",
        "",
        "The seed's pages with the in-process page store (the rounds above) and without it (`PAGE_STORE=false`, "
        "measured after them): what it saves every request that reaches gunicorn.",
        "",
        *store_lines(targets, sets["seed"].results, extra["without_store"]),
        "",
        "## The first request after a change",
        "",
        "At 10,000 services and 400 areas, a service is saved (moving the data version) before each request.",
        "",
        *after_change_lines(extra["after_change"]),
        "",
        "## Worker memory",
        "",
        *memory_lines(extra["memory"]),
        "",
        "## Download flood",
        "",
        *flood_lines(extra["flood"]),
    ]
    for name, ds in sets.items():
        lines += ["", f"## {TITLES[name]}", "", *_set_table(targets, ds.twins, ds.results)]
    return "\n".join(lines) + "\n"
