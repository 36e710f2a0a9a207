"""Lint the code of every notebook with ruff, as notebooks.

Usage: python build_tools/lint_notebooks.py

ruff reads .ipynb natively (a cell's last expression is its output, not a useless
statement), so each jupytext notebook is converted to .ipynb in a temporary folder
that mirrors the repository, and ruff runs there with the project's configuration.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("chapters", "solutions", "exercises")


def main():
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
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
