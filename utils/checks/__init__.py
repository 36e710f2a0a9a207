"""Self-checks for the exercises: print a verdict and a hint, return a boolean.

A check never raises. Whatever a learner passes (nothing yet, a string, a list, a
DataFrame of the wrong shape), it prints whether the answer is right and, when not,
the most specific hint it can, and returns ``True`` or ``False``. One module per
chapter holds that chapter's checks; this module holds what they share.
"""

import functools
import math

import numpy as np

NOT_ANSWERED = (
    "Not answered yet: replace the `...` with your code, run that cell, then run this "
    "check again."
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
            return report(
                False,
                f"this answer could not be checked ({type(error).__name__}: {error}). "
                "Check that it has the type the exercise asks for.",
            )

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
    if isinstance(answer, (bool, np.bool_)):
        return None, "the answer is True/False; the exercise asks for a number."
    if isinstance(answer, str):
        return None, f"the answer is a string ({answer!r}); give the number itself."
    if isinstance(answer, (int, float, np.integer, np.floating)):
        return float(answer), None
    array = np.asarray(answer) if hasattr(answer, "__len__") else None
    if array is not None and array.size == 1 and np.issubdtype(array.dtype, np.number):
        return float(array.ravel()[0]), None
    return None, f"expected a single number, got {describe(answer)}."


def close(a, b, rtol=1e-6, atol=1e-9):
    """Whether two numbers agree to the given tolerances."""
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


@never_raises
def check_number(answer, expected, *, what, mistakes=(), rtol=1e-6, rounding=0.005):
    """Check a numeric answer, with hints for known wrong values.

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
    rounding : float
        An answer this close to ``expected`` gets "don't round" rather than "wrong".

    Returns
    -------
    bool
        Whether ``answer`` equals ``expected``.
    """
    if unanswered(answer):
        return not_answered()
    value, hint = as_number(answer)
    if hint:
        return report(False, hint)
    if math.isnan(value):
        return report(False, f"the answer is NaN; {what} is a defined number here.")
    if close(value, expected, rtol=rtol):
        return report(True, f"{what} is {expected:.4f}.")
    for wrong, mistake_hint in mistakes:
        if close(value, wrong, rtol=rtol):
            return report(False, mistake_hint)
    if close(value, 100 * expected, rtol=rtol):
        return report(False, "that is a percentage; give the fraction (between 0 and 1).")
    if abs(value - expected) <= rounding:
        return report(False, f"close to {what}, but rounded; give the unrounded value.")
    return report(False, f"{value:.4f} is not {what}. Re-read the exercise's steps.")


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
    if isinstance(answer, (str, bytes, bool, int, float)):
        return report(False, f"expected a matrix, got {describe(answer)}.")
    expected = np.asarray(expected, dtype=float)
    array = np.asarray(answer)
    if not np.issubdtype(array.dtype, np.number):
        return report(False, f"expected a matrix of numbers, got {describe(answer)}.")
    array = array.astype(float)
    if array.shape != expected.shape:
        return report(False, f"expected shape {expected.shape}, got {describe(answer)}.")
    if np.allclose(array, expected):
        return report(True, f"that is {what}.")
    for wrong, mistake_hint in mistakes:
        if np.allclose(array, np.asarray(wrong, dtype=float)):
            return report(False, mistake_hint)
    return report(False, f"these numbers are not {what}. Re-read the exercise's steps.")
