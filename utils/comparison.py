"""Compare methods like for like: same folds, same scorers, one table.

Chapters 4, 5, 6 and 8 set class weights, resampling and tuned thresholds against
each other. Each method is any scikit-learn or imbalanced-learn estimator (a
pipeline with a sampler, a ``TunedThresholdClassifierCV`` around a model, a
``DummyClassifier`` as the baseline); :func:`compare_methods` scores all of them
on the same cross-validation splits, so the only difference is the method.

Two methods scored on the same folds (or the same test rows) are compared by their
*paired* differences, with an interval that respects the pairing:
:func:`corrected_t_interval` for (repeated) cross-validation, whose training sets
overlap (the corrected resampled t of Nadeau and Bengio, 2003, as in scikit-learn's
gallery example "Statistical comparison of models using grid search"), and
:func:`paired_bootstrap` for one test set. The share of folds each method wins is a
description beside the interval, not evidence.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv, cross_validate
from sklearn.utils import check_scalar


def _check_reproducible(cv):
    """Refuse a splitter whose folds would differ between methods."""
    if isinstance(cv, numbers.Integral):
        return
    shuffled = getattr(cv, "shuffle", False) or hasattr(cv, "n_repeats")
    seed = getattr(cv, "random_state", None)
    if shuffled and not isinstance(seed, numbers.Integral):
        raise ValueError(
            "cv shuffles with random_state="
            f"{seed!r}: give it an integer seed so every method sees the same folds"
        )


def compare_methods(methods, X, y, *, cv, scoring, n_jobs=None):
    """Score every method on the same cross-validation folds.

    Parameters
    ----------
    methods : dict of str to estimator
        The methods, by the name to show; each is cloned and fitted per fold.
    X : array-like of shape (n_samples, n_features)
        Features.
    y : array-like of shape (n_samples,)
        Labels.
    cv : int or cross-validation splitter
        The folds, shared by all methods; a shuffling splitter needs an integer
        ``random_state``.
    scoring : dict of str to scorer name or callable
        The metrics, by the name to show.
    n_jobs : int, optional
        Folds fitted in parallel, passed to ``cross_validate``.

    Returns
    -------
    DataFrame
        Long format, one row per method, fold and metric, with columns
        ``method``, ``fold``, ``metric`` and ``score``.
    """
    if not isinstance(methods, dict) or not methods:
        raise TypeError("methods must be a non-empty dict of name -> estimator")
    for name, method in methods.items():
        if not is_classifier(method):
            raise TypeError(f"method {name!r} is not a classifier: {type(method).__name__}")
    if not isinstance(scoring, dict) or not scoring:
        raise TypeError("scoring must be a non-empty dict of name -> scorer")
    _check_reproducible(cv)
    cv = check_cv(cv, y, classifier=True)
    rows = []
    for name, method in methods.items():
        scores = cross_validate(method, X, y, cv=cv, scoring=scoring, n_jobs=n_jobs)
        for metric in scoring:
            for fold, score in enumerate(scores[f"test_{metric}"]):
                rows.append({"method": name, "fold": fold, "metric": metric,
                             "score": float(score)})
    return pd.DataFrame(rows)


def summarise(results):
    """Mean, standard deviation and fold count per method and metric.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`compare_methods`.

    Returns
    -------
    DataFrame
        Indexed by method (in their original order), with a column level per
        metric holding ``mean``, ``std`` and ``n``.
    """
    required = {"method", "fold", "metric", "score"}
    if not isinstance(results, pd.DataFrame) or not required <= set(results.columns):
        raise TypeError(f"results must be a DataFrame with columns {sorted(required)}")
    order = list(dict.fromkeys(results["method"]))
    metrics = list(dict.fromkeys(results["metric"]))
    table = results.pivot_table(index="method", columns="metric", values="score",
                                aggfunc=["mean", "std", "count"])
    table = table.rename(columns={"count": "n"}).swaplevel(axis=1)
    columns = pd.MultiIndex.from_product([metrics, ["mean", "std", "n"]])
    return table.reindex(index=order, columns=columns)


def fold_table(results, metric):
    """One metric's scores as a table of folds (rows) by methods (columns).

    This is the shape :func:`utils.plotting.plot_fold_scores` draws.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`compare_methods`.
    metric : str
        Which metric.

    Returns
    -------
    DataFrame
        Scores, one column per method in their original order.
    """
    if metric not in set(results["metric"]):
        raise ValueError(f"no metric {metric!r}; the results hold {sorted(set(results.metric))}")
    chosen = results[results["metric"] == metric]
    order = list(dict.fromkeys(chosen["method"]))
    return chosen.pivot(index="fold", columns="method", values="score")[order]


@dataclass(frozen=True)
class PairedDifference:
    """A paired difference between two methods (method minus reference), with its interval.

    Attributes
    ----------
    mean : float
        The mean difference.
    low, high : float
        The interval's ends.
    se : float
        The standard error the interval uses (NaN for a bootstrap).
    n : int
        Pairs: folds, or test rows.
    wins, losses : float
        Share of pairs where the method scores above, below the reference (folds only;
        NaN for a bootstrap). A description, not evidence.
    confidence : float
        The interval's level.
    how : str
        How the interval was computed.
    """

    mean: float
    low: float
    high: float
    se: float
    n: int
    wins: float
    losses: float
    confidence: float
    how: str

    @property
    def interval(self):
        """The interval as a ``(low, high)`` pair, for :mod:`utils.verdicts`."""
        return (self.low, self.high)

    def __str__(self):
        return f"{self.mean:+.4f} [{self.low:+.4f}, {self.high:+.4f}]"


def _confidence(confidence):
    return check_scalar(confidence, "confidence", numbers.Real, min_val=0, max_val=1,
                        include_boundaries="neither")


def corrected_t_interval(differences, *, n_train, n_test, confidence=0.95):
    """Interval of the mean of paired differences over (repeated) cross-validation folds.

    Folds share most of their training rows, so their scores are correlated and the
    plain t interval is too narrow. Nadeau and Bengio's correction multiplies the
    variance of the mean by ``1/J + n_test/n_train`` instead of ``1/J`` (``J`` folds in
    all), with ``J - 1`` degrees of freedom.

    Parameters
    ----------
    differences : array-like of shape (J,)
        One difference per fold (method minus reference), every repetition's folds.
    n_train, n_test : int
        Rows in a training and in a test fold.
    confidence : float, default 0.95
        The interval's level.

    Returns
    -------
    PairedDifference
    """
    d = np.asarray(differences, dtype=float).ravel()
    if d.size < 2 or not np.isfinite(d).all():
        raise ValueError(f"differences must hold two or more finite values, got {d.size}")
    n_train = check_scalar(n_train, "n_train", numbers.Integral, min_val=1)
    n_test = check_scalar(n_test, "n_test", numbers.Integral, min_val=1)
    confidence = _confidence(confidence)
    mean = float(d.mean())
    se = math.sqrt((1 / d.size + n_test / n_train) * float(d.var(ddof=1)))
    half = float(stats.t.ppf((1 + confidence) / 2, d.size - 1)) * se
    return PairedDifference(mean, mean - half, mean + half, se, int(d.size),
                            float(np.mean(d > 0)), float(np.mean(d < 0)), confidence,
                            "corrected resampled t (Nadeau and Bengio)")


def paired_folds(results, method, reference, metric):
    """Return one metric's paired differences, method minus reference, fold by fold.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`compare_methods` (columns ``method``, ``fold``, ``metric``,
        ``score``); folds with the same number are the same rows.
    method, reference : str
        Two methods of ``results``.
    metric : str
        A metric of ``results``.

    Returns
    -------
    Series
        One difference per fold, indexed by fold.
    """
    table = fold_table(results, metric)
    for name, value in (("method", method), ("reference", reference)):
        if value not in table.columns:
            raise ValueError(f"{name} {value!r} is not among the methods {list(table.columns)}")
    return (table[method] - table[reference]).rename(f"{method} - {reference}")


def compare_paired(results, method, reference, metric, *, n_train, n_test, confidence=0.95):
    """Paired difference of two methods on one metric over the same folds, with its interval.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`compare_methods`, all repetitions' folds numbered apart.
    method, reference : str
        The methods; the difference is ``method - reference``.
    metric : str
        The metric.
    n_train, n_test : int
        Rows in a training and in a test fold (for the correction).
    confidence : float, default 0.95
        The interval's level.

    Returns
    -------
    PairedDifference
    """
    differences = paired_folds(results, method, reference, metric)
    return corrected_t_interval(differences.to_numpy(), n_train=n_train, n_test=n_test,
                                confidence=confidence)


def paired_bootstrap(y_true, scores_method, scores_reference, metric, *, n_resamples=1000,
                     confidence=0.95, random_state=0, vectorized=False, batch=None):
    """Paired bootstrap interval of a metric's difference between two methods on one test set.

    The test rows are resampled, the same rows for both methods, and the metric's
    difference recomputed on each resample (scipy's ``bootstrap`` with
    ``paired=True``, percentile interval).

    Parameters
    ----------
    y_true : array-like of shape (n,)
        The test labels.
    scores_method, scores_reference : array-like of shape (n,)
        What each method predicted for the same rows (decisions or probabilities, as
        ``metric`` expects).
    metric : callable
        ``metric(y_true, scores)``, e.g. ``sklearn.metrics.f1_score``.
    n_resamples : int, default 1000
        Bootstrap resamples.
    confidence : float, default 0.95
        The interval's level.
    random_state : int, default 0
        Seed of the resampling.
    vectorized : bool, default False
        If True, ``metric(y_true, scores)`` receives arrays of shape ``(n, k)``, one
        resample per column, and returns the ``k`` scores. scikit-learn's metrics score
        many columns in one call (``f1_score(Y, S, average=None)`` on multilabel
        indicators), far faster than one call per resample; the resamples, and so the
        interval, are the same as without it.
    batch : int, optional
        Resamples per call of ``metric`` (scipy's ``batch``): each call holds ``n * batch``
        values, so a large test set needs a small batch. All at once when None.

    Returns
    -------
    PairedDifference
    """
    y = np.asarray(y_true)
    a, b = np.asarray(scores_method), np.asarray(scores_reference)
    if not (y.ndim == a.ndim == b.ndim == 1) or not (len(y) == len(a) == len(b) > 1):
        raise ValueError("y_true, scores_method and scores_reference must be 1-d, of the "
                         f"same length > 1; got lengths {len(y)}, {len(a)}, {len(b)}")
    if not callable(metric):
        raise TypeError(f"metric must be callable, got {type(metric).__name__}")
    n_resamples = check_scalar(n_resamples, "n_resamples", numbers.Integral, min_val=100)
    confidence = _confidence(confidence)
    if batch is not None:
        batch = check_scalar(batch, "batch", numbers.Integral, min_val=1)

    def difference(rows, axis=-1):
        rows = np.asarray(rows, dtype=int)
        if not vectorized:
            return metric(y[rows], a[rows]) - metric(y[rows], b[rows])
        # scipy stacks resamples along the first axis; the metric wants them as columns
        columns = np.atleast_2d(rows).T
        values = (np.asarray(metric(y[columns], a[columns]), dtype=float)
                  - np.asarray(metric(y[columns], b[columns]), dtype=float))
        return values[0] if rows.ndim == 1 else values

    result = stats.bootstrap((np.arange(len(y)),), difference, vectorized=bool(vectorized),
                             batch=batch, n_resamples=n_resamples, confidence_level=confidence,
                             method="percentile", random_state=random_state)
    mean = float(difference(np.arange(len(y))))
    low, high = result.confidence_interval
    return PairedDifference(mean, float(low), float(high), math.nan, int(len(y)), math.nan,
                            math.nan, confidence, f"paired bootstrap, {n_resamples} resamples")
