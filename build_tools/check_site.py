"""Check a built edition of the book for the presence or absence of solutions.

Usage: python build_tools/check_site.py {full|student} HTML_DIR

What gives a solution away is read from the sources, and from the outputs of the
solution notebooks in the execution cache both editions share
(``_build/.jupyter_cache``):

* fingerprints: the lines of each worked solution (between ``solution-start`` and
  ``solution-end``) and of the cells tagged ``solution``;
* self-check output: what the check cells (tagged ``check``) printed, the openings
  every check message starts with and the "not answered" message (both printed by
  ``utils.checks`` itself), and each exercise's hints (``utils.checks.exercise_hints``);
* secret values: the numbers in the outputs of the cells inside a solution, tagged
  ``solution`` or tagged ``check``, except those a public part of the book shows
  (a page other than an exercise page; an exercise's statement, the code of its
  visible cells, the output of its set-up cells).

The full edition must show the worked solutions, no solution-only cell, and each
check cell with its output inside its solution (otherwise this check could never
fail). The student edition must hold no fingerprint in any file and no page sources
or notebooks; each exercise page must show the learner's stub and the check call,
with no check output, and no secret value. No page of it may show what a check
printed; no cell output, nor any exercise page, how a check message starts; no
exercise page its hints (the teaching guide lists them on purpose). The one
exemption is an element of class ``public-feedback``: feedback meant for every
reader, such as the end-of-chapter quiz's (``build_tools/quiz.py``). It exempts from
these self-check messages only, not from fingerprints or secret values, and only on
a page that is not an exercise page: there, a verdict in such a block would be the
exercise's own.
"""

import contextlib
import copy
import html
import io
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from jupyter_cache import get_cache
from myst_nb.core.read import read_myst_markdown_notebook

from utils.checks import exercise_hints, not_answered, report

#: Parts of a hint shorter than this (around a computed value) are too plain to search.
MIN_HINT_LENGTH = 25
ROOT = Path(__file__).resolve().parent.parent

TEXT_SUFFIXES = {".html", ".txt", ".js", ".json", ".ipynb", ".md", ".py"}
DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{(?P<name>[\w-]+)\}")
PUBLIC_FEEDBACK = "public-feedback"
# A number as printed: thousands separators are dropped first ("1,234" is 1234).
NUMBER = re.compile(r"\d+(?:\.\d+)?")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _normalise(text):
    return " ".join(text.replace("`", "").replace("*", "").split())


def solution_fingerprints(path, root=ROOT):
    """Return (shown, hidden): lines of the worked solution, and of solution-tagged cells.

    Lines that also appear outside any solution (in a chapter, or in an exercise's
    set-up), whole or as part of a longer line, are not fingerprints: finding them
    proves nothing.
    """
    shown, hidden, public = _classified_lines(path)
    for chapter in (Path(root) / "chapters").glob("*.md"):
        public |= {_normalise(line) for line in chapter.read_text().splitlines()}
    for other in (Path(root) / "solutions").glob("*.md"):
        public |= _classified_lines(other)[2]
    # A line that is part of a public one (a call wrapped differently) proves nothing either.
    text = "\n".join(public)
    return ({line for line in shown if line not in text},
            {line for line in hidden if line not in text})


def _classified_lines(path):
    shown, hidden, public = set(), set(), set()
    inside = tagged = in_code = False
    for line in path.read_text().splitlines():
        match = DIRECTIVE.match(line.strip())
        if match and match["name"] in ("solution-start", "solution-end"):
            inside = match["name"] == "solution-start"
            continue
        if match and match["name"] == "code-cell":
            in_code, tagged = True, False
            continue
        if in_code and line.startswith(":tags:"):
            tagged = "solution" in re.findall(r"[\w-]+", line)
            continue
        if in_code and line.strip() == "```":
            in_code = tagged = False
            continue
        text = _normalise(line)
        minimum = 16 if in_code else 30
        if len(text) < minimum or text.startswith((":", "#")) or " " not in text:
            continue  # too short or too plain (a bare name) to identify a solution
        if inside:
            shown.add(text)
        elif tagged:
            hidden.add(text)
        else:
            public.add(text)
    return shown, hidden, public


