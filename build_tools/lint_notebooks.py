"""Lint the code of every notebook with ruff, as notebooks, and check its guard cells.

Usage: python build_tools/lint_notebooks.py

ruff reads .ipynb natively (a cell's last expression is its output, not a useless
statement), so each jupytext notebook is converted to .ipynb in a temporary folder
that mirrors the repository, and ruff runs there with the project's configuration.

A guard assert sits in a ``remove-cell`` cell of its own: beside definitions, a
failing guard would also skip the definitions, and every later cell that uses them
would fail too, hiding which claim broke.
"""

import ast
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("chapters", "solutions", "exercises")


def _asserts(cell):
    """Whether each statement of a remove-cell code cell is an assert (empty otherwise)."""
    if cell.cell_type != "code" or "remove-cell" not in cell.metadata.get("tags", []):
        return []
    return [isinstance(statement, ast.Assert) for statement in ast.parse(cell.source).body]


def is_guard_cell(cell):
    """True for a guard cell: a remove-cell code cell made of assert statements only."""
    asserts = _asserts(cell)
    return bool(asserts) and all(asserts)


def mixed_guard_cells(notebook):
    """Return the numbers of the remove-cell cells that mix asserts with other statements."""
    return [number for number, cell in enumerate(notebook.cells, start=1)
            if any(_asserts(cell)) and not all(_asserts(cell))]


def main():
    problems = [f"{notebook.relative_to(ROOT)}: cell {number} mixes a guard assert with other "
                "statements; give the asserts a remove-cell cell of their own"
                for folder in (*FOLDERS, "book")
                for notebook in sorted((ROOT / folder).glob("*.md"))
                if notebook.read_text().startswith("---\njupytext:")
                for number in mixed_guard_cells(jupytext.read(notebook))]
    for problem in problems:
        print(problem)
    ruff = Path(sys.executable).parent / "ruff"
    with tempfile.TemporaryDirectory() as temp:
        for folder in FOLDERS:
            for notebook in sorted((ROOT / folder).glob("*.md")):
                target = Path(temp) / folder / f"{notebook.stem}.ipynb"
                target.parent.mkdir(parents=True, exist_ok=True)
                jupytext.write(jupytext.read(notebook), target)
        command = [str(ruff), "check", "--quiet", "--no-cache",
                   "--config", str(ROOT / "pyproject.toml")]
        # An exercise imports what its removed solution used, for the learner.
        codes = [
            subprocess.run([*command, "chapters", "solutions"], cwd=temp).returncode,
            subprocess.run([*command, "--extend-ignore", "F401", "exercises"],
                           cwd=temp).returncode,
        ]
    return max(*codes, int(bool(problems)))


if __name__ == "__main__":
    sys.exit(main())
