"""Words of prose and visible lines of code per chapter, to keep the pages' weight in view.

Usage: python build_tools/page_stats.py [NOTEBOOK ...]   (default: chapters/*.md)

Words are counted as the teaching guide counts them (a role or directive counts as
one word); a line of code is visible when its cell is neither removed nor hidden
(tags remove-cell, remove-input, hide-input, hide-cell) and it is not blank.
"""

import re
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = {"remove-cell", "remove-input", "hide-input", "hide-cell"}


def words(notebook):
    """The number of words of prose in a notebook's Markdown cells."""
    text = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", "x", text)
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", text))


def visible_code_lines(notebook):
    """Non-blank lines of the code cells a reader sees."""
    return sum(
        sum(1 for line in cell.source.splitlines() if line.strip())
        for cell in notebook.cells
        if cell.cell_type == "code" and not HIDDEN & set(cell.metadata.get("tags", []))
    )


def main(argv=None):
    paths = [Path(p) for p in (argv or [])] or sorted((ROOT / "chapters").glob("*.md"))
    print("| notebook | words | visible code lines |\n|---|---:|---:|")
    for path in paths:
        notebook = jupytext.read(path)
        print(f"| {path.stem} | {words(notebook)} | {visible_code_lines(notebook)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
