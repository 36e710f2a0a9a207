"""Execute the book's stale notebooks in parallel, into the cache the book build reads.

Usage: python build_tools/execute_parallel.py

With ``execute_notebooks: cache``, myst-nb executes each stale notebook while Sphinx
reads it, one at a time. This script runs first and does that work on every core: it
adds each notebook of ``_toc.yml`` to the jupyter-cache project as myst-nb does (same
cache folder, same reader ``myst_nb_md``, absolute path), then runs the stale ones with
jupyter-cache's own parallel executor, each in its own folder, with the timeout and
``allow_errors`` of ``_config.yml``. Sphinx then takes every page from the cache; a
page it cannot match (a cache key this script computes differently) is an error here,
not a silent serial re-execution there.

A failure exits 1 and names each failing notebook and the file holding its traceback
(``_build/html/reports/``, where myst-nb writes its own).
"""

import argparse
import logging
import sys
from pathlib import Path, PurePosixPath

import yaml
from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "_build" / "html" / "reports"
# What myst-nb stages a MyST Markdown notebook with (its NbReader.read_fmt).
READ_DATA = {"type": "plugin", "name": "myst_nb_md"}


def toc_files(entry):
    """Every ``root`` and ``file`` of a _toc.yml structure, in reading order."""
    if isinstance(entry, dict):
        for key, value in entry.items():
            if key in ("root", "file"):
                yield value
            else:
                yield from toc_files(value)
    elif isinstance(entry, list):
        for item in entry:
            yield from toc_files(item)


def book_notebooks(toc, exclude_patterns):
    """The .md pages of the table of contents that myst-nb executes, as absolute paths."""
    notebooks = []
    for name in toc_files(toc):
        path = ROOT / name if Path(name).suffix else ROOT / f"{name}.md"
        if not path.is_file() or not is_myst_markdown_notebook(path.read_text("utf8")):
            continue
        # myst-nb's own test for execute.exclude_patterns
        if not any(PurePosixPath(path.as_posix()).match(p) for p in exclude_patterns):
            notebooks.append(path)
    return notebooks


def report_path(uri):
    """Where a failing notebook's traceback goes: where myst-nb writes its own."""
    return REPORTS / Path(uri).relative_to(ROOT).with_suffix(".err.log")


def read_as_sphinx(path, md_config):
    """The notebook myst-nb builds from ``path``: what it matches against the cache."""
    return read_myst_markdown_notebook(path.read_text("utf8"), config=md_config,
                                       add_source_map=True, path=str(path))


def execute(cache, uris, settings):
    """Run the notebooks ``uris`` in parallel; return a sentence per failure."""
    for uri in uris:  # a report from an earlier failure is out of date
        report_path(uri).unlink(missing_ok=True)
    logger = logging.getLogger("execute_parallel")
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.StreamHandler())
    # myst-nb runs a notebook in its own folder unless run_in_temp is set
    name = "temp-parallel" if settings.get("run_in_temp") else "local-parallel"
    result = load_executor(name, cache, logger=logger).run_and_cache(
        filter_uris=uris,
        timeout=settings.get("timeout", 30),
        allow_errors=settings.get("allow_errors", False),
    )
    print("Run times, notebooks executed side by side:")
    for uri in result.succeeded:
        seconds = cache.get_cached_project_nb(uri).data.get("execution_seconds", 0)
        print(f"{seconds:7.1f} s  {Path(uri).relative_to(ROOT)}")
    failed = []
    for uri in result.excepted:
        report = report_path(uri)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(cache.get_project_record(uri).traceback or "", encoding="utf8")
        failed.append(f"{Path(uri).relative_to(ROOT)} failed; traceback in "
                      f"{report.relative_to(ROOT)}")
    failed += [f"{Path(uri).relative_to(ROOT)} could not be run or cached (see the log above)"
               for uri in result.errored]
    return failed


def not_in_cache(cache, notebooks, config):
    """The notebooks the book build would not find in the cache, as its reader sees them."""
    extensions = config.get("parse", {}).get("myst_enable_extensions", [])
    md_config = MdParserConfig(enable_extensions=set(extensions))
    missed = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(read_as_sphinx(path, md_config))
        except KeyError:
            missed.append(str(path.relative_to(ROOT)))
    return missed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    settings = config.get("execute", {})
    if settings.get("execute_notebooks") != "cache":
        print("execute_notebooks is not 'cache' in _config.yml: nothing to execute ahead")
        return 0
    notebooks = book_notebooks(yaml.safe_load((ROOT / "_toc.yml").read_text()),
                               settings.get("exclude_patterns") or [])
    cache = get_cache(settings.get("cache") or ROOT / "_build" / ".jupyter_cache")
    uris = [cache.add_nb_to_project(str(path), read_data=READ_DATA).uri for path in notebooks]
    stale = [record.uri for record in cache.list_unexecuted(filter_uris=uris)]
    print(f"{len(uris)} notebooks in the book, {len(stale)} to execute", flush=True)
    failed = execute(cache, stale, settings) if stale else []
    if failed:
        print(*failed, sep="\n")
        return 1
    missed = not_in_cache(cache, notebooks, config)
    if missed:
        print("executed, but the book build would not find these in the cache:", *missed,
              sep="\n  ")
        return 1
    print(f"all {len(notebooks)} notebooks of the book are in the execution cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
