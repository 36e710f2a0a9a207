"""The model's test scores with bootstrap intervals, beside the trivial predictors.

Every score is printed beside what predictors that ignore the features get at the
test prevalence (:func:`utils.baselines.trivial_scores`), with a percentile bootstrap
interval over the test rows; where the report compares the model with a trivial
predictor, the difference gets a *paired* interval (the same resampled rows for both,
:func:`utils.comparison.paired_bootstrap`). With prices for the two mistakes, the
decisions are priced as well (:mod:`utils.costs`).

The point estimates are scikit-learn's; the resamples are scored by
:mod:`utils.clinic.resampled_metrics`, a thousand at a time.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

from utils.baselines import trivial_scores
from utils.clinic.resampled_metrics import (
    DECISION_METRICS,
    RANKING_METRICS,
    cost_per_row,
    decision_scores,
    levels,
    one_score,
    ranking_scores,
)
from utils.comparison import paired_bootstrap
from utils.costs import cost_optimal_threshold, expected_cost

#: Level of every interval.
CONFIDENCE = 0.95
#: Values (rows times resamples) held in memory at once while resampling.
BATCH_VALUES = 2_000_000


def _batch(n):
    return max(1, BATCH_VALUES // max(n, 1))


@dataclass(frozen=True)
class Metric:
    """A row of the report's score table.

    ``name`` is the metric's row in :func:`decision_scores` or :func:`ranking_scores` and
    its column in :func:`trivial_table`; ``uses`` is ``"decision"`` (0/1 predictions) or
    ``"score"`` (probabilities); ``against`` names the trivial predictor the paired
    difference is taken against, or None when the comparison would say nothing (recall
    is 1 by predicting everyone positive, so beating "all positive" on recall alone
    means nothing).
    """

    label: str
    name: str
    uses: str
    against: str | None


def metrics(positive_name, negative_name):
    """Return the report's metrics, in its order, labelled with the class names."""
    return [
        Metric("accuracy", "accuracy", "decision", "majority"),
        Metric("balanced accuracy", "balanced accuracy", "decision", "all negative"),
        Metric(f"precision ({positive_name})", "precision", "decision", None),
        Metric(f"recall ({positive_name})", "recall", "decision", None),
        Metric(f"F1 ({positive_name})", "f1", "decision", "all positive"),
        Metric(f"F1 ({negative_name})", "f1_negative", "decision", "all negative"),
        Metric("ROC AUC", "roc_auc", "score", "all negative"),
        Metric("average precision", "average_precision", "score", "all negative"),
    ]


def trivial_table(pi):
    """Return what the trivial predictors score at prevalence ``pi``, on the report's metrics.

    Population values (:func:`utils.baselines.trivial_scores`); the negative class's F1
    is the positive class's F1 with the classes swapped, and a score that ignores the
    features has a ROC AUC of 0.5 and an average precision of ``pi``.

    Returns
    -------
    DataFrame
        Rows "all negative", "all positive", "random" (positive at rate ``pi``); columns
        accuracy, balanced accuracy, precision, recall, f1, f1_negative, roc_auc,
        average_precision.
    """
    table = trivial_scores(pi).rename(columns={"balanced_accuracy": "balanced accuracy"})
    swapped = trivial_scores(1 - pi, rate=1 - pi)["f1"]  # "all positive" there is all negative
    table["f1_negative"] = [swapped["all positive"], swapped["all negative"],
                            swapped["random"]]
    table["roc_auc"] = 0.5
    table["average_precision"] = pi
    return table


def bootstrap_interval(y, values, function, *, n_resamples, random_state):
    """Percentile bootstrap interval of ``function(y, values)`` over the rows.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels, 1 for the positive class.
    values : ndarray of shape (n,)
        Decisions or scores.
    function : callable
        A per-column metric of this module, returning one value per column or an array
        of shape (metrics, columns).
    n_resamples : int
        Resamples.
    random_state : int
        Seed; the same seed resamples the same rows for every metric.

    Returns
    -------
    tuple
        ``(low, high)``, floats or arrays as ``function`` returns; NaN where some
        resample leaves a metric undefined.
    """
    def statistic(rows, axis=-1):
        rows = np.asarray(rows)
        columns = np.atleast_2d(rows).T
        scores = np.asarray(function(y[columns], values[columns]), dtype=float)
        return scores[..., 0] if rows.ndim == 1 else scores

    with warnings.catch_warnings():  # an undefined resample gives NaN: reported as such
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        result = stats.bootstrap((np.arange(len(y)),), statistic, vectorized=True,
                                 batch=_batch(len(y)), n_resamples=n_resamples,
                                 confidence_level=CONFIDENCE, method="percentile",
                                 random_state=random_state)
    low, high = result.confidence_interval
    return low, high


def _paired(y, values, reference, function, *, n_resamples, random_state):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        return paired_bootstrap(y, values, reference, function, n_resamples=n_resamples,
                                confidence=CONFIDENCE, random_state=random_state,
                                vectorized=True, batch=_batch(len(y)))


