"""Check a built edition of the book for the presence or absence of solutions.

Usage: python build_tools/check_site.py {full|student} HTML_DIR

The fingerprints are the lines of each worked solution (between ``solution-start``
and ``solution-end``) and of the cells tagged ``solution``. The full edition must
show the worked solutions (otherwise this check could never fail); the student
edition must hold none of the fingerprints in any file, and no page sources or
notebooks.
"""

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".html", ".txt", ".js", ".json", ".ipynb", ".md", ".py"}
DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{(?P<name>[\w-]+)\}")


def _normalise(text):
    return " ".join(text.replace("`", "").replace("*", "").split())


def solution_fingerprints(path):
    """Return (shown, hidden): lines of the worked solution, and of solution-tagged cells.

    Lines that also appear outside any solution (in a chapter, or in an exercise's
    set-up), whole or as part of a longer line, are not fingerprints: finding them
    proves nothing.
    """
    shown, hidden, public = _classified_lines(path)
    for chapter in (ROOT / "chapters").glob("*.md"):
        public |= {_normalise(line) for line in chapter.read_text().splitlines()}
    for other in (ROOT / "solutions").glob("*.md"):
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


def main(edition, site):
    site = Path(site)
    if not (site / "index.html").exists():
        print(f"no built site at {site}")
        return 1
    texts = list(site_texts(site))
    problems = []
    solutions = sorted((ROOT / "solutions").glob("*.md"))
    for solution in solutions:
        shown, hidden = solution_fingerprints(solution)
        found = {line for line in shown | hidden for _, text in texts if line in text}
        if edition == "full":
            pages = [text for path, text in texts if path.suffix == ".html"]
            if shown and not any(line in text for line in shown for text in pages):
                problems.append(f"{solution.name}: worked solution not found in the site")
            if any(line in text for line in hidden for text in pages):
                problems.append(f"{solution.name}: a solution-only cell is visible")
        elif found:
            where = sorted({str(p.relative_to(site)) for p, t in texts
                            for line in found if line in t})
            problems.append(f"{solution.name}: solution text in {', '.join(where[:5])}")
    if edition == "student":
        leaks = [p for p in site.rglob("*") if p.suffix == ".ipynb" or p.name == "_sources"]
        problems += [f"must not ship: {p.relative_to(site)}" for p in leaks]
    for problem in problems:
        print(problem)
    verdict = "FAILED" if problems else "passed"
    print(f"{edition} edition check {verdict}: {len(solutions)} solution notebooks, "
          f"{len(texts)} files searched in {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("full", "student"):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
