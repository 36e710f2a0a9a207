"""Collect the course's jupytext notebooks (.md) for nbval.

nbval collects only .ipynb files; here each notebook of chapters/, solutions/ and
exercises/ is read with jupytext and handed to nbval's collector, so nothing
generated needs to be committed.
"""

from pathlib import Path
from unittest import mock

import jupytext
import nbval.plugin

NOTEBOOK_FOLDERS = {"chapters", "solutions", "exercises"}


class MarkdownNotebook(nbval.plugin.IPyNbFile):
    """An nbval notebook read from jupytext MyST Markdown."""

    def collect(self):
        notebook = jupytext.read(self.path)
        with mock.patch.object(nbval.plugin.nbformat, "read", return_value=notebook):
            yield from super().collect()


def pytest_collect_file(file_path, parent):
    options = parent.config.option
    in_folder = Path(file_path).parent.name in NOTEBOOK_FOLDERS
    if (options.nbval or options.nbval_lax) and file_path.suffix == ".md" and in_folder:
        return MarkdownNotebook.from_parent(parent, path=file_path)
    return None


def pytest_terminal_summary(terminalreporter):
    """List the slowest notebooks: the sum of their cells' setup, call and teardown.

    pytest's ``--durations`` reports single cells; the course's budget is per notebook.
    """
    totals = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            nodeid = getattr(report, "nodeid", "")
            path = nodeid.split("::", 1)[0]
            if path.endswith(".md") and hasattr(report, "duration"):
                totals[path] = totals.get(path, 0.0) + report.duration
    if not totals:
        return
    terminalreporter.section("slowest notebooks (all cells, seconds)")
    for path, seconds in sorted(totals.items(), key=lambda item: -item[1])[:8]:
        terminalreporter.write_line(f"{seconds:7.1f}  {path}")
