"""Execute each notebook in a fresh kernel and report its wall time.

Usage: python build_tools/time_notebooks.py [--csv FILE] [PATH ...]

With no paths, every notebook of chapters/, solutions/ and exercises/. The course's
budget is 30 s per notebook on 2 cores from empty caches (``utils/_cache`` is
cleared first unless ``--keep-cache``); the report flags slower ones. This is a
measurement, not a test: it never fails on time.
"""

import argparse
import os
import platform
import shutil
import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 30.0


def time_notebook(path):
    notebook = jupytext.read(path)
    client = NotebookClient(notebook, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--keep-cache", action="store_true",
                        help="do not clear utils/_cache before timing")
    parser.add_argument("--csv", type=Path,
                        help="also write the times to this CSV (the teaching guide reads "
                             "utils/results/notebook_timings.csv)")
    args = parser.parse_args(argv)
    folders = ("chapters", "solutions", "exercises")
    paths = args.paths or sorted(p for folder in folders for p in (ROOT / folder).glob("*.md"))
    if not args.keep_cache:
        shutil.rmtree(ROOT / "utils" / "_cache", ignore_errors=True)
    rows = []
    for path in paths:
        seconds = time_notebook(path.resolve())
        rows.append((seconds, path))
        flag = "  over budget" if seconds > BUDGET else ""
        print(f"{seconds:7.1f} s  {path.relative_to(ROOT) if path.is_absolute() else path}{flag}",
              flush=True)
    if args.csv:
        lines = ["# python build_tools/time_notebooks.py --csv " + str(args.csv),
                 f"# {os.cpu_count()} cores, Python {platform.python_version()}, "
                 f"{time.strftime('%Y-%m-%d')}",
                 "notebook,seconds"]
        lines += [f"{path.resolve().relative_to(ROOT)},{seconds:.1f}" for seconds, path in rows]
        args.csv.write_text("\n".join(lines) + "\n")
    total = sum(seconds for seconds, _ in rows)
    slow = sum(seconds > BUDGET for seconds, _ in rows)
    print(f"{len(rows)} notebooks, {total:.0f} s in all, {slow} over {BUDGET:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
