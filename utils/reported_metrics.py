"""Check reported metrics against each other, and against the test set's prevalence.

Precision, recall and accuracy measured on the same test set are not free: given
the prevalence ``pi`` (the share of positives), recall and precision fix the whole
confusion matrix up to its size, and with it the accuracy. So a reader can check a
published triple, or recover the prevalence it was measured at. scikit-learn scores
predictions; these functions do the arithmetic of the population quantities, in
fractions of the test set:

* true positives ``TP = recall * pi``, false negatives ``FN = (1 - recall) * pi``;
* false positives ``FP = TP * (1 - precision) / precision``;
* accuracy ``1 - FP - FN``.
"""

import numbers

import numpy as np

from utils._validation import check_scalar

#: The bounds of :func:`~utils._validation.check_scalar` for a rate in [0, 1], (0, 1]
#: and (0, 1).
_CLOSED = {"min_val": 0, "max_val": 1}
_LEFT_OPEN = {**_CLOSED, "include_boundaries": "right"}
_OPEN = {**_CLOSED, "include_boundaries": "neither"}


def implied_prevalence(precision, recall, accuracy):
    """Recover the prevalence of the test set the three reported numbers were measured on.

    Solving ``accuracy = 1 - FP - FN`` for ``pi`` (see the module docstring):

    ``pi = (1 - accuracy) / (recall * (1 - precision) / precision + 1 - recall)``.

    Parameters
    ----------
    precision : float
        Precision of the positive class, in (0, 1].
    recall : float
        Recall of the positive class, in (0, 1].
    accuracy : float
        Accuracy on the same test set, in [0, 1].

    Returns
    -------
    float
        The prevalence ``pi``, in (0, 1).

    Raises
    ------
    ValueError
        If an argument lies outside its interval, or no test set can have the three
        numbers together (the solution is not a prevalence in (0, 1), or it needs
        more false positives than there are negatives). With precision and recall
        both 1 every prevalence fits, and the error says so.

    Examples
    --------
    >>> round(implied_prevalence(0.38, 0.86, 0.80), 3)
    0.13
    """
    precision = check_scalar(precision, "precision", numbers.Real, **_LEFT_OPEN)
    recall = check_scalar(recall, "recall", numbers.Real, **_LEFT_OPEN)
    accuracy = check_scalar(accuracy, "accuracy", numbers.Real, **_CLOSED)
    errors_per_positive = recall * (1 - precision) / precision + (1 - recall)
    if errors_per_positive == 0:
        if accuracy == 1:
            raise ValueError("precision and recall are both 1: the predictions are "
                             "perfect at every prevalence, so it cannot be recovered")
        raise ValueError(f"no test set has precision and recall both 1 and accuracy "
                         f"{accuracy}: perfect precision and recall mean accuracy 1")
    pi = (1 - accuracy) / errors_per_positive
    false_positives = recall * pi * (1 - precision) / precision
    if not 0 < pi < 1 or false_positives > 1 - pi + 1e-12:
        raise ValueError(
            f"no test set has precision {precision}, recall {recall} and accuracy "
            f"{accuracy} together (they would need prevalence {pi:.4g} with "
            f"{false_positives:.4g} false positives per row)"
        )
    return float(pi)


def lowest_precision(recall, pi):
    """Return the smallest precision a predictor with this recall has at prevalence ``pi``.

    Precision falls as false positives grow; at most every negative is a false
    positive, which gives ``recall * pi / (recall * pi + 1 - pi)``. A reported
    precision below this value cannot have been measured at prevalence ``pi``.
    (Predicting everything positive, recall 1, gives precision ``pi``.)

    Parameters
    ----------
    recall : float
        Recall of the positive class, in (0, 1].
    pi : float
        Prevalence of the positive class, in (0, 1).

    Returns
    -------
    float
        The lower bound on precision.

    Examples
    --------
    >>> round(lowest_precision(0.86, 0.43), 3)
    0.393
    """
    recall = check_scalar(recall, "recall", numbers.Real, **_LEFT_OPEN)
    pi = check_scalar(pi, "pi", numbers.Real, **_OPEN)
    true_positives = recall * pi
    return float(true_positives / (true_positives + 1 - pi))


def expected_confusion(pi, tpr, fpr, n=1000):
    """Return the expected confusion matrix of a predictor with fixed rates.

    A predictor that says "positive" for a share ``tpr`` of the positives and a
    share ``fpr`` of the negatives keeps those rates whatever the prevalence; its
    expected counts on ``n`` rows at prevalence ``pi`` are laid out as
    scikit-learn's :func:`~sklearn.metrics.confusion_matrix` lays them out.

    Parameters
    ----------
    pi : float
        Prevalence of the positive class, in [0, 1].
    tpr : float
        True-positive rate (recall), in [0, 1].
    fpr : float
        False-positive rate, in [0, 1].
    n : int or float, default 1000
        Size of the test set; 1 gives fractions.

    Returns
    -------
    ndarray of shape (2, 2)
        ``[[TN, FP], [FN, TP]]``: rows are the true class, columns the predicted
        class, negative first.

    Examples
    --------
    >>> expected_confusion(0.1, tpr=0.8, fpr=0.05, n=1000).round(6).tolist()
    [[855.0, 45.0], [20.0, 80.0]]
    """
    pi = check_scalar(pi, "pi", numbers.Real, **_CLOSED)
    tpr = check_scalar(tpr, "tpr", numbers.Real, **_CLOSED)
    fpr = check_scalar(fpr, "fpr", numbers.Real, **_CLOSED)
    n = check_scalar(n, "n", numbers.Real, min_val=0, include_boundaries="neither")
    positives, negatives = n * pi, n * (1 - pi)
    return np.array([[negatives * (1 - fpr), negatives * fpr],
                     [positives * (1 - tpr), positives * tpr]])
