"""What trivial predictors score at a given prevalence.

A score means little until it stands beside the score of a predictor that ignores
the features. For a test set with prevalence ``pi`` (the share of positives), the
trivial predictors have closed-form scores; these are population values, the limit
of a large test set, and for the random predictor the expected counts.
"""

import numbers

import numpy as np
import pandas as pd
from sklearn.utils.validation import column_or_1d

from utils._validation import check_scalar

METRICS = ("accuracy", "balanced_accuracy", "precision", "recall", "f1")


def prevalence(y, positive=1):
    """Share of ``positive`` among the labels ``y``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Labels.
    positive : scalar, default 1
        The label counted as positive.

    Returns
    -------
    float
        The fraction of labels equal to ``positive``.
    """
    labels = column_or_1d(y)
    if labels.size == 0:
        raise ValueError("y is empty: a prevalence needs at least one label")
    if not np.any(labels == positive):
        raise ValueError(f"positive label {positive!r} does not occur in y")
    return float(np.mean(labels == positive))


def trivial_scores(pi, rate=None):
    """Scores of predictors that ignore the features, at prevalence ``pi``.

    Three predictors: ``all negative`` (the majority class when ``pi < 0.5``),
    ``all positive``, and ``random`` (positive with probability ``rate``
    independently of the truth; ``rate = pi`` is scikit-learn's stratified dummy).
    Precision of ``all negative`` is undefined (no predicted positive); it is
    reported as 0, scikit-learn's ``zero_division=0`` convention.

    Parameters
    ----------
    pi : float
        Prevalence of the positive class, in (0, 1).
    rate : float, optional
        Rate at which the random predictor says positive, in [0, 1]; ``pi`` if None.

    Returns
    -------
    DataFrame
        One row per predictor, one column per metric of ``METRICS`` (precision,
        recall and F1 of the positive class).

    Examples
    --------
    >>> round(float(trivial_scores(0.1).loc["all positive", "f1"]), 4)
    0.1818
    """
    pi = check_scalar(pi, "pi", numbers.Real, min_val=0, max_val=1, include_boundaries="neither")
    q = pi if rate is None else check_scalar(rate, "rate", numbers.Real, min_val=0, max_val=1)
    random_precision = pi  # the truth is independent of the prediction
    random_f1 = 2 * pi * q / (pi + q) if pi + q > 0 else 0.0
    rows = {
        "all negative": (1 - pi, 0.5, 0.0, 0.0, 0.0),
        "all positive": (pi, 0.5, pi, 1.0, 2 * pi / (1 + pi)),
        "random": (pi * q + (1 - pi) * (1 - q), 0.5, random_precision, q, random_f1),
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(METRICS))


def majority_accuracy(pi):
    """Accuracy of always predicting the more frequent class: ``max(pi, 1 - pi)``.

    Parameters
    ----------
    pi : float
        Prevalence of the positive class, in (0, 1).

    Returns
    -------
    float
        The accuracy to beat.
    """
    pi = check_scalar(pi, "pi", numbers.Real, min_val=0, max_val=1, include_boundaries="neither")
    return max(pi, 1 - pi)