def site_texts(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            raw = path.read_text(errors="replace")
            if path.suffix == ".html":
                raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
            yield path, _normalise(raw)


def numbers(text):
    """Return the numbers in ``text`` as strings, trailing zeros of decimals dropped."""
    tokens = NUMBER.findall(THOUSANDS.sub("", text))
    return {token.rstrip("0").rstrip(".") if "." in token else token for token in tokens}


def _output_text(cell):
    """The text a code cell's outputs show: streams, plain text and HTML."""
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        texts += [output.get("text", ""), data.get("text/plain", "")]
        if "text/html" in data:
            texts.append(BeautifulSoup(data["text/html"], "html.parser").get_text(" "))
    return "\n".join(text for text in texts if text)


def executed_notebook(solution, cache):
    """Return the solution notebook with the outputs the book's execution cache holds.

    The notebooks a build writes to ``jupyter_execute/`` carry no outputs when they
    come from the cache, so the cache itself is read, as myst-nb reads it: the
    notebook is parsed by myst-nb and matched on its code cells. Returns None when
    the cache holds no execution of the current source.
    """
    notebook = read_myst_markdown_notebook(solution.read_text(), path=solution)
    try:
        return cache.merge_match_into_notebook(notebook)[1]
    except KeyError:
        return None


def notebook_parts(notebook):
    """Split an executed solution notebook into what the public may see and what not.

    Parameters
    ----------
    notebook : NotebookNode
        A solution notebook with its outputs.

    Returns
    -------
    public : list of str
        The Markdown outside the solution, the code of the visible cells outside it,
        and the outputs of the set-up cells.
    secret : list of str
        The outputs of the cells inside the solution, tagged ``solution`` or ``check``.
    checks : list of str
        The outputs of the check cells, what the self-checks printed.
    """
    public, secret, checks = [], [], []
    inside = False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = DIRECTIVE.match(line.strip())
                if match and match["name"] in ("solution-start", "solution-end"):
                    inside = match["name"] == "solution-start"
                elif not inside:
                    public.append(line)
            continue
        tags = cell.metadata.get("tags", [])
        output = _output_text(cell)
        if "check" in tags:
            public.append(cell.source)
            secret.append(output)
            checks.append(output)
        elif inside or "solution" in tags:
            secret.append(output)
        elif "remove-cell" not in tags:
            public += [cell.source, output]
    return public, secret, checks


def check_openings():
    """How every self-check message starts, as ``utils.checks`` prints it."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        report(True, "")
        report(False, "")
        not_answered()
    return [_normalise(line) for line in printed.getvalue().splitlines()]


def hint_fragments(solution):
    """An exercise's hints; the parts around a computed value ("…") for those with one."""
    fragments = set()
    for hint in exercise_hints(solution):
        fragments |= {_normalise(part) for part in hint.split("…")}
    return {fragment for fragment in fragments if len(fragment) >= MIN_HINT_LENGTH}


class Page:
    """An HTML page of the site, parsed.

    ``text`` is all a reader can see on it. ``open_text`` and ``open_outputs`` (the
    text of its cell outputs) leave out the blocks marked ``public-feedback``.
    """

    def __init__(self, path, site):
        self.path, self.name = path, str(path.relative_to(site))
        self.soup = BeautifulSoup(path.read_text(errors="replace"), "html.parser")
        for element in self.soup(["script", "style"]):
            element.decompose()
        self.text = _normalise(self.soup.get_text())
        opened = copy.copy(self.soup)
        for block in opened.find_all(class_=PUBLIC_FEEDBACK):
            block.decompose()
        self.open_text = _normalise(opened.get_text())
        self.open_outputs = _normalise(
            " ".join(output.get_text() for output in opened.select(".cell_output")))

    def cells(self, tag):
        """The notebook cells of the page tagged ``tag``."""
        return self.soup.select(f"div.cell.tag_{tag}")


def fingerprint_problems(edition, site, texts, solutions, root):
    """Worked solutions missing from the full edition, or found in the student one."""
    problems = []
    pages = [text for path, text in texts if path.suffix == ".html"]
    for solution in solutions:
        shown, hidden = solution_fingerprints(solution, root)
        if edition == "full":
            if shown and not any(line in text for line in shown for text in pages):
                problems.append(f"{solution.name}: worked solution not found in the site")
            if any(line in text for line in hidden for text in pages):
                problems.append(f"{solution.name}: a solution-only cell is visible")
            continue
        found = {line for line in shown | hidden for _, text in texts if line in text}
        if found:
            where = sorted({str(p.relative_to(site)) for p, t in texts
                            for line in found if line in t})
            problems.append(f"{solution.name}: solution text in {', '.join(where[:5])}")
    return problems


def layout_problems(edition, page):
    """What is wrong with the cells of one exercise page, for ``edition``."""
    problems = []
    checks = page.cells("check")
    if not checks:
        problems.append(f"{page.name}: no check cell on the page")
    with_output = [cell for cell in checks if cell.select(".cell_output")]
    if edition == "full":
        if len(with_output) < len(checks):
            problems.append(f"{page.name}: a check cell shows no output")
        if any(cell.find_parent(class_="solution") is None for cell in checks):
            problems.append(f"{page.name}: a check cell sits outside its solution")
    else:
        if with_output:
            problems.append(f"{page.name}: a check cell shows its output")
        if not page.cells("learner"):
            problems.append(f"{page.name}: no learner stub on the page")
    return problems


def self_check_problems(page, printed, openings, hints=None):
    """Self-check output a reader sees on ``page``, outside ``public-feedback`` blocks.

    ``printed`` (what the check cells printed) counts anywhere; ``openings`` (how
    every check message starts) in a cell's output, or anywhere on an exercise page;
    ``hints`` (the exercise's) on its own page. Elsewhere the openings and the hints
    are documentation: the teaching guide quotes them. On an exercise page (``hints``
    given) a ``public-feedback`` block exempts nothing.
    """
    exercise = hints is not None
    text = page.text if exercise else page.open_text
    found = [line for line in printed if line in text]
    found += [opening for opening in openings
              if opening in (text if exercise else page.open_outputs)]
    found += sorted(hint for hint in hints or () if hint in text)
    if not found:
        return []
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return [f"{page.name}: self-check output {found[0][:70]!r}{more}"]


def solution_evidence(solutions, cache_path):
    """What the executed solution notebooks show, compute and print.

    Returns
    -------
    public, secret : set of str
        The numbers their public parts show, and those only their solutions and
        checks show.
    printed : set of str
        The lines the checks printed.
    problems : list of str
        The solutions with no execution in the cache, or whose checks printed nothing.
    """
    public, secret, printed, problems = set(), set(), set(), []
    if not (Path(cache_path) / "global.db").exists():
        return public, secret, printed, [f"no execution cache at {cache_path}"]
    cache = get_cache(cache_path)
    for solution in solutions:
        notebook = executed_notebook(solution, cache)
        if notebook is None:
            problems.append(f"{solution.name}: no execution of it in {cache_path}")
            continue
        shown, hidden, checks = notebook_parts(notebook)
        lines = {_normalise(line) for text in checks for line in text.splitlines()} - {""}
        if not lines:
            problems.append(f"{solution.name}: no check cell printed anything")
        public |= numbers("\n".join(shown))
        secret |= numbers("\n".join(hidden))
        printed |= lines
    return public, secret, printed, problems


def main(edition, site, root=ROOT, cache=None):
    site, root = Path(site), Path(root)
    cache = Path(cache) if cache else root / "_build" / ".jupyter_cache"
    if not (site / "index.html").exists():
        print(f"no built site at {site}")
        return 1
    texts = list(site_texts(site))
    solutions = sorted((root / "solutions").glob("*.md"))
    problems = fingerprint_problems(edition, site, texts, solutions, root)
    public, secret, printed, missing = solution_evidence(solutions, cache)
    problems += missing

    pages = [Page(path, site) for path in sorted(site.rglob("*.html"))
             if "_static" not in path.relative_to(site).parts]
    by_path = {page.path: page for page in pages}
    exercises = {}  # page -> its solution notebook
    for solution in solutions:
        path = site / "solutions" / f"{solution.stem}.html"
        if path in by_path:
            exercises[by_path[path]] = solution
            problems += layout_problems(edition, by_path[path])
        else:
            problems.append(f"{solution.name}: no page {path.relative_to(site)}")
    for page in pages:
        if page not in exercises:
            public |= numbers(page.text)
    secret -= public

    if edition == "student":
        leaks = [p for p in site.rglob("*") if p.suffix == ".ipynb" or p.name == "_sources"]
        problems += [f"must not ship: {p.relative_to(site)}" for p in leaks]
        openings = check_openings()
        for page in pages:
            solution = exercises.get(page)
            hints = hint_fragments(solution) if solution else None
            problems += self_check_problems(page, sorted(printed), openings, hints)
            shown = sorted(numbers(page.text) & secret) if solution else []
            if shown:
                problems.append(f"{page.name}: values only a solution computes: "
                                f"{', '.join(shown[:8])}")
    for problem in problems:
        print(problem)
    verdict = "FAILED" if problems else "passed"
    print(f"{edition} edition check {verdict}: {len(solutions)} solution notebooks, "
          f"{len(exercises)} exercise pages, {len(printed)} lines the checks printed, "
          f"{len(secret)} values only solutions compute, {len(pages)} pages read, "
          f"{len(texts)} files searched in {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("full", "student"):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
