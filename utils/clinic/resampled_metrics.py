"""Metrics of many bootstrap resamples at once: one column of a 2-D array per resample.

A bootstrap interval needs a metric computed on a thousand resamples of the test rows.
Called once per resample, scikit-learn spends most of its time checking its input
(a millisecond or more a call), and the ranking metrics sort every resample again;
on 25,000 test rows a report would take minutes. Here every function takes the
resampled labels ``Y`` and decisions or scores as arrays of shape ``(n, k)``, one
resample per column, and returns the ``k`` values, in a few vectorised steps:

* decisions: each resample is summed up by its confusion counts (how many of its
  rows are true negatives, false positives, false negatives, true positives); those
  four counts, as four weighted rows with two classes of the resample's own, go to
  scikit-learn's :func:`~sklearn.metrics.precision_recall_fscore_support` together,
  so one call scores every resample with scikit-learn's definitions and conventions
  (``zero_division=0``);
* ranking: the scores are replaced, once, by their *levels* (dense ranks, 0 for the
  lowest; :func:`levels`), which keeps their order and ties and so every ranking
  metric; a resample is then a histogram of positives and negatives over the levels,
  from which ROC AUC (the Mann-Whitney count of ordered pairs, a tie counting half)
  and average precision (the mean, over the positives, of the precision at each
  one's level) follow without sorting again.

The tests check every function against scikit-learn's metric on each column.
"""

import numpy as np
from scipy import stats
from sklearn.metrics import precision_recall_fscore_support

#: The rows of :func:`decision_scores`.
DECISION_METRICS = ("accuracy", "balanced accuracy", "precision", "recall", "f1",
                    "f1_negative")
#: The rows of :func:`ranking_scores`.
RANKING_METRICS = ("roc_auc", "average_precision")

# a resample's four kinds of rows (cells 0 to 3), as (true class, decision)
_TRUE = np.array([0, 0, 1, 1])
_DECIDED = np.array([0, 1, 0, 1])


def cell_counts(Y, D):
    """Confusion counts of every column: an array of shape (k, 4).

    Columns of the result: true negatives, false positives, false negatives, true
    positives, the cells of scikit-learn's confusion matrix read row by row.
    """
    k = Y.shape[1]
    # resampled columns are transposed rows: as (k, n) they are contiguous, and ravel is free
    cells = 2 * np.asarray(Y, dtype=np.intp).T + np.asarray(D, dtype=np.intp).T
    cells += 4 * np.arange(k)[:, None]
    return np.bincount(cells.ravel(), minlength=4 * k).reshape(k, 4)


def decision_scores(Y, D):
    """Compute the decision metrics of every column of (n, k) 0/1 labels and decisions.

    Returns
    -------
    ndarray of shape (6, k)
        Rows in the order of :data:`DECISION_METRICS`: accuracy, balanced accuracy,
        then the positive class's precision, recall and F1, then the negative class's F1.
    """
    counts = cell_counts(Y, D)
    k = counts.shape[0]
    # resample r's negative class is label 2r, its positive class 2r + 1
    own = 2 * np.arange(k)[:, None]
    precision, recall, f1, _ = precision_recall_fscore_support(
        (own + _TRUE).ravel(), (own + _DECIDED).ravel(), sample_weight=counts.ravel(),
        labels=np.arange(2 * k), average=None, zero_division=0)
    negative, positive = slice(0, None, 2), slice(1, None, 2)
    accuracy = (counts[:, 0] + counts[:, 3]) / counts.sum(axis=1)
    balanced = (recall[negative] + recall[positive]) / 2  # scikit-learn's definition
    return np.stack([accuracy, balanced, precision[positive], recall[positive], f1[positive],
                     f1[negative]])


def levels(scores):
    """Replace scores by their dense ranks (0 for the lowest): same order, same ties.

    Parameters
    ----------
    scores : array-like of shape (n,)
        Probabilities or any scores.

    Returns
    -------
    ndarray of int
    """
    return stats.rankdata(np.asarray(scores, dtype=float), method="dense").astype(np.intp) - 1


def _histograms(Y, L):
    """Positives and negatives of every column at every level, each of shape (k, levels)."""
    k = Y.shape[1]
    m = int(L.max()) + 1
    slots = np.asarray(L, dtype=np.intp).T + (m * np.arange(k))[:, None]  # (k, n), as above
    every = np.bincount(slots.ravel(), minlength=m * k).reshape(k, m)
    positives = np.bincount(slots[np.asarray(Y).T == 1], minlength=m * k).reshape(k, m)
    return positives, every - positives


def ranking_scores(Y, L):
    """ROC AUC and average precision of every column of labels and score levels.

    Parameters
    ----------
    Y : ndarray of shape (n, k)
        0/1 labels.
    L : ndarray of shape (n, k)
        Score levels (:func:`levels`), resampled like ``Y``.

    Returns
    -------
    ndarray of shape (2, k)
        ROC AUC (NaN for a column with one class), then average precision (NaN for a
        column without positives).
    """
    positives, negatives = _histograms(Y, L)
    n_positive, n_negative = positives.sum(axis=1), negatives.sum(axis=1)
    below = np.cumsum(negatives, axis=1) - negatives  # negatives on a lower level
    ordered_pairs = (positives * (below + negatives / 2)).sum(axis=1)
    # from the top level down: rows, and positives, scoring at least each level
    at_least = np.cumsum((positives + negatives)[:, ::-1], axis=1)[:, ::-1]
    positives_at_least = np.cumsum(positives[:, ::-1], axis=1)[:, ::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        auc = ordered_pairs / (n_positive * n_negative)
        precision = np.where(at_least > 0, positives_at_least / np.maximum(at_least, 1), 0.0)
        average_precision = (positives * precision).sum(axis=1) / n_positive
    return np.stack([np.where(n_positive * n_negative > 0, auc, np.nan),
                     np.where(n_positive > 0, average_precision, np.nan)])


def one_score(scores, name):
    """Return a per-column metric: one row of :func:`decision_scores` or :func:`ranking_scores`.

    ``name`` is the row's name in :data:`DECISION_METRICS` or :data:`RANKING_METRICS`.
    """
    names = DECISION_METRICS if scores is decision_scores else RANKING_METRICS
    row = names.index(name)

    def metric(Y, S):
        return scores(Y, S)[row]

    metric.__name__ = name
    return metric


def cost_per_row(cost_matrix):
    """Return a per-column metric: the expected cost of each column's decisions.

    The same sum as :func:`utils.costs.expected_cost`, the confusion counts times the
    cost of each cell, divided by the rows, for every column at once.
    """
    cost_of_cell = np.asarray(cost_matrix, dtype=float).ravel()  # tn, fp, fn, tp

    def cost(Y, D):
        counts = cell_counts(Y, D)
        return counts @ cost_of_cell / counts.sum(axis=1)

    return cost
