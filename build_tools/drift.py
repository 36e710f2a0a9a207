"""Re-execute the chapters under other library versions and compare every claim's verdict.

Usage:
    python build_tools/drift.py run [--set SET] [--out DIR] [CHAPTER ...]
    python build_tools/drift.py execute --out FILE [CHAPTER ...]

``run`` (what ``make drift`` calls) installs a second virtual environment,
``.venv-drift``, with uv: ``requirements.lock`` with some pins overridden. ``--set``
(or the ``DRIFT_SET`` environment variable) says which:

``previous`` (the default)
    the previous minor release of scikit-learn with the pinned imbalanced-learn; if the
    two do not resolve together, the newest imbalanced-learn that resolves with it;
``newest``
    the newest releases of the libraries the course's numbers depend on (numpy, scipy,
    pandas, scikit-learn, imbalanced-learn, joblib), from ``requirements.txt``;
``NAME==VERSION,...``
    these requirements over the lock (``scikit-learn==1.7.*,numpy==2.3.*``).

It then runs ``execute`` under the Python of ``.venv`` (the pinned set) and under that of
``.venv-drift``, so that each set's kernel is its own, and prints, for every claim the
chapters glue (``claim_N_verdict``), the verdict and the reading of its rule
(``claim_N_rule``, or ``claim_N_evidence`` where no rule is glued) under each set side by
side, then the guards that failed and the chapters that could not finish. The report and
each set's results are written under ``_build/drift/``. Exit status 1 when a verdict
differs between the sets or a chapter fails, 2 when the sets cannot be prepared.

Only the chapters are executed, not the studies: a verdict that rests on a committed
summary (``utils/studies/results/``) reads the same file under both sets.

``execute`` runs each chapter with nbclient in this Python's own kernel. With
``COURSE_DRIFT=1`` in the environment (``run`` sets it) the chapters run in drift mode: a
guard (a ``remove-cell`` cell made of asserts only) runs assert by assert, and a failing
one is recorded instead of stopping the notebook; a guard on the ``within`` of a re-run
of a committed result (``utils.studies.rerun``, ``utils.reruns.compare_rerun``) is
skipped and listed, since a committed summary was computed with the pinned set. Without
it, a failing guard stops its chapter, as in the book build.
"""

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from glue_values import glued  # noqa: E402
from lint_notebooks import is_guard_cell  # noqa: E402

#: The environment variable that turns drift mode on, for ``execute`` and the kernels.
DRIFT_ENV = "COURSE_DRIFT"
VENV = ROOT / ".venv-drift"
OUT = ROOT / "_build" / "drift"
#: Seconds a single cell may run.
CELL_TIMEOUT = 900
#: The functions whose results a re-run guard reads (``.within`` or ``["within"]``).
RERUN_FUNCTIONS = frozenset({"rerun", "compare_rerun"})
#: The libraries the course's numbers depend on (``utils.versions.library_versions``).
SCIENCE = ("numpy", "scipy", "pandas", "scikit-learn", "imbalanced-learn", "joblib")
#: What the report shows of each set.
SHOWN_VERSIONS = ("python", "scikit-learn", "imbalanced-learn", "numpy", "scipy", "pandas",
                  "joblib")
