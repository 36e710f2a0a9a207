"""Every module the course imports comes from a declared, locked distribution.

A module that arrives only as another package's dependency works until that package
drops it; here each import of the code and of the notebooks' code cells is mapped to
the distributions that provide it, and one of them must be pinned in requirements.txt
(and, for the ``utils`` package, listed in pyproject.toml), with the same pin in
requirements.lock.
"""

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import jupytext
from myst_nb.core.read import is_myst_markdown_notebook

ROOT = Path(__file__).resolve().parent.parent
# The course's own modules: the utils package and the scripts build_tools imports.
LOCAL = {"utils", *(path.stem for path in (ROOT / "build_tools").glob("*.py"))}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)


def _name(distribution):
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _top_level_imports(source):
    # a notebook's magics (%, !) are not Python
    source = "\n".join(line for line in source.splitlines()
                       if not line.lstrip().startswith(("%", "!")))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def _imports(paths):
    """Third-party top-level modules imported by ``paths``, each with one importer."""
    found = {}
    for path in paths:
        if path.suffix == ".py":
            sources = [path.read_text()]
        elif is_myst_markdown_notebook(path.read_text()):
            sources = [cell.source for cell in jupytext.read(path).cells
                       if cell.cell_type == "code"]
        else:
            continue
        for source in sources:
            for module in _top_level_imports(source):
                if module not in sys.stdlib_module_names and module not in LOCAL:
                    found.setdefault(module, path.relative_to(ROOT))
    return found


@cache
def _providers():
    return packages_distributions()  # reads every installed distribution's file list


def _distributions(module):
    return {_name(d) for d in _providers().get(module, [])}


def _pins(path):
    return {_name(name): version for name, version in PIN.findall(path.read_text())}


def _code_files():
    notebooks = [path for folder in ("chapters", "solutions", "exercises", "book")
                 for path in sorted((ROOT / folder).glob("*.md"))]
    return [*sorted((ROOT / "utils").rglob("*.py")), *sorted((ROOT / "build_tools").glob("*.py")),
            *sorted((ROOT / "tests").glob("*.py")), ROOT / "conftest.py", *notebooks]


def test_every_import_is_pinned_in_requirements():
    pinned = set(_pins(ROOT / "requirements.txt"))
    undeclared = [f"{module} (imported by {where})"
                  for module, where in sorted(_imports(_code_files()).items())
                  if not _distributions(module) & pinned]
    assert not undeclared, "not from a distribution pinned in requirements.txt: " + ", ".join(
        undeclared)


def test_utils_imports_are_package_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = {_name(re.split(r"[\s<>=!~;\[]", d)[0]) for d in project["dependencies"]}
    missing = [module for module in sorted(_imports(sorted((ROOT / "utils").rglob("*.py"))))
               if not _distributions(module) & listed]
    assert not missing, f"utils imports these, missing from pyproject.toml: {missing}"
    unpinned = sorted(listed - set(_pins(ROOT / "requirements.txt")))
    assert not unpinned, f"pyproject.toml dependencies not pinned in requirements.txt: {unpinned}"


def test_lock_holds_each_pin():
    locked = _pins(ROOT / "requirements.lock")
    differ = [f"{name}=={version} (lock: {locked.get(name)})"
              for name, version in sorted(_pins(ROOT / "requirements.txt").items())
              if locked.get(name) != version]
    assert not differ, "requirements.lock is out of date, run make lock: " + ", ".join(differ)


def test_learners_lock_holds_what_the_exercises_import_and_no_toolchain():
    sys.path.insert(0, str(ROOT / "build_tools"))
    import make_handout

    learner = _pins(ROOT / "requirements-learner.txt")
    course = _pins(ROOT / "requirements.txt")
    differ = sorted(name for name, version in learner.items() if course.get(name) != version)
    assert not differ, f"requirements-learner.txt pins differ from requirements.txt: {differ}"
    shipped = [*make_handout.utils_modules(), *sorted((ROOT / "exercises").glob("*.md"))]
    missing = [f"{module} (imported by {where})"
               for module, where in sorted(_imports(shipped).items())
               if not _distributions(module) & set(learner)]
    assert not missing, "the hand-out imports these, missing from requirements-learner.txt: " \
        + ", ".join(missing)
    locked = _pins(ROOT / "requirements-learner.lock")
    stale = sorted(name for name, version in learner.items() if locked.get(name) != version)
    assert not stale, f"requirements-learner.lock is out of date, run make lock: {stale}"
    assert not set(locked) & {"jupyter-book", "sphinx", "pytest", "ruff", "nbval"}
