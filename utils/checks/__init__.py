"""Self-checks for the exercises: print a verdict and a hint, return a boolean.

A check never raises. Whatever a learner passes (nothing yet, a string, a list, a
DataFrame of the wrong shape), it prints whether the answer is right and, when not,
the most specific hint it can, and returns ``True`` or ``False``. One module per
chapter holds that chapter's checks; this module holds what they share.

Hints are data
--------------
Every check module declares its hints in a module-level dict named ``HINTS``: for
each check it defines, by the check's name, a dict from a short name of a mistake
to the hint the learner reads after "Not yet:"::

    HINTS = {
        "check_buyer_recall": {
            "precision": "that is the precision (correct among predicted buyers); ...",
            ...
        },
    }

A check takes its hints from there (``HINTS["check_buyer_recall"]["precision"]``)
and the teaching guide lists the same dicts (:func:`listed_hints`), so each hint is
written once. A hint that depends on the answer is a :meth:`str.format` template
with named fields (``"{share} is a class share the question states; ..."``), filled
by the check with ``.format(share=...)``; the guide shows each field as "…"
(:func:`shown`). Literal braces in a hint are doubled, as :meth:`str.format` wants.
A value the module fixes (a number of seeds, a reported score) is written into the
text when the dict is built, so the guide shows it. A hint several checks give is
bound to one name and put in each of their dicts.

This module's own :data:`HINTS` holds what the shared helpers say, whatever the
exercise: a percentage, a rounded value, an answer of the wrong type or shape; and
what the quizzes' check (:func:`utils.checks.quiz.mark_answer`) says of an answer that
is none of a question's options.
"""

import functools
import importlib
import math
import re
import string
from pathlib import Path

import numpy as np

NOT_ANSWERED = (
    "Not answered yet: replace the `...` with your code, run that cell, then run this "
    "check again."
)

#: What the shared helpers of this module say, by helper, whatever the exercise.
HINTS = {
    "check_number": {
        "percentage": "{value:g} looks like a percentage; give {what} as a fraction "
                      "between 0 and 1.",
        "more digits": "at {digits} significant digits this answer could also be a known "
                       "mistake; give more digits (or the unrounded value).",
        "out of range": "{value:g} cannot be {what}, which lies between {low:g} and {high:g}.",
        "close": "close to {what} but not equal: check which rows you used (training or "
                 "test, before or after the split) and each step of the exercise.",
        "NaN": "the answer is NaN; {what} is a defined number here.",
        "another value": "{value:.4f} is not {what}. Re-read the exercise's steps.",
    },
    "as_number": {
        "True or False": "the answer is True/False; the exercise asks for a number.",
        "a string": "the answer is a string ({answer!r}); give the number itself.",
        "not one number": "expected a single number, got {answer}.",
    },
    "check_matrix": {
        "not an array": "expected a matrix, got {answer}.",
        "not numbers": "expected a matrix of numbers, got {answer}.",
        "wrong shape": "expected shape {shape}, got {answer}.",
        "another matrix": "these numbers are not {what}. Re-read the exercise's steps.",
    },
    "check_choice": {
        "unknown choice": "{answer!r} is not one of this exercise's choices; give one of "
                          "{choices}.",
        "a number": "the answer is a number ({answer!r}); give one of {choices}.",
        "a word": "the answer is a string ({answer!r}); give a number.",
        "not one answer": "expected a single choice, got {answer}.",
        "no range": "{answer:g} is outside every range this decision can take "
                    "({low:g} to {high:g}).",
    },
    "mark_answer": {
        "no quiz": "there is no quiz {chapter!r}; the quizzes are {chapters}.",
        "no question": "the quiz \"{chapter}\" has questions 1 to {count}, not {question!r}.",
        "a number for a choice": "{answer!r} is a number; give the letter of your choice "
                                 "as a string, one of {letters}.",
        "not a letter": "{answer!r} is not one of this question's letters; give one of "
                        "{letters}.",
        "not one choice": "expected one letter, got {answer}; choose a single option.",
        "a string for a number": "{answer!r} is a string; give the number itself, "
                                 "without quotes.",
        "percentage": "{answer:g} looks like a percentage; give the answer as a fraction "
                      "between 0 and 1.",
        "another number": "{answer:g} is not the answer, nor one of the usual slips; "
                          "re-read the question and work it out step by step.",
    },
    "never_raises": {
        "an error": "this answer could not be checked ({error_type}: {error}). Check "
                    "that it has the type the exercise asks for.",
    },
}