CLAIM = re.compile(r"claim_(\d+)_(verdict|rule|evidence)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TRACEBACK_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
REQUIREMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*([<>=!~]=?.+)?")
# Run in the kernel first: which Python it is, and the versions it imports.
PROBE = ("import json, sys\nfrom utils.versions import library_versions\n"
         "print(json.dumps({'prefix': sys.prefix, **library_versions()}))")


class DriftError(Exception):
    """A set that cannot be prepared or executed, said in one sentence."""


# ---------------------------------------------------------------------------------------
# Guards


def _called(node):
    """The name of the function a call calls (``rerun`` for ``studies.rerun(...)``)."""
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else None


def rerun_results(notebook):
    """Return the names a notebook binds to the result of a re-run of a committed result.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The notebook.

    Returns
    -------
    set of str
        Every name assigned from a call to one of :data:`RERUN_FUNCTIONS`.
    """
    names = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics; no re-run is bound there
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _called(node.value) in RERUN_FUNCTIONS:
                names.update(target.id for target in node.targets
                             if isinstance(target, ast.Name))
    return names


def reads_rerun(test, names):
    """True when an assert's test reads the ``within`` of a re-run.

    Parameters
    ----------
    test : ast.expr
        The assert's test.
    names : set of str
        The names bound to re-runs (:func:`rerun_results`).

    Returns
    -------
    bool
    """
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr == "within":
            target = node.value
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and node.slice.value == "within":
            target = node.value
        else:
            continue
        if (isinstance(target, ast.Name) and target.id in names) \
                or _called(target) in RERUN_FUNCTIONS:
            return True
    return False


def guard_asserts(cell, names):
    """Split a guard cell into its asserts.

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A guard cell (:func:`lint_notebooks.is_guard_cell`).
    names : set of str
        The names bound to re-runs (:func:`rerun_results`).

    Returns
    -------
    list of (str, bool, int)
        Each assert's source, whether it guards a re-run against a committed result, and
        its line in the cell.
    """
    return [(ast.get_source_segment(cell.source, statement), reads_rerun(statement.test, names),
             statement.lineno) for statement in ast.parse(cell.source).body]


# ---------------------------------------------------------------------------------------
# Execution, in the Python of one set


def _name(path):
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _message(error):
    ename = getattr(error, "ename", None)
    if ename is not None:
        return _one_line(f"{ename}: {error.evalue}" if error.evalue else ename)
    return _one_line(f"{type(error).__name__}: {error}")


def cell_lines(text, cells):
    """Return the line of the notebook's file where each cell's source begins.

    Parameters
    ----------
    text : str
        The notebook's file (jupytext keeps a code cell's source verbatim in it).
    cells : list of nbformat.NotebookNode
        Its cells, in order: each is looked for after the one before, so that two cells
        with the same source get their own lines.

    Returns
    -------
    list of int or None
        None for a cell whose source is not found.
    """
    lines, offset = [], 0
    for cell in cells:
        found = text.find(cell.source, offset) if cell.source else -1
        if found < 0:
            lines.append(None)
            continue
        lines.append(text.count("\n", 0, found) + 1)
        offset = found + len(cell.source)
    return lines


def _line(first, line):
    return None if first is None else first + line - 1


def _failing_line(error):
    """The line of the cell that raised, from the traceback (1 when it does not say)."""
    match = TRACEBACK_LINE.search(ANSI.sub("", str(getattr(error, "traceback", ""))))
    return int(match.group(1)) if match else 1


def _client(notebook, folder, timeout):
    from nbclient import NotebookClient

    return NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                          resources={"metadata": {"path": str(folder)}})


