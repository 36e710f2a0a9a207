"""Dump every glued value of the executed book, or compare two dumps.

Usage:
    python build_tools/glue_values.py dump [CACHE] > values.json
    python build_tools/glue_values.py diff BEFORE.json AFTER.json [--rename OLD=NEW ...]

``dump`` reads the notebook executions that myst-nb keeps in jupyter-cache
(``_build/.jupyter_cache`` by default): each glued output carries its name in its
metadata. ``diff`` compares two dumps page by page (``--rename`` maps a page's old
path to its new one) and lists every value that differs beyond float noise
(relative 1e-6), every value that appears or disappears, and exits non-zero if any.
"""

import argparse
import ast
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RTOL = 1e-6


def dump(cache_path):
    """Return {page: {name: text}} for every cached notebook execution."""
    from jupyter_cache import get_cache

    cache = get_cache(cache_path)
    root = Path(cache_path).resolve().parent.parent  # <book>/_build/.jupyter_cache
    values = {}
    for record in cache.list_cache_records():
        page = Path(record.uri).resolve()
        page = str(page.relative_to(root)) if page.is_relative_to(root) else str(page)
        values[page] = glued(cache.get_cache_bundle(record.pk).nb)
    return dict(sorted(values.items()))


def glued(notebook):
    """Return {name: text} for every value glued in an executed notebook."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap:
                data = output.get("data", {})
                values[scrap["name"]] = data.get(f"{scrap['mime_prefix']}text/plain", "")
    return values


def _number(text):
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


def same(before, after):
    """True when two glued texts are equal, or numbers equal to relative 1e-6."""
    if before == after:
        return True
    a, b = _number(before), _number(after)
    if a is None or b is None:
        return False
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=1e-12)


def diff(before, after, renames):
    """Return the lines describing every difference between two dumps."""
    before = {renames.get(page, page): values for page, values in before.items()}
    lines = []
    for page in sorted(set(before) | set(after)):
        old, new = before.get(page, {}), after.get(page, {})
        for name in sorted(set(old) | set(new)):
            if name not in new:
                lines.append(f"{page}::{name}: gone (was {old[name][:80]})")
            elif name not in old:
                lines.append(f"{page}::{name}: new ({new[name][:80]})")
            elif not same(old[name], new[name]):
                lines.append(f"{page}::{name}: {old[name][:80]} -> {new[name][:80]}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("dump")
    one.add_argument("cache", nargs="?", default=ROOT / "_build" / ".jupyter_cache")
    two = sub.add_parser("diff")
    two.add_argument("before", type=Path)
    two.add_argument("after", type=Path)
    two.add_argument("--rename", action="append", default=[], metavar="OLD=NEW")
    args = parser.parse_args(argv)
    if args.command == "dump":
        if not Path(args.cache).exists():
            print(f"no execution cache at {args.cache}: run `make book` first")
            return 1
        json.dump(dump(args.cache), sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    renames = dict(item.split("=", 1) for item in args.rename)
    lines = diff(json.loads(args.before.read_text()), json.loads(args.after.read_text()),
                 renames)
    print("\n".join(lines) if lines else "no glued value differs beyond float noise")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
