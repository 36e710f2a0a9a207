"""The hints the exercises' self-checks give, read from the checks' source.

The teaching guide lists, for each exercise, the typical mistakes its self-checks
recognise. They are read from the source of ``utils/checks/<module>.py`` rather than
typed a second time, so that the guide says what a learner is told. A hint is

* the text paired with a typical wrong value, ``(wrong_value, "hint")``, in a check
  or in a helper it calls (the ``mistakes`` of :func:`utils.checks.check_number`);
* the text of ``report(False, "hint")``, unless it is about the answer's form rather
  than a mistake: it formats ``describe(...)``, ``type(...)`` or ``!r``, starts with
  one of :data:`FORM_OPENINGS`, or asks to replace a ``...``;
* each value of a module-level dict of strings that a ``report`` formats.

A formatted value that depends only on the module's constants (``len(SEEDS)``) is
filled in; one that depends on the answer or on computed data becomes "…".
"""

import ast
import importlib
import re
from pathlib import Path

CHECKS = Path(__file__).resolve().parent / "checks"
#: Hints shorter than this are not hints but labels (a dict key, a column name).
MIN_LENGTH = 25
#: How hints about the answer's type or shape start ("expected three numbers, got ...").
FORM_OPENINGS = ("expected ", "give ", "the answer ")
_SAFE_NODES = (ast.Expression, ast.Name, ast.Load, ast.Constant, ast.Subscript,
               ast.Attribute, ast.Call, ast.Tuple, ast.BinOp, ast.operator, ast.Slice)
_SAFE_CALLS = {"len", "str", "round", "min", "max"}


def exercise_checks(solution_path):
    """Return the check module and the check functions a solution notebook calls.

    Parameters
    ----------
    solution_path : str or Path
        A solution notebook (``solutions/NN_topic_exM.md``).

    Returns
    -------
    tuple of (str, list of str)
        The module's name in ``utils.checks`` and the functions called, in the order
        of their first call.
    """
    path = Path(solution_path)
    if not path.is_file():
        raise FileNotFoundError(f"solution_path: no solution notebook at {path}")
    text = path.read_text()
    modules = sorted(set(re.findall(r"from utils\.checks\.(\w+) import", text)))
    if len(modules) != 1:
        raise ValueError(f"solution_path: {path.name} imports {len(modules)} check modules "
                         f"({modules}); expected exactly one")
    calls = re.findall(r"\b(check_\w+)\(", text)
    return modules[0], list(dict.fromkeys(calls))


def check_hints(module, functions):
    """Return the hints the named checks of one module give for typical mistakes.

    Parameters
    ----------
    module : str
        A module of ``utils.checks``, by name (``"accuracy_trap"``).
    functions : sequence of str
        Check functions of that module; the helpers they call in the module are
        read too.

    Returns
    -------
    list of str
        The hints, each once, in the order the source gives them.
    """
    path = CHECKS / f"{module}.py"
    if not re.fullmatch(r"\w+", str(module)) or not path.is_file():
        raise ValueError(f"module: no check module {module!r} in {CHECKS}")
    if isinstance(functions, str):
        raise TypeError("functions: give a list of function names, not one string")
    tree = ast.parse(path.read_text())
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    unknown = [name for name in functions if name not in defined]
    if unknown:
        raise ValueError(f"functions: {unknown} are not functions of utils/checks/{module}.py")
    constants = _assignments(tree.body)
    namespace = vars(importlib.import_module(f"utils.checks.{module}"))
    hints, queue, visited = [], list(functions), set()
    while queue:
        name = queue.pop(0)
        if name in visited:
            continue
        visited.add(name)
        function = defined[name]
        scope = constants | _assignments(ast.walk(function))
        for node in ast.walk(function):
            hints += _hints_of(node, scope, namespace)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in defined):
                queue.append(node.func.id)
    return [hint for hint in dict.fromkeys(hints) if len(hint) >= MIN_LENGTH]


def exercise_hints(solution_path):
    """Return the hints of every check a solution notebook calls.

    Parameters
    ----------
    solution_path : str or Path
        A solution notebook (``solutions/NN_topic_exM.md``).

    Returns
    -------
    list of str
        The hints, each once.
    """
    module, functions = exercise_checks(solution_path)
    return check_hints(module, functions)


def _assignments(nodes):
    """Names bound by a plain ``name = value`` among ``nodes``."""
    return {node.targets[0].id: node.value for node in nodes
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)}


def _resolve(node, scope):
    """Follow a name to the string (or f-string) it is bound to, if any."""
    seen = set()
    while isinstance(node, ast.Name) and node.id in scope and node.id not in seen:
        seen.add(node.id)
        node = scope[node.id]
    return node if isinstance(node, (ast.Constant, ast.JoinedStr)) else None


def _hints_of(node, scope, namespace):
    """Return the hints one AST node holds directly."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        text = _resolve(node.elts[1], scope)
        if text is not None and not _is_text(node.elts[0], scope):
            return _render(text, scope, namespace)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "report" and len(node.args) == 2
            and isinstance(node.args[0], ast.Constant) and node.args[0].value is False):
        text = _resolve(node.args[1], scope)
        if text is not None and not _describes_the_answer(text):
            return [hint for hint in _render(text, scope, namespace)
                    if not hint.startswith(FORM_OPENINGS) and "`...`" not in hint]
    return []


def _is_text(node, scope):
    return _resolve(node, scope) is not None and not (
        isinstance(node, ast.Constant) and not isinstance(node.value, str))


def _describes_the_answer(text):
    """Whether an f-string only reports the answer's type or representation."""
    for part in ast.walk(text):
        if isinstance(part, ast.FormattedValue):
            if part.conversion == ord("r"):
                return True
            if any(isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                   and call.func.id in ("describe", "type") for call in ast.walk(part.value)):
                return True
    return False


def _render(text, scope, namespace):
    """Render a string or f-string node; a dict of hints it formats gives its values."""
    if isinstance(text, ast.Constant):
        return [text.value] if isinstance(text.value, str) else []
    for part in text.values:
        if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Subscript):
            table = scope.get(getattr(part.value.value, "id", None))
            if isinstance(table, ast.Dict) and all(
                    isinstance(v, ast.Constant) and isinstance(v.value, str)
                    for v in table.values):
                return [value.value for value in table.values]
    pieces = []
    for part in text.values:
        if isinstance(part, ast.Constant):
            pieces.append(str(part.value))
        else:
            pieces.append(_formatted(part, namespace))
    return ["".join(pieces)]


def _formatted(part, namespace):
    """Fill in ``{expression:spec}`` from the module's constants, or return "…"."""
    expression = ast.Expression(part.value)
    safe = all(isinstance(node, _SAFE_NODES) for node in ast.walk(expression)) and all(
        isinstance(node.func, ast.Name) and node.func.id in _SAFE_CALLS
        for node in ast.walk(expression) if isinstance(node, ast.Call))
    if not safe or part.format_spec is not None and not all(
            isinstance(piece, ast.Constant) for piece in part.format_spec.values):
        return "…"
    spec = "".join(piece.value for piece in part.format_spec.values) if part.format_spec else ""
    try:
        value = eval(compile(expression, "<hint>", "eval"), dict(namespace))  # noqa: S307
        return format(value, spec)
    except Exception:  # a name bound inside the check: not known before it runs
        return "…"