def _run_guards(client, cell, index, names, record, first):
    """Run a guard cell assert by assert; record the failed and the skipped ones."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    for source, rerun, line in guard_asserts(cell, names):
        where = {"cell": index + 1, "line": _line(first, line),
                 "guard": _one_line(source, 160)}
        if rerun:
            record["skipped_guards"].append(where)
            continue
        try:
            client.execute_cell(nbformat.v4.new_code_cell(source), index, store_history=False)
        except CellExecutionError as error:
            record["failed_guards"].append({**where, "message": _message(error)})
    client.nb.cells[index] = cell  # execute_cell put the probe in the cell's place


def execute_chapter(path, *, drift, timeout=CELL_TIMEOUT):
    """Execute one chapter in a fresh kernel of this Python.

    Parameters
    ----------
    path : path-like
        The chapter, a jupytext notebook.
    drift : bool
        Drift mode: record failing guards and go on, skip the re-run guards.
    timeout : int, default CELL_TIMEOUT
        Seconds a cell may run.

    Returns
    -------
    dict
        ``chapter``, ``status`` ("ran" or "failed"), ``error`` (the cell and message that
        stopped the chapter, or None), ``failed_guards`` and ``skipped_guards`` (cell,
        guard and, for a failure, message), ``glued`` (name to text) and ``seconds``.
    """
    import jupytext

    path = Path(path).resolve()
    text = path.read_text(encoding="utf8")
    notebook = jupytext.reads(text, fmt=path.suffix.lstrip("."))
    names = rerun_results(notebook)
    starts = cell_lines(text, notebook.cells)
    record = {"chapter": _name(path), "status": "ran", "error": None, "failed_guards": [],
              "skipped_guards": [], "glued": {}, "seconds": 0.0}
    client = _client(notebook, path.parent, timeout)
    start = time.perf_counter()
    try:
        client.reset_execution_trackers()
        with client.setup_kernel():
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                if drift and is_guard_cell(cell):
                    _run_guards(client, cell, index, names, record, starts[index])
                    continue
                try:
                    client.execute_cell(cell, index,
                                        execution_count=client.code_cells_executed + 1)
                except Exception as error:  # a failing cell, a timeout, a dead kernel
                    record["status"] = "failed"
                    line = _failing_line(error)
                    lines = cell.source.splitlines() or [""]
                    record["error"] = {"cell": index + 1,
                                       "line": _line(starts[index], line),
                                       "code": _one_line(lines[min(line, len(lines)) - 1], 160),
                                       "message": _message(error)}
                    break
    except Exception as error:  # the kernel did not start
        record["status"] = "failed"
        record["error"] = {"cell": None, "line": None, "code": "",
                           "message": _message(error)}
    record["seconds"] = round(time.perf_counter() - start, 1)
    record["glued"] = glued(notebook)
    return record


def kernel_versions(timeout=120):
    """Return the library versions the ``python3`` kernel imports, checking it is this Python's.

    Raises
    ------
    DriftError
        When the kernel cannot start, cannot import the course, or runs another Python.
    """
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    try:
        _client(notebook, ROOT, timeout).execute()
        text = "".join(output.get("text", "") for output in notebook.cells[0].outputs)
        versions = json.loads(text)
    except Exception as error:
        raise DriftError(f"the python3 kernel of {sys.executable} could not report its "
                         f"library versions ({_message(error)})") from None
    prefix = versions.pop("prefix")
    if Path(prefix).resolve() != Path(sys.prefix).resolve():
        raise DriftError(f"the python3 kernel runs {prefix}, not {sys.prefix}: a python3 "
                         "kernelspec installed elsewhere takes precedence")
    return versions


def execute(chapters, *, drift):
    """Execute the chapters one after another; return this set's results.

    Parameters
    ----------
    chapters : list of path-like
        The chapters.
    drift : bool
        Drift mode (:func:`execute_chapter`).

    Returns
    -------
    dict
        ``python``, ``versions``, ``drift_mode``, ``seconds`` and ``chapters`` (one
        :func:`execute_chapter` record each).
    """
    start = time.perf_counter()
    result = {"python": sys.executable, "versions": kernel_versions(), "drift_mode": drift,
              "chapters": []}
    for chapter in chapters:
        record = execute_chapter(chapter, drift=drift)
        result["chapters"].append(record)
        state = "ran" if record["status"] == "ran" else \
            f"FAILED at {_where(record['chapter'], record['error'])}"
        print(f"{record['seconds']:7.1f} s  {record['chapter']}  {state}, "
              f"{len(record['failed_guards'])} guard(s) failed", flush=True)
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


# ---------------------------------------------------------------------------------------
# The second environment


def previous_minor(version):
    """Return the requirement pattern of the minor release before ``version``.

    >>> previous_minor("1.9.1")
    '1.8.*'
    """
    match = re.match(r"(\d+)\.(\d+)", version)
    if not match or int(match.group(2)) == 0:
        raise DriftError(f"no previous minor release can be inferred from {version}: give "
                         "the set by hand (DRIFT_SET=scikit-learn==X.Y.*)")
    return f"{match.group(1)}.{int(match.group(2)) - 1}.*"


def pinned(name, lock_text):
    """Return the version ``requirements.lock`` pins for a package."""
    match = re.search(rf"^{re.escape(name)}==(\S+)", lock_text, flags=re.MULTILINE)
    if not match:
        raise DriftError(f"requirements.lock pins no {name}")
    return match.group(1)


def candidates(choice, lock_text):
    """Return the ways to build a set, in the order they are tried.

    Parameters
    ----------
    choice : str
        ``previous``, ``newest``, or comma-separated requirements.
    lock_text : str
        The text of ``requirements.lock``.

    Returns
    -------
    list of (str, str, list of str)
        A description of the set, the requirements file it is compiled from, and the
        overrides given to uv.
    """
    if choice == "previous":
        sklearn, imblearn = pinned("scikit-learn", lock_text), pinned("imbalanced-learn",
                                                                      lock_text)
        previous = previous_minor(sklearn)
        return [
            (f"scikit-learn {previous} (the minor release before the pinned {sklearn}) with "
             f"the pinned imbalanced-learn {imblearn}", "requirements.lock",
             [f"scikit-learn=={previous}", f"imbalanced-learn=={imblearn}"]),
            (f"scikit-learn {previous} (the minor release before the pinned {sklearn}) with "
             f"the newest imbalanced-learn that resolves with it (the pinned {imblearn} "
             "does not)", "requirements.lock", [f"scikit-learn=={previous}",
                                                "imbalanced-learn"]),
        ]
    if choice == "newest":
        return [("the newest releases of " + ", ".join(SCIENCE), "requirements.txt",
                 list(SCIENCE))]
    requirements = [item.strip() for item in choice.split(",") if item.strip()]
    if not requirements or not all(REQUIREMENT.fullmatch(item) for item in requirements):
        raise DriftError(f"unknown set {choice!r}: give previous, newest or requirements "
                         "such as scikit-learn==1.8.*,numpy==2.3.*")
    return [("requirements.lock with " + ", ".join(requirements), "requirements.lock",
             requirements)]


def _uv(*args):
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        raise DriftError(f"uv is not installed beside {sys.executable}: run make install")
    return subprocess.run([str(uv), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT)


def _last_line(process):
    lines = [line.strip() for line in process.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {process.returncode}"


def prepare(choice, venv=VENV):
    """Install the set into ``venv``; return its description and its Python.

    Raises
    ------
    DriftError
        When the set is unknown, does not resolve or cannot be installed.
    """
    lock_text = (ROOT / "requirements.lock").read_text()
    ways = candidates(choice, lock_text)
    print(f"Installing the {choice} set into {venv} with uv", flush=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        made = _uv("venv", "--quiet", "--python", sys.executable, venv)
        if made.returncode:
            raise DriftError(f"uv could not create {venv}: {_last_line(made)}")
    lock = venv / "requirements-drift.lock"
    overrides = venv / "overrides.txt"
    failures = []
    description = None
    for way, source, requirements in ways:
        overrides.write_text("\n".join(requirements) + "\n")
        compiled = _uv("pip", "compile", "--quiet", source, "--override", overrides,
                       "--python", python, "-o", lock)
        if compiled.returncode == 0:
            description = way
            break
        failures.append(_last_line(compiled))
    if description is None:
        raise DriftError(f"the set {choice!r} does not resolve: {failures[-1]}")
    for step in (("pip", "sync", "--quiet", "--python", python, lock),
                 ("pip", "install", "--quiet", "--no-deps", "--python", python, "-e", ROOT)):
        done = _uv(*step)
        if done.returncode:
            raise DriftError(f"uv could not install the set into {venv}: {_last_line(done)}")
    return description, python


# ---------------------------------------------------------------------------------------
# The comparison


def _plain(text):
    """A glued text as the reader sees it: a string without its quotes."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def claims(result):
    """Return {claim number: {chapter, verdict, rule, evidence}} from a set's results."""
    found = {}
    for record in result.get("chapters", []):
        for name, text in record["glued"].items():
            match = CLAIM.fullmatch(name)
            if match:
                claim = found.setdefault(int(match.group(1)), {"chapter": record["chapter"]})
                claim[match.group(2)] = _plain(text)
    return found


