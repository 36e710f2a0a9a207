"""Compare a re-run of a committed result with the committed values, at stated tolerances.

A committed result was computed on one machine; a reader's machine re-runs it with
the same pinned libraries but another CPU, whose BLAS kernels and SIMD paths round
differently in the last bits. So a re-run is never compared bit for bit. Each
column of a re-run gets one of three tolerances, chosen from what it holds:

``"relative"``
    Continuous values from a deterministic code path (probabilities, Brier scores,
    average precision, means and standard errors): relative :data:`RTOL`.
``"exact"``
    Labels and integer counts that no floating-point decision produces (fold
    numbers, test positives, repetitions): equal.
a number or an array
    Scores from hard predictions, which a probability lying within rounding of the
    threshold can flip: the largest change that a stated number of changed
    predictions can make (:func:`changed_predictions`).
"""

import numbers

import numpy as np
import pandas as pd

from utils._validation import check_scalar

#: Relative tolerance for continuous values. Rounding differences across CPUs are of
#: the order of 1e-16 per operation and reach about 1e-11 after an iterative solver;
#: every difference a chapter discusses is 1e-3 or more. 1e-6 sits far from both.
RTOL = 1e-6
#: Relative tolerance for continuous scores of a model whose iterative solver stops at
#: an iteration that rounding can change (scikit-learn's lbfgs on some training sets):
#: there the scores move by far more than rounding, up to about 2e-3 relative when the
#: training data are perturbed in their last bits; 1e-2 leaves room above that and is
#: still far below the differences the chapters discuss.
SOLVER_RTOL = 1e-2
#: Absolute floor for continuous values that are zero by construction (a method
#: contrasted with itself), where a relative tolerance is zero.
ATOL = 1e-12

_METRICS = ("f1", "recall", "balanced_accuracy", "positive_rate", "accuracy", "count")


def changed_predictions(metric, n_positive, n_negative, changed=1):
    """Return the largest change of a score when up to ``changed`` predictions flip.

    Parameters
    ----------
    metric : {"f1", "recall", "balanced_accuracy", "positive_rate", "accuracy", "count"}
        The score; ``"count"`` is a number of predictions (predicted positives).
    n_positive, n_negative : int or array-like of int
        Positives and negatives among the rows scored (one value per re-run row, or one
        for all).
    changed : int, default 1
        How many predictions may differ between the two runs.

    Returns
    -------
    float or ndarray
        The bound, to be used as an absolute tolerance. For F1 (``2 TP / (P + Q)``, with
        ``P`` positives and ``Q`` predicted positives) one flip changes the score by at
        most ``2 / (P - 1)``, so ``k`` flips by at most ``2 k / (P - k)``; recall moves
        by ``1 / P`` per flip, balanced accuracy by half the recall of the smaller class,
        the positive rate and accuracy by ``1 / n``.
    """
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {_METRICS}, got {metric!r}")
    changed = check_scalar(changed, "changed", numbers.Integral, min_val=0)
    positive = np.asarray(n_positive, dtype=float)
    negative = np.asarray(n_negative, dtype=float)
    if (positive < 0).any() or (negative < 0).any():
        raise ValueError("n_positive and n_negative must not be negative")
    k = float(changed)
    if metric == "count":
        return k
    if metric == "f1":
        # With k flips or more than half the positives, F1 can move anywhere in [0, 1].
        bound = np.where(positive > 2 * k, 2 * k / np.maximum(positive - k, 1), 1.0)
    elif metric == "recall":
        bound = k / np.maximum(positive, 1)
    elif metric == "balanced_accuracy":
        bound = k / (2 * np.maximum(np.minimum(positive, negative), 1))
    else:  # positive_rate, accuracy
        bound = k / np.maximum(positive + negative, 1)
    return float(bound) if bound.ndim == 0 else bound


def _describe(tolerance, changed, rtol=RTOL):
    if isinstance(tolerance, str):
        return f"relative {rtol:g}" if tolerance == "relative" else "exact"
    return f"{changed} changed prediction(s)" if changed else "absolute"


def compare_rerun(recomputed, committed, tolerances, *, changed=None, rtol=RTOL):
    """Compare a re-run with the committed rows, column by column.

    Parameters
    ----------
    recomputed, committed : pandas.DataFrame
        The same rows in the same order (reset indexes), the re-run and the file.
    tolerances : dict
        Column name to ``"relative"``, ``"exact"``, or an absolute tolerance (a number,
        or one per row, e.g. from :func:`changed_predictions`). Every column of
        ``committed`` must be listed.
    changed : int, optional
        The number of changed predictions the absolute tolerances allow, for the report.
    rtol : float, default RTOL
        The relative tolerance of the ``"relative"`` columns; larger only where the file
        itself keeps fewer digits.

    Returns
    -------
    pandas.DataFrame
        One row per column: the tolerance in words, the largest difference found (NaN
        for non-numeric columns), and whether every row is within the tolerance.
    """
    for name, frame in (("recomputed", recomputed), ("committed", committed)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a DataFrame, got {type(frame).__name__}")
    if recomputed.shape != committed.shape or list(recomputed.columns) != list(
            committed.columns):
        raise ValueError(
            f"recomputed has shape {recomputed.shape} and columns {list(recomputed.columns)}, "
            f"committed {committed.shape} and {list(committed.columns)}: they must match")
    missing = [column for column in committed.columns if column not in tolerances]
    if missing:
        raise ValueError(f"tolerances lacks the columns {missing}")
    rows = {}
    for column in committed.columns:
        tolerance = tolerances[column]
        new, old = recomputed[column].to_numpy(), committed[column].to_numpy()
        numeric = pd.api.types.is_numeric_dtype(committed[column]) and not \
            pd.api.types.is_bool_dtype(committed[column])
        if not numeric:
            within = bool((recomputed[column].astype(str) == committed[column].astype(str)).all())
            rows[column] = (_describe("exact", changed), np.nan, within)
            continue
        new, old = new.astype(float), old.astype(float)
        both_nan = np.isnan(new) & np.isnan(old)
        # NaN where a value is missing in both (a baseline has no probabilities)
        gap = np.where(both_nan, 0.0, np.abs(new - old))
        if isinstance(tolerance, str) and tolerance not in ("exact", "relative"):
            raise ValueError(f"tolerance of {column!r} must be 'relative', 'exact' or a number")
        if isinstance(tolerance, str) and tolerance == "exact":
            allowed = np.zeros_like(gap)
        elif isinstance(tolerance, str):
            allowed = rtol * np.abs(old) + ATOL
        else:
            allowed = np.broadcast_to(np.asarray(tolerance, dtype=float), gap.shape)
        with np.errstate(invalid="ignore"):
            within = bool(np.all(both_nan | (np.abs(new - old) <= allowed)))
        largest = float(np.nanmax(gap)) if gap.size and not np.isnan(gap).all() else np.nan
        rows[column] = (_describe(tolerance, changed, rtol), largest, within)
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["tolerance", "largest difference", "within"]
    ).rename_axis(index="column")


def failures(report):
    """Return a one-line description of the columns outside their tolerance, or ``""``.

    Parameters
    ----------
    report : pandas.DataFrame
        The output of :func:`compare_rerun`.

    Returns
    -------
    str
        Empty when every column is within its tolerance.
    """
    bad = report[~report["within"]]
    return "; ".join(f"{column}: difference {row['largest difference']:.3g} beyond "
                     f"{row['tolerance']}" for column, row in bad.iterrows())