_CHECK_IMPORT = re.compile(
    r"^from utils\.checks\.(?P<module>\w+) import (?:\((?P<names>[^)]*)\)|(?P<line>.+))$",
    re.MULTILINE,
)


def report(correct, message):
    """Print a verdict with ``message`` and return ``correct``.

    Parameters
    ----------
    correct : bool
        Whether the answer is right.
    message : str
        Why it is right, or a hint towards the right answer.

    Returns
    -------
    bool
        ``correct``, unchanged.
    """
    print(("Correct: " if correct else "Not yet: ") + message)
    return bool(correct)


def not_answered():
    """Print that the exercise is not answered yet and return False."""
    print(NOT_ANSWERED)
    return False


def never_raises(check):
    """Make ``check`` print a hint and return False instead of raising."""

    @functools.wraps(check)
    def guarded(*args, **kwargs):
        try:
            return check(*args, **kwargs)
        except Exception as error:  # a self-check must not crash a learner's notebook
            return report(False, HINTS["never_raises"]["an error"].format(
                error_type=type(error).__name__, error=error))

    return guarded


def unanswered(answer):
    """Whether ``answer`` is still the placeholder ``...`` (or ``None``)."""
    return answer is Ellipsis or answer is None


def describe(answer):
    """Describe ``answer``'s type and shape in a few words, for hints."""
    name = type(answer).__name__
    article = "an" if name[0].lower() in "aeiou" else "a"
    shape = getattr(answer, "shape", None)
    if shape is not None:
        return f"{article} {name} of shape {tuple(shape)}"
    if isinstance(answer, (list, tuple, set, dict)):
        return f"{article} {name} of length {len(answer)}"
    return f"{article} {name} ({answer!r})"


def as_number(answer):
    """Convert ``answer`` to a float, or return a hint saying why it is not a number.

    Returns
    -------
    tuple of (float or None, str or None)
        The number and no hint, or no number and the hint.
    """
    hints = HINTS["as_number"]
    if isinstance(answer, (bool, np.bool_)):
        return None, hints["True or False"]
    if isinstance(answer, str):
        return None, hints["a string"].format(answer=answer)
    if isinstance(answer, (int, float, np.integer, np.floating)):
        return float(answer), None
    array = np.asarray(answer) if hasattr(answer, "__len__") else None
    if array is not None and array.size == 1 and np.issubdtype(array.dtype, np.number):
        return float(array.ravel()[0]), None
    return None, hints["not one number"].format(answer=describe(answer))


def close(a, b, rtol=1e-6, atol=1e-9):
    """Whether two numbers agree to the given tolerances."""
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


#: The range of a share, a rate or a probability, for ``check_number(..., bounds=UNIT)``.
UNIT = (0.0, 1.0)
#: The fewest significant digits a rounded answer may keep and still be right.
MIN_DIGITS = 3


def round_significant(value, digits):
    """Round ``value`` to ``digits`` significant digits (as Python prints it)."""
    return float(f"{value:.{digits}g}")


def rounded_digits(value, target):
    """Return the significant digits at which ``target`` rounds to ``value``, or None.

    Only roundings to :data:`MIN_DIGITS` or more digits count; ``0.94`` is
    ``0.9402`` rounded to three digits (a trailing zero cannot be told apart).
    """
    for digits in range(MIN_DIGITS, 16):
        if close(value, round_significant(target, digits), rtol=1e-12, atol=0.0):
            return digits
    return None