def _failed_chapters(result):
    return {record["chapter"] for record in result.get("chapters", [])
            if record["status"] != "ran"}


def compare(first, second):
    """Return one row per claim glued under either set.

    Parameters
    ----------
    first, second : dict
        Each set's results (:func:`execute`); a set that could not run has no chapters.

    Returns
    -------
    list of dict
        ``claim``, ``chapter``, ``verdicts`` and ``readings`` (a pair each; None where the
        set glued nothing) and ``changed``.
    """
    sides = [claims(first), claims(second)]
    rows = []
    for number in sorted(set(sides[0]) | set(sides[1])):
        got = [side.get(number, {}) for side in sides]
        readings = [claim.get("rule") or (f"evidence: {claim['evidence']}"
                                          if "evidence" in claim else None) for claim in got]
        verdicts = [claim.get("verdict") for claim in got]
        rows.append({"claim": number, "chapter": got[0].get("chapter") or got[1]["chapter"],
                     "verdicts": verdicts, "readings": readings,
                     "changed": verdicts[0] != verdicts[1]})
    return rows


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(rows, labels, failed=((), ())):
    """Return the side-by-side Markdown table of the verdicts and the rules' readings.

    Parameters
    ----------
    rows : list of dict
        From :func:`compare`.
    labels : pair of str
        The two sets' names, for the headers.
    failed : pair of set of str, optional
        The chapters that failed under each set, to say why a verdict is missing.

    Returns
    -------
    str
    """
    first, second = labels
    lines = [f"| claim | chapter | verdict, {first} | verdict, {second} | changed | "
             f"rule's reading, {first} | rule's reading, {second} |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        verdicts = [verdict if verdict is not None else
                    ("— (chapter failed)" if row["chapter"] in failed[side] else "— (not glued)")
                    for side, verdict in enumerate(row["verdicts"])]
        reading, other = (reading or "—" for reading in row["readings"])
        if other == reading:
            other = "same"
        lines.append("| " + " | ".join(_cell(text) for text in (
            row["claim"], Path(row["chapter"]).name, verdicts[0], verdicts[1],
            "**yes**" if row["changed"] else "no", reading, other)) + " |")
    return "\n".join(lines)


