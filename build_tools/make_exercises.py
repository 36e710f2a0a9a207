"""Generate the exercise notebooks of ``exercises/`` from ``solutions/``.

A solution notebook is the single source of an exercise. The generator keeps the
statement and the set-up, and removes what only the solution may hold:

* everything between a ``solution-start`` and its ``solution-end`` directive;
* cells tagged ``solution`` (the asserts that prove the solution passes its check);
* the metadata of cells tagged ``learner`` (the ``answer = ...`` stubs), which the
  learner's notebook shows as plain cells.

The check cell (tagged ``check``) is kept as it is, tag included.

MyST that Jupyter does not render becomes plain Markdown: the ``exercise``
directive turns into a heading, roles such as ``{doc}`` into their text. An exercise
is numbered in its title, "7.1: ..." (the directive's ``:nonumber:`` stops
sphinx-exercise counting across the book), and its heading reads "Exercise 7.1: ...".

A build step, not part of the ``utils`` package: ``make exercises`` runs
``python build_tools/make_exercises.py``, which regenerates; ``--check`` (run by
``make test``) only reports stale or orphaned files and exits with 1 when there are any.
"""

import argparse
import re
import sys
from pathlib import Path

import jupytext
from nbformat import v4

ROOT = Path(__file__).resolve().parent.parent
GENERATED_NOTE = (
    "<!-- Generated from solutions/{name} by `make exercises`: edit that file, "
    "not this one. -->"
)
_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}\s*(?P<argument>.*)$")
_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^>]*)>$", re.S)


def _plain_role(match):
    """Turn a MyST role into Markdown: a ``{doc}`` into a link, others into text."""
    content = match.group("content")
    explicit = _TARGET.match(content)
    text, target = (explicit["text"], explicit["target"]) if explicit else (content, content)
    text, target = " ".join(text.split()), "".join(target.split())  # a role may span lines
    if match.group("role") == "doc":
        return f"[{text}]({target}.md)"
    return text


class _Stripper:
    """Walks a solution notebook cell by cell, remembering if inside a solution."""

    def __init__(self):
        self.in_solution = False

    def markdown(self, source):
        """Return ``source`` without solution blocks and with plain-Markdown exercises."""
        kept, lines = [], iter(source.splitlines())
        for line in lines:
            match = _DIRECTIVE.match(line.strip())
            name = match.group("name") if match else None
            if name in ("solution-start", "solution-end"):
                self.in_solution = name == "solution-start"
                _skip_to_closing(lines, match.group("fence"))
            elif self.in_solution:
                continue
            elif name == "exercise":
                kept.extend(_exercise_as_markdown(lines, match))
            else:
                kept.append(line)
        # Roles are converted on the joined text: a wrapped line may split one.
        return _ROLE.sub(_plain_role, "\n".join(kept)).strip()

    def code(self, cell):
        """Return the cell as the learner sees it, or None to drop it."""
        tags = cell.metadata.get("tags", [])
        if self.in_solution or "solution" in tags:
            return None
        if "learner" in tags:
            cell = v4.new_code_cell(cell.source)
        return cell


def _skip_to_closing(lines, fence):
    """Consume ``lines`` up to and including the directive's closing ``fence``."""
    for line in lines:
        if line.strip() == fence:
            return


def _exercise_as_markdown(lines, opening):
    """Turn an ``exercise`` directive into a heading and its body, options dropped."""
    title = opening.group("argument").strip()
    body = []
    for line in lines:
        if line.strip() == opening.group("fence"):
            break
        if not body and re.match(r"^:[\w-]+:", line.strip()):
            continue  # a directive option such as :label:
        body.append(line)  # roles are converted by the caller, on the joined text
    numbered = re.match(r"^(?P<number>\d+\.\d+): (?P<rest>.+)$", title)
    if numbered:  # the number is in the title (``:nonumber:``), as the book's box shows it
        heading = f"## Exercise {numbered['number']}: {numbered['rest']}"
    else:
        heading = f"## Exercise: {title}" if title else "## Exercise"
    return [heading, "", *"\n".join(body).strip("\n").splitlines()]


def exercise_from_solution(solution_path):
    """Build the exercise notebook of one solution notebook.

    Parameters
    ----------
    solution_path : str or Path
        A jupytext MyST notebook in ``solutions/``.

    Returns
    -------
    NotebookNode
        The exercise notebook.
    """
    solution_path = Path(solution_path)
    if not solution_path.is_file():
        raise FileNotFoundError(f"no solution notebook at {solution_path}")
    solution = jupytext.read(solution_path)
    stripper, cells = _Stripper(), []
    for cell in solution.cells:
        if cell.cell_type == "markdown":
            text = stripper.markdown(cell.source)
            if text:
                cells.append(v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            kept = stripper.code(cell)
            if kept is not None:
                cells.append(kept)
    if stripper.in_solution:
        raise ValueError(f"{solution_path}: a solution-start has no solution-end")
    note = v4.new_markdown_cell(GENERATED_NOTE.format(name=solution_path.name))
    exercise = v4.new_notebook(cells=[note, *cells], metadata=solution.metadata)
    return exercise


def exercise_text(solution_path):
    """Return the exercise notebook of ``solution_path`` as jupytext MyST text."""
    return jupytext.writes(exercise_from_solution(solution_path), fmt="md:myst")


def stale_exercises(root=ROOT):
    """List the exercise files that differ from what the generator would write.

    Parameters
    ----------
    root : str or Path
        The course's top folder, holding ``solutions/`` and ``exercises/``.

    Returns
    -------
    list of str
        One line per problem: a stale or missing exercise, or an exercise with no
        solution of the same stem.
    """
    root = Path(root)
    problems = []
    solutions = sorted((root / "solutions").glob("*.md"))
    for solution in solutions:
        target = root / "exercises" / solution.name
        if not target.exists():
            problems.append(f"missing: {target.relative_to(root)}")
        elif target.read_text() != exercise_text(solution):
            problems.append(f"stale: {target.relative_to(root)}")
    stems = {solution.name for solution in solutions}
    for exercise in sorted((root / "exercises").glob("*.md")):
        if exercise.name not in stems:
            problems.append(f"no solution of the same stem: {exercise.relative_to(root)}")
    return problems


def write_exercises(root=ROOT):
    """Regenerate ``exercises/`` from ``solutions/``; return the paths written."""
    root = Path(root)
    (root / "exercises").mkdir(exist_ok=True)
    written = []
    for solution in sorted((root / "solutions").glob("*.md")):
        target = root / "exercises" / solution.name
        text = exercise_text(solution)
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            written.append(target)
    return written


def main(argv=None):
    """Command line: regenerate the exercises, or check them with ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report stale, missing or orphaned exercises")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course's top folder")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_exercises(args.root)
        for problem in problems:
            print(problem)
        if problems:
            print("run `make exercises` to regenerate exercises/ from solutions/")
        return 1 if problems else 0
    for path in write_exercises(args.root):
        print(f"wrote {path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