@never_raises
def check_number(answer, expected, *, what, mistakes=(), rtol=1e-6, nearby=0.05,
                 bounds=None):
    """Check a numeric answer, with hints for known wrong values.

    The rounding rule, decided once for every check: an answer equal to the right
    value rounded to :data:`MIN_DIGITS` or more significant digits is right, unless a
    known mistake rounds to the same value (then the hint asks for more digits). A
    known mistake is recognised rounded too; a percentage where a fraction is asked
    gets its own hint; a value outside ``bounds`` is called impossible; and a wrong
    value near the right one is never called rounded: it gets "close but not equal".

    Parameters
    ----------
    answer : object
        What the learner computed.
    expected : float
        The right value.
    what : str
        What the number is, for the messages ("the majority baseline's accuracy").
    mistakes : sequence of (float, str)
        Typical wrong values and the hint each deserves, tried in order.
    rtol : float
        Relative tolerance for a match.
    nearby : float
        A wrong answer within this relative distance of ``expected`` is "close".
    bounds : pair of float, optional
        The range ``expected`` must lie in (``(0, 1)`` for a share or a probability).

    Returns
    -------
    bool
        Whether ``answer`` equals ``expected``.
    """
    if unanswered(answer):
        return not_answered()
    hints = HINTS["check_number"]
    value, hint = as_number(answer)
    if hint:
        return report(False, hint)
    if math.isnan(value):
        return report(False, hints["NaN"].format(what=what))
    if close(value, expected, rtol=rtol):
        return report(True, f"{what} is {expected:.4f}.")
    for wrong, mistake_hint in mistakes:
        if close(value, wrong, rtol=rtol):
            return report(False, mistake_hint)
    digits = rounded_digits(value, expected)
    if digits is not None:
        if any(close(round_significant(wrong, digits), value, rtol=1e-12, atol=0.0)
               for wrong, _ in mistakes):
            return report(False, hints["more digits"].format(digits=digits))
        return report(True, f"{what} is {expected:.4f} (you gave it to {digits} "
                            "significant digits).")
    for wrong, mistake_hint in mistakes:
        if rounded_digits(value, wrong) is not None:
            return report(False, mistake_hint)
    fraction = (bounds[1] <= 1) if bounds is not None else abs(expected) <= 1
    if fraction and (close(value, 100 * expected, rtol=rtol)
                     or rounded_digits(value, 100 * expected)):
        return report(False, hints["percentage"].format(value=value, what=what))
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        return report(False, hints["out of range"].format(value=value, what=what,
                                                          low=bounds[0], high=bounds[1]))
    if abs(value - expected) <= nearby * abs(expected):
        return report(False, hints["close"].format(what=what))
    return report(False, hints["another value"].format(value=value, what=what))


@never_raises
def check_matrix(answer, expected, *, what, mistakes=()):
    """Check a 2-D array answer (a confusion matrix, say), with shape hints.

    Parameters
    ----------
    answer : object
        What the learner computed.
    expected : array-like of shape (n, m)
        The right matrix.
    what : str
        What the matrix is, for the messages.
    mistakes : sequence of (array-like, str)
        Typical wrong matrices and the hint each deserves.

    Returns
    -------
    bool
        Whether ``answer`` equals ``expected`` element by element.
    """
    if unanswered(answer):
        return not_answered()
    hints = HINTS["check_matrix"]
    if isinstance(answer, (str, bytes, bool, int, float)):
        return report(False, hints["not an array"].format(answer=describe(answer)))
    expected = np.asarray(expected, dtype=float)
    array = np.asarray(answer)
    if not np.issubdtype(array.dtype, np.number):
        return report(False, hints["not numbers"].format(answer=describe(answer)))
    array = array.astype(float)
    if array.shape != expected.shape:
        return report(False, hints["wrong shape"].format(shape=expected.shape,
                                                         answer=describe(answer)))
    if np.allclose(array, expected):
        return report(True, f"that is {what}.")
    for wrong, mistake_hint in mistakes:
        if np.allclose(array, np.asarray(wrong, dtype=float)):
            return report(False, mistake_hint)
    return report(False, hints["another matrix"].format(what=what))


def normalised(text):
    """Return ``text`` as :func:`check_choice` compares it: lower case, one space apart."""
    return " ".join(re.sub(r"[_\-/,.;:'\"()]+", " ", str(text)).lower().split())


@never_raises
def check_choice(answer, *, what, accepted=None, rejected=None, aliases=None, ranges=()):
    """Check a decision: every defensible answer passes, each with its trade-off.

    A decision exercise has no single right answer. The learner names a choice (a
    metric, a method) or gives a number (a threshold, a weight); every defensible
    choice is right and is told what it trades away, every indefensible one is told
    why it fails. Any other answer gets a hint, never an exception.

    Parameters
    ----------
    answer : object
        What the learner chose.
    what : str
        The decision, for the messages ("the metric to report").
    accepted, rejected : dict of str to str, optional
        For a choice by name: each defensible (indefensible) choice, as
        :func:`normalised` writes it, and its trade-off (why it fails).
    aliases : dict of str to str, optional
        Other names of a choice (``"ap"`` for ``"average precision"``), normalised.
    ranges : sequence of (float, float, bool, str)
        For a number: consecutive intervals ``[low, high]``, whether a number in it is
        defensible, and what it trades off (or why it fails). A number on the border
        of two intervals gets the first.

    Returns
    -------
    bool
        Whether the choice is defensible.
    """
    if unanswered(answer):
        return not_answered()
    hints = HINTS["check_choice"]
    accepted, rejected, aliases = accepted or {}, rejected or {}, aliases or {}
    choices = ", ".join(repr(choice) for choice in [*accepted, *rejected])
    if isinstance(answer, (list, tuple, set, dict, np.ndarray)) and not (
            ranges and np.size(answer) == 1):
        return report(False, hints["not one answer"].format(answer=describe(answer)))
    if isinstance(answer, str):
        if not (accepted or rejected):
            return report(False, hints["a word"].format(answer=answer))
        key = normalised(answer)
        key = aliases.get(key, key)
        if key in accepted:
            return report(True, f"{what}: {accepted[key]}")
        if key in rejected:
            return report(False, rejected[key])
        return report(False, hints["unknown choice"].format(answer=answer, choices=choices))
    if not ranges:
        if isinstance(answer, (int, float, np.integer, np.floating)):
            return report(False, hints["a number"].format(answer=answer, choices=choices))
        return report(False, hints["not one answer"].format(answer=describe(answer)))
    value, hint = as_number(answer)
    if hint:
        return report(False, hint)
    for low, high, right, message in ranges:
        if low <= value <= high:
            return report(right, f"{what}: {message}" if right else message)
    low, high = ranges[0][0], ranges[-1][1]
    return report(False, hints["no range"].format(answer=value, low=low, high=high))