def status(rows, results):
    """Exit status of a comparison: 1 when a verdict differs or a chapter failed, else 0."""
    broken = any(not result.get("chapters") or _failed_chapters(result) for result in results)
    return int(broken or any(row["changed"] for row in rows))


def _versions_table(labels, descriptions, results):
    lines = ["| set | what | " + " | ".join(SHOWN_VERSIONS) + " | seconds |",
             "|---|---|" + "---|" * len(SHOWN_VERSIONS) + "---|"]
    for label, description, result in zip(labels, descriptions, results, strict=True):
        versions = result.get("versions", {})
        lines.append("| " + " | ".join(_cell(text) for text in (
            label, description, *(versions.get(name, "?") for name in SHOWN_VERSIONS),
            result.get("seconds", "—"))) + " |")
    return "\n".join(lines)


def _where(chapter, place):
    """``chapter:line``, or the cell's number where the line is unknown."""
    if place.get("line"):
        return f"{chapter}:{place['line']}"
    return f"{chapter}, cell {place['cell']}" if place.get("cell") else chapter


def _same_versions(results):
    versions = [result.get("versions") for result in results]
    return bool(versions[0]) and versions[0] == versions[1]


def _guards(kind, labels, results):
    lines = []
    for label, result in zip(labels, results, strict=True):
        found = [(record["chapter"], guard) for record in result.get("chapters", [])
                 for guard in record[kind]]
        lines.append(f"{label}: {len(found) or 'none'}")
        lines += [f"- {_where(chapter, guard)}: `{guard['guard']}`"
                  + (f" — {guard['message']}" if "message" in guard else "")
                  for chapter, guard in found]
    return lines