def score_table(y, proba, decisions, *, positive_name, negative_name, majority,
                n_resamples=1000, random_state=0):
    """Score the model on the test rows, beside the trivial predictors.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Test labels, 1 for the positive class.
    proba : ndarray of shape (n,)
        The model's probability of the positive class.
    decisions : ndarray of shape (n,)
        The model's decisions (0/1).
    positive_name, negative_name : str
        Class names, for the labels.
    majority : int
        The training part's majority class (0 or 1): the "majority" predictor.
    n_resamples : int, default 1000
        Bootstrap resamples.
    random_state : int, default 0
        Seed of every resampling.

    Returns
    -------
    DataFrame
        One row per metric: ``model``, ``low``, ``high``, the three trivial predictors'
        scores, ``against`` (the predictor compared with), ``difference``,
        ``difference_low``, ``difference_high`` (paired, NaN when no comparison).
    """
    y, proba, decisions = (np.asarray(a) for a in (y, proba, decisions))
    trivial = trivial_table(float(np.mean(y)))
    n = len(y)
    model = {
        "accuracy": accuracy_score(y, decisions),
        "balanced accuracy": balanced_accuracy_score(y, decisions),
        "precision": precision_score(y, decisions, zero_division=0),
        "recall": recall_score(y, decisions, zero_division=0),
        "f1": f1_score(y, decisions, zero_division=0),
        "f1_negative": f1_score(y, decisions, pos_label=0, zero_division=0),
        "roc_auc": roc_auc_score(y, proba) if 0 < y.sum() < n else np.nan,
        "average_precision": average_precision_score(y, proba),
    }
    score_levels = levels(proba)  # ranking metrics only need the order
    # one bootstrap for all decision metrics, one for both ranking metrics
    intervals = {}
    for function, values, names in ((decision_scores, decisions, DECISION_METRICS),
                                    (ranking_scores, score_levels, RANKING_METRICS)):
        low, high = bootstrap_interval(y, values, function, n_resamples=n_resamples,
                                       random_state=random_state)
        intervals.update({name: (float(low[i]), float(high[i]))
                          for i, name in enumerate(names)})
    # as scores, "all negative" is a constant: ROC AUC 0.5, average precision the prevalence
    references = {"majority": np.full(n, majority), "all negative": np.zeros(n, dtype=int),
                  "all positive": np.ones(n, dtype=int)}
    rows = []
    for metric in metrics(positive_name, negative_name):
        baseline = trivial[metric.name]
        row = {"metric": metric.label, "model": float(model[metric.name]),
               "low": intervals[metric.name][0], "high": intervals[metric.name][1],
               "all negative": float(baseline["all negative"]),
               "all positive": float(baseline["all positive"]),
               "random": float(baseline["random"]), "against": metric.against or "",
               "difference": np.nan, "difference_low": np.nan, "difference_high": np.nan}
        if metric.against is not None:
            if metric.against == "majority":
                row["against"] = "all positive" if majority == 1 else "all negative"
            decision = metric.uses == "decision"
            paired = _paired(y, decisions if decision else score_levels,
                             references[metric.against],
                             one_score(decision_scores if decision else ranking_scores,
                                       metric.name),
                             n_resamples=n_resamples, random_state=random_state)
            row.update(difference=paired.mean, difference_low=paired.low,
                       difference_high=paired.high)
        rows.append(row)
    return pd.DataFrame(rows).set_index("metric")


def cost_summary(y, proba, decisions, cost_matrix, *, n_resamples=1000, random_state=0):
    """Price the model's decisions and the trivial policies with a cost matrix.

    Parameters
    ----------
    y, proba, decisions : ndarray of shape (n,)
        Test labels (1 = positive), probabilities and the model's default decisions.
    cost_matrix : array-like of shape (2, 2)
        Rows: the true class; columns: the decision (:mod:`utils.costs`).
    n_resamples : int, default 1000
        Bootstrap resamples.
    random_state : int, default 0
        Seed.

    Returns
    -------
    dict
        ``threshold`` (cost-optimal, :func:`utils.costs.cost_optimal_threshold`),
        ``costs`` (expected cost per row of each policy, a Series), ``interval`` (of the
        model at that threshold), ``cheapest_trivial`` (the cheaper of treating everyone
        and no one), ``difference`` (model at the threshold minus that policy, a
        :class:`~utils.comparison.PairedDifference`), ``decisions`` (at the threshold).
    """
    y, proba, decisions = (np.asarray(a) for a in (y, proba, decisions))
    matrix = np.asarray(cost_matrix, dtype=float)
    threshold = cost_optimal_threshold(matrix)
    at_threshold = (proba >= threshold).astype(int)
    n = len(y)
    policies = {
        "model, threshold 0.5": decisions,
        f"model, threshold {threshold:.3g}": at_threshold,
        "treat everyone": np.ones(n, dtype=int),
        "treat no one": np.zeros(n, dtype=int),
    }
    costs = pd.Series({name: expected_cost(y, d, cost_matrix=matrix)
                       for name, d in policies.items()})
    cheapest = min(("treat everyone", "treat no one"), key=lambda name: costs[name])
    function = cost_per_row(matrix)
    interval = tuple(map(float, bootstrap_interval(
        y, at_threshold, function, n_resamples=n_resamples, random_state=random_state)))
    difference = _paired(y, at_threshold, policies[cheapest], function,
                         n_resamples=n_resamples, random_state=random_state)
    return {"threshold": threshold, "costs": costs, "interval": interval,
            "cheapest_trivial": cheapest, "difference": difference,
            "decisions": at_threshold}