def shown(template):
    """Return a hint as the teaching guide shows it: each field of the template as "…".

    Parameters
    ----------
    template : str
        A hint of a ``HINTS`` dict, a :meth:`str.format` template.

    Returns
    -------
    str
        The text, each ``{field}`` replaced by "…" and doubled braces made single.
    """
    if not isinstance(template, str):
        raise TypeError(f"template: expected a str, got {type(template).__name__}")
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"template: {error} in {template!r}") from None
    return "".join(literal + ("…" if field is not None else "")
                   for literal, field, _, _ in pieces)


def listed_hints(module, checks=None):
    """Return the hints of some checks of one check module, as the teaching guide lists them.

    Parameters
    ----------
    module : str
        A module of ``utils.checks``, by name (``"accuracy_trap"``).
    checks : sequence of str, optional
        Checks of that module, by name; all of its checks by default.

    Returns
    -------
    list of str
        Their hints, each shown by :func:`shown`, each text once, in the order of the
        module's ``HINTS``.
    """
    if not isinstance(module, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", module):
        raise ValueError(f"module: expected the name of a module of {__name__}, "
                         f"got {module!r}")
    try:
        hints = importlib.import_module(f"{__name__}.{module}").HINTS
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{module}":
            raise
        raise ValueError(f"module: {__name__} has no module {module!r}") from None
    except AttributeError:
        raise ValueError(f"module: {__name__}.{module} declares no HINTS") from None
    if isinstance(checks, str):
        raise TypeError("checks: give a list of check names, not one string")
    if checks is not None:
        unknown = sorted(set(checks) - set(hints))
        if unknown:
            raise ValueError(f"checks: {unknown} are not checks of {__name__}.{module} "
                             f"(its checks: {sorted(hints)})")
    names = [name for name in hints if checks is None or name in checks]
    return list(dict.fromkeys(shown(text) for name in names for text in hints[name].values()))


def exercise_checks(solution_path):
    """Return the check module a solution notebook imports, and the checks it imports.

    The teaching guide reads an exercise's answers and hints from them: one check per
    answer, and each check's hints in its module's ``HINTS``.

    Parameters
    ----------
    solution_path : str or Path
        A solution notebook (``solutions/NN_topic_exM.md``).

    Returns
    -------
    tuple of (str, list of str)
        The module's name in ``utils.checks`` and the ``check_`` functions imported
        from it, in the order of the import.
    """
    path = Path(solution_path)
    if not path.is_file():
        raise FileNotFoundError(f"solution_path: no solution notebook at {path}")
    imports = list(_CHECK_IMPORT.finditer(path.read_text()))
    modules = sorted({match["module"] for match in imports})
    if len(modules) != 1:
        raise ValueError(f"solution_path: {path.name} imports from {len(modules)} check "
                         f"modules ({modules}); expected exactly one")
    names = [name.strip() for match in imports
             for name in (match["names"] or match["line"]).split(",")]
    return modules[0], [name for name in dict.fromkeys(names) if name.startswith("check_")]


def exercise_hints(solution_path):
    """Return the hints an exercise's checks give, as the teaching guide lists them.

    Parameters
    ----------
    solution_path : str or Path
        A solution notebook (``solutions/NN_topic_exM.md``).

    Returns
    -------
    list of str
        :func:`listed_hints` of the checks the solution imports.
    """
    return listed_hints(*exercise_checks(solution_path))