def report(labels, descriptions, results):
    """Return the whole report as Markdown, and its exit status.

    Parameters
    ----------
    labels, descriptions : pair of str
        Each set's name and what it holds.
    results : pair of dict
        Each set's results (:func:`execute`), or ``{"error": sentence}`` for a set that
        could not execute the chapters.

    Returns
    -------
    (str, int)
    """
    rows = compare(*results)
    failed = [_failed_chapters(result) for result in results]
    changed = sum(row["changed"] for row in rows)
    lines = ["# Library drift: the claims' verdicts under two sets of library versions", "",
             _versions_table(labels, descriptions, results), "",
             *(["The two sets hold the same versions: until a newer release appears, the "
                "comparison only confirms the pins.", ""] if _same_versions(results) else []),
             "Only the chapters were executed. The studies were not re-run: a verdict that "
             "rests on a committed summary (utils/studies/results/) reads the same file under "
             "both sets, and the guards comparing a re-run with it were skipped (listed "
             "below).", "",
             "## Verdicts", "", table(rows, labels, failed), "",
             f"{changed} of {len(rows)} verdicts differ between the sets.", "",
             "## Chapters that did not finish", ""]
    stopped = []
    for label, result in zip(labels, results, strict=True):
        if "error" in result:
            stopped.append(f"- {label}: {result['error']}")
        stopped += [f"- {label}: stopped at {_where(record['chapter'], record['error'])}"
                    + (f" (`{record['error']['code']}`)" if record["error"].get("code") else "")
                    + f": {record['error']['message']}"
                    for record in result.get("chapters", []) if record["status"] != "ran"]
    lines += stopped or ["none"]
    lines += ["", "## Guards that failed", "", *_guards("failed_guards", labels, results),
              "", "## Re-run guards skipped", "",
              *_guards("skipped_guards", labels, results)]
    return "\n".join(lines) + "\n", status(rows, results)


# ---------------------------------------------------------------------------------------
# Command line


def _chapters(names):
    paths = [Path(name) for name in names] or sorted((ROOT / "chapters").glob("*.md"))
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise DriftError(f"no such chapter: {', '.join(missing)}")
    return [path.resolve() for path in paths]


def _execute_set(label, python, chapters, out):
    out.unlink(missing_ok=True)
    print(f"\nExecuting {len(chapters)} chapters with the {label} set ({python}), in drift "
          "mode:", flush=True)
    process = subprocess.run([str(python), __file__, "execute", "--out", str(out),
                              *map(str, chapters)], env={**os.environ, DRIFT_ENV: "1"},
                             cwd=ROOT)
    if process.returncode or not out.is_file():
        return {"error": f"the {label} set could not execute the chapters (exit status "
                         f"{process.returncode}; see its output above)"}
    return json.loads(out.read_text())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="install the second set, execute both, compare")
    run.add_argument("--set", default=os.environ.get("DRIFT_SET") or "previous",
                     help="previous (default), newest, or requirements such as "
                          "scikit-learn==1.8.*")
    run.add_argument("--out", type=Path, default=OUT, help="where the report goes")
    run.add_argument("chapters", nargs="*", help="the chapters (default: chapters/*.md)")
    one = sub.add_parser("execute", help="execute the chapters with this Python's kernel")
    one.add_argument("--out", type=Path, required=True, help="the JSON file of results")
    one.add_argument("chapters", nargs="*")
    args = parser.parse_args(argv)
    try:
        chapters = _chapters(args.chapters)
        if args.command == "execute":
            result = execute(chapters, drift=os.environ.get(DRIFT_ENV) == "1")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(result, indent=1) + "\n")
            return 0
        description, python = prepare(args.set)
    except DriftError as error:
        print(error)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    labels = ("pinned", args.set if args.set in ("previous", "newest") else "other")
    descriptions = ("requirements.lock (.venv)", description)
    results = [_execute_set(label, python, chapters, args.out / f"{label}.json")
               for label, python in zip(labels, (sys.executable, python), strict=True)]
    text, code = report(labels, descriptions, results)
    (args.out / "report.md").write_text(text)
    print("\n" + text)
    print(f"report written to {args.out / 'report.md'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
