"""`python -m benchmarks [NAME...]`: run benchmark modules and print their figures.

A benchmark module is any `benchmarks/<app>_<what>.py` with `run() -> list[tuple[str,
str]]`. Without names every such module runs, in alphabetical order; with names only
those (`news_queries`, `benchmarks.news_queries` and `benchmarks/news_queries.py` are
all accepted). Each module's figures print as it finishes, then one table of all.
A module that cannot run here (no PostgreSQL, no Redis) is reported as skipped; one
that fails, or gives a figure whose value starts with "ERROR", is reported as an
error and the exit status is 1.
"""

import argparse
import importlib
import json
import pkgutil
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODULE_NAME = re.compile(r"^[a-z][a-z0-9]*_[a-z0-9_]+$")


def discover() -> list[str]:
    """Names of the benchmark modules in this package, sorted."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(PACKAGE_DIR)])
        if not info.ispkg and MODULE_NAME.match(info.name)
    )


def _normalise(name: str) -> str:
    name = name.strip().removesuffix(".py").replace("/", ".")
    return name.rsplit(".", 1)[-1]


def _table(rows: list[tuple[str, str, str]]) -> str:
    header = ("benchmark", "figure", "value")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    rule = "  ".join("-" * w for w in widths)
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        rule,
    ]
    previous = None
    for row in rows:
        shown = ("" if row[0] == previous else row[0], row[1], row[2])
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True)).rstrip()
        )
        previous = row[0]
    return "\n".join(lines)


def _check(results, name: str) -> list[tuple[str, str]]:
    if not isinstance(results, list) or not all(
        isinstance(r, tuple) and len(r) == 2 and all(isinstance(x, str) for x in r)
        for r in results
    ):
        raise TypeError(f"{name}.run() must return list[tuple[str, str]]")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run the benchmarks (all, or the named modules) and print a table.",
    )
    parser.add_argument("names", nargs="*", help="modules to run, e.g. news_queries")
    parser.add_argument("--list", action="store_true", help="list modules and exit")
    parser.add_argument("--rows-to", help=argparse.SUPPRESS)  # a child's results file
    args = parser.parse_args(argv)

    available = discover()
    if args.list:
        print("\n".join(available))
        return 0
    selected = [_normalise(n) for n in args.names] or available
    unknown = [n for n in selected if n not in available]
    if unknown:
        parser.error(
            f"unknown benchmark(s): {', '.join(unknown)}; "
            f"available: {', '.join(available) or 'none'}"
        )

    if args.rows_to:
        return _run_here(selected[0], args.rows_to)

    rows: list[tuple[str, str, str]] = []
    outcomes: list[tuple[str, str, float]] = []
    started = time.perf_counter()
    for name in selected:
        # Each module in a process of its own: no connection, cache or thread of one
        # module leaks into the next (a fork after another module's threads once hung).
        print(f"\n=== {name}", flush=True)
        start = time.perf_counter()
        with tempfile.NamedTemporaryFile(suffix=".json") as handle:
            child = subprocess.run(
                [sys.executable, "-m", "benchmarks", name, "--rows-to", handle.name]
            )
            report = json.loads(Path(handle.name).read_text() or "{}")
        outcome = report.get("outcome") or f"error (exit status {child.returncode})"
        for figure, value in report.get("rows", []):
            rows.append((name, figure, value))
        outcomes.append((name, outcome, time.perf_counter() - start))

    print("\n" + (_table(rows) if rows else "(no figures)"))
    print()
    for name, outcome, seconds in outcomes:
        print(f"{name}: {outcome} ({seconds:.0f} s)")
    print(f"total: {time.perf_counter() - started:.0f} s")
    return 1 if any(o.startswith("error") for _n, o, _s in outcomes) else 0


def _run_here(name: str, rows_to: str) -> int:
    """Run one module in this process; write its rows and outcome for the parent."""
    from benchmarks import support

    support.prepare_environment()
    import django

    django.setup()
    results: list[tuple[str, str]] = []
    try:
        module = importlib.import_module(f"benchmarks.{name}")
        results = _check(module.run(), name)
    except support.Skip as skip:
        outcome = f"skipped: {skip}"
        print(f"SKIPPED {name}: {skip}", flush=True)
    except Exception:
        traceback.print_exc()
        outcome = "error (traceback above)"
    else:
        failed = [f for f, v in results if v.startswith("ERROR")]
        outcome = f"error in {len(failed)} figure(s)" if failed else "ok"
        for figure, value in results:
            print(f"  {figure}: {value}", flush=True)
    Path(rows_to).write_text(json.dumps({"outcome": outcome, "rows": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
