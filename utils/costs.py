"""What a decision costs: cost matrices, their scorer and threshold, two worked examples.

A cost matrix is laid out like scikit-learn's confusion matrix: rows are the true
class (0 then 1), columns the predicted class, so ``cost[1, 0]`` is the cost of a
false negative and ``cost[0, 1]`` that of a false positive. Chapters 6 and 8 use it
three ways: as a scorer for ``TunedThresholdClassifierCV`` (:func:`make_cost_scorer`),
as the threshold a calibrated model should use (:func:`cost_optimal_threshold`,
Elkan 2001), and per row, when every loan has its own amounts at stake
(:func:`loan_amounts`).

Two cost examples live here because several notebooks and self-checks share them:

* the Lending Club loans of R's modeldata package (:func:`utils.datasets.load_lending_club`), where
  the interest a good loan pays and the principal a bad loan loses come from the
  loans' own columns;
* the Caravan mailing (:data:`CARAVAN_MAILING_COST`, :data:`CARAVAN_SALE_MARGIN`),
  whose prices are an assumption stated in the chapters, not data.

With more than two classes (chapter 10) there is no threshold: a cost matrix labelled
by class (:func:`hpc_cost_matrix`, a DataFrame) gives each row's expected cost of every
decision (:func:`expected_costs`), the decision of least expected cost
(:func:`cost_decision`) and the average cost of any predictions (:func:`average_cost`).
"""

import numbers

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, make_scorer
from sklearn.utils.validation import check_consistent_length, column_or_1d

from utils._validation import check_scalar

#: Price of mailing one Caravan customer (an assumption; the data hold no prices).
CARAVAN_MAILING_COST = 5.0
#: Margin a sold caravan policy earns before the mailing's price (an assumption too).
CARAVAN_SALE_MARGIN = 50.0


def _check_cost_matrix(cost_matrix):
    """Return ``cost_matrix`` as a 2 x 2 float array, or raise naming the argument."""
    if isinstance(cost_matrix, (str, bytes)):
        raise TypeError("cost_matrix must be a 2 x 2 array of numbers, got a string")
    try:
        matrix = np.asarray(cost_matrix, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("cost_matrix must be a 2 x 2 array of numbers") from error
    if matrix.shape != (2, 2):
        raise ValueError(f"cost_matrix must have shape (2, 2), got {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise ValueError("cost_matrix must hold finite numbers")
    if matrix[0, 1] <= matrix[0, 0] or matrix[1, 0] <= matrix[1, 1]:
        raise ValueError(
            "cost_matrix must make each error cost more than the right answer for the same "
            "row (cost[0, 1] > cost[0, 0] and cost[1, 0] > cost[1, 1]); rows are the true "
            "class, columns the predicted class"
        )
    return matrix


def expected_cost(y_true, y_pred, *, cost_matrix):
    """Average cost per row of the predictions ``y_pred``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, 0 or 1.
    y_pred : array-like of shape (n_samples,)
        Predicted labels, 0 or 1.
    cost_matrix : array-like of shape (2, 2)
        Cost of each outcome; rows are the true class, columns the predicted class.

    Returns
    -------
    float
        The sum of the confusion matrix times the cost matrix, divided by the number
        of rows.
    """
    matrix = _check_cost_matrix(cost_matrix)
    counts = confusion_matrix(y_true, y_pred, labels=[0, 1])
    return float((counts * matrix).sum() / counts.sum())


def make_cost_scorer(cost_matrix):
    """Make a scikit-learn scorer of the average cost per row (negated: greater is better).

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2)
        Cost of each outcome; rows are the true class, columns the predicted class.

    Returns
    -------
    callable
        A scorer ``scorer(estimator, X, y)`` returning minus :func:`expected_cost`, for
        ``TunedThresholdClassifierCV``, ``cross_validate`` or ``compare_methods``.
    """
    matrix = _check_cost_matrix(cost_matrix)
    return make_scorer(expected_cost, greater_is_better=False, cost_matrix=matrix)


def cost_optimal_threshold(cost_matrix):
    """Threshold on the positive class's probability that minimises the expected cost.

    With ``p`` the probability of the positive class, predicting positive has the expected
    cost ``(1 - p) c01 + p c11`` and predicting negative ``(1 - p) c00 + p c10``; the
    first is smaller when ``p > (c01 - c00) / ((c01 - c00) + (c10 - c11))``. With a zero
    diagonal this is ``c_FP / (c_FP + c_FN)`` (Elkan 2001). It is the right threshold
    for calibrated probabilities only.

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2)
        Cost of each outcome; rows are the true class, columns the predicted class.

    Returns
    -------
    float
        The threshold, in (0, 1).
    """
    matrix = _check_cost_matrix(cost_matrix)
    false_positive = matrix[0, 1] - matrix[0, 0]
    false_negative = matrix[1, 0] - matrix[1, 1]
    return float(false_positive / (false_positive + false_negative))


def caravan_cost_matrix(mailing_cost=CARAVAN_MAILING_COST, sale_margin=CARAVAN_SALE_MARGIN):
    """Cost matrix of mailing Caravan customers (positive = buys, predicted = mailed).

    Costs are regrets against the best action for each customer: mailing a non-buyer
    wastes the mailing (false positive), not mailing a buyer forgoes the sale's margin
    net of the mailing (false negative); right answers cost nothing.

    Parameters
    ----------
    mailing_cost : float
        Price of one mailing, positive.
    sale_margin : float
        Margin of one sale before the mailing's price, larger than ``mailing_cost``.

    Returns
    -------
    ndarray of shape (2, 2)
        ``[[0, mailing_cost], [sale_margin - mailing_cost, 0]]``.
    """
    positive = {"min_val": 0, "max_val": np.inf, "include_boundaries": "neither"}
    mailing_cost = check_scalar(mailing_cost, "mailing_cost", numbers.Real, **positive)
    sale_margin = check_scalar(sale_margin, "sale_margin", numbers.Real, **positive)
    if sale_margin <= mailing_cost:
        raise ValueError(
            f"sale_margin ({sale_margin}) must exceed mailing_cost ({mailing_cost}), or no "
            "mailing ever pays"
        )
    return np.array([[0.0, float(mailing_cost)], [float(sale_margin - mailing_cost), 0.0]])


def scheduled_interest(principal, annual_rate_percent, months):
    """Total interest an amortising loan pays when every instalment is paid on time.

    Parameters
    ----------
    principal : array-like
        Amount lent, positive.
    annual_rate_percent : array-like
        Nominal yearly interest rate in percent (12.5 for 12.5 %), positive.
    months : array-like
        Number of monthly instalments, positive integers.

    Returns
    -------
    ndarray
        ``months * instalment - principal``, where the constant monthly instalment is
        ``principal * r / (1 - (1 + r) ** -months)`` with ``r`` the monthly rate.
    """
    values = {}
    for name, value in (("principal", principal), ("annual_rate_percent", annual_rate_percent),
                        ("months", months)):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError) as error:
            raise TypeError(f"{name} must be numbers") from error
        if not np.all(np.isfinite(array)) or np.any(array <= 0):
            raise ValueError(f"{name} must be positive finite numbers")
        values[name] = array
    rate = values["annual_rate_percent"] / 1200
    n = values["months"]
    instalment = values["principal"] * rate / (1 - (1 + rate) ** -n)
    return n * instalment - values["principal"]


def loan_amounts(X, *, loss_given_default=1.0):
    """Money at stake on each loan: interest if it is good, loss if it goes bad.

    Approving a loan that turns out good earns its scheduled interest; rejecting it
    forgoes that interest (a false positive, when "bad" is the positive class).
    Approving a loan that goes bad loses ``loss_given_default`` times the amount lent
    (a false negative); rejecting it costs nothing. The data record neither recoveries
    nor the date a loan went bad, so ``loss_given_default=1`` is the worst case.

    Parameters
    ----------
    X : DataFrame
        Loans with the columns ``funded_amnt`` (dollars), ``int_rate`` (percent a
        year) and ``term`` (``"term_36"`` or ``"term_60"``, months).
    loss_given_default : float, default 1.0
        Share of the principal lost on a bad loan, in (0, 1].

    Returns
    -------
    DataFrame
        Indexed like ``X``, with columns ``interest`` (dollars earned by a good loan,
        the cost of a false positive) and ``loss`` (dollars lost on a bad loan, the
        cost of a false negative).
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a DataFrame of loans, got {type(X).__name__}")
    missing = {"funded_amnt", "int_rate", "term"} - set(X.columns)
    if missing:
        raise ValueError(f"X lacks the columns {sorted(missing)}")
    loss_given_default = check_scalar(loss_given_default, "loss_given_default", numbers.Real,
                                      min_val=0, max_val=1, include_boundaries="right")
    months = X["term"].astype(str).str.removeprefix("term_")
    if not months.str.fullmatch(r"\d+").all():
        raise ValueError("term must look like 'term_36' or 'term_60'")
    interest = scheduled_interest(X["funded_amnt"], X["int_rate"], months.astype(int))
    return pd.DataFrame(
        {"interest": interest, "loss": loss_given_default * X["funded_amnt"].astype(float)},
        index=X.index,
    )


def decision_cost(y_true, reject, amounts):
    """Dollars lost per loan by a set of accept/reject decisions, against a perfect lender.

    Parameters
    ----------
    y_true : array-like of shape (n_loans,)
        1 for a bad loan, 0 for a good one.
    reject : array-like of shape (n_loans,)
        1 (or True) for a rejected loan, 0 for an approved one.
    amounts : DataFrame
        :func:`loan_amounts` of the same loans, in the same order.

    Returns
    -------
    float
        (interest forgone on rejected good loans + losses on approved bad loans) divided
        by the number of loans. A lender who knew the future would lose 0.
    """
    if not isinstance(amounts, pd.DataFrame) or not {"interest", "loss"} <= set(amounts):
        raise TypeError("amounts must be the DataFrame loan_amounts returns")
    y_true, reject = column_or_1d(y_true), column_or_1d(reject)
    check_consistent_length(y_true, reject, amounts)
    for name, array in (("y_true", y_true), ("reject", reject)):
        if not np.isin(array, [0, 1]).all():
            raise ValueError(f"{name} must hold only 0 and 1")
    y_true, reject = y_true.astype(int), reject.astype(int)
    # Weighted confusion matrices: each loan counts for the money it puts at stake.
    forgone = confusion_matrix(y_true, reject, labels=[0, 1],
                               sample_weight=amounts["interest"].to_numpy())[0, 1]
    lost = confusion_matrix(y_true, reject, labels=[0, 1],
                            sample_weight=amounts["loss"].to_numpy())[1, 0]
    return float((forgone + lost) / len(y_true))


def hpc_cost_matrix(underestimate=5.0, overestimate=1.0):
    """Cost matrix of scheduling the computing jobs by their predicted class.

    An assumption, not data: a scheduler sends each job to the queue of its predicted
    class (very fast, fast, moderate, long). A job predicted *shorter* than it is holds
    up a queue meant for quicker jobs; one predicted *longer* waits in a slower queue
    than it needed. Each class of error costs ``underestimate`` (or ``overestimate``)
    per class between the truth and the prediction, so calling a long job very fast
    costs three times ``underestimate``.

    Parameters
    ----------
    underestimate : float, default 5.0
        Cost per class of predicting a job shorter than it is, positive.
    overestimate : float, default 1.0
        Cost per class of predicting a job longer than it is, positive.

    Returns
    -------
    DataFrame of shape (4, 4)
        Rows the true class, columns the predicted class, both ordered
        ``VF, F, M, L`` (:data:`utils.datasets.HPC_CLASSES`); zero on the diagonal.
    """
    from utils.datasets import HPC_CLASSES

    underestimate = check_scalar(underestimate, "underestimate", numbers.Real, min_val=0,
                                 include_boundaries="neither")
    overestimate = check_scalar(overestimate, "overestimate", numbers.Real, min_val=0,
                                include_boundaries="neither")
    steps = np.subtract.outer(np.arange(4), np.arange(4))  # true minus predicted
    costs = np.where(steps > 0, underestimate * steps, overestimate * -steps).astype(float)
    return pd.DataFrame(costs, index=pd.Index(HPC_CLASSES, name="true"),
                        columns=pd.Index(HPC_CLASSES, name="predicted"))


def _check_labelled_costs(cost_matrix, name="cost_matrix"):
    """Return a square cost matrix as a DataFrame whose rows and columns are the same labels."""
    if not isinstance(cost_matrix, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame with the class labels as its index "
                        f"(true class) and columns (predicted class), got "
                        f"{type(cost_matrix).__name__}")
    if list(cost_matrix.index) != list(cost_matrix.columns) or cost_matrix.shape[0] < 2:
        raise ValueError(f"{name} must be square with the same labels, in the same order, "
                         "as its index and its columns")
    values = cost_matrix.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(f"{name} must hold finite numbers")
    return cost_matrix.astype(float)


def average_cost(y_true, y_pred, *, cost_matrix):
    """Average cost per row of the predictions ``y_pred``, with any number of classes.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels, each one of the cost matrix's labels.
    cost_matrix : DataFrame of shape (K, K)
        Cost of each outcome, labelled: rows are the true class, columns the predicted
        class (:func:`hpc_cost_matrix`).

    Returns
    -------
    float
        The sum of the confusion matrix times the cost matrix, over the number of rows.
    """
    matrix = _check_labelled_costs(cost_matrix)
    y_true, y_pred = column_or_1d(y_true), column_or_1d(y_pred)
    check_consistent_length(y_true, y_pred)
    unknown = sorted(set(map(str, np.unique(np.concatenate([y_true, y_pred]))))
                     - set(map(str, matrix.index)))
    if unknown:
        raise ValueError(f"y_true and y_pred hold labels {unknown} that cost_matrix lacks")
    counts = confusion_matrix(y_true, y_pred, labels=list(matrix.index))
    return float((counts * matrix.to_numpy()).sum() / counts.sum())


def expected_costs(proba, classes, *, cost_matrix):
    """Return the expected cost of each possible decision for each row, from probabilities.

    Predicting class ``j`` for a row whose classes have probabilities ``p_i`` costs, on
    average, ``sum_i p_i * cost[i, j]``: the probabilities times column ``j`` of the
    cost matrix. The cost matrix is reordered to ``classes`` first, so the columns of
    ``predict_proba`` (in the model's ``classes_`` order, alphabetical for strings) meet
    the right rows of costs.

    Parameters
    ----------
    proba : array-like of shape (n_samples, K)
        Class probabilities, each row summing to 1, columns in the order of ``classes``.
    classes : sequence of K labels
        The label of each column of ``proba`` (a fitted model's ``classes_``).
    cost_matrix : DataFrame of shape (K, K)
        Labelled costs: rows the true class, columns the predicted class.

    Returns
    -------
    DataFrame of shape (n_samples, K)
        One column per possible decision, in the order of ``classes``.
    """
    matrix = _check_labelled_costs(cost_matrix)
    classes = list(classes)
    if sorted(map(str, classes)) != sorted(map(str, matrix.index)) or \
            len(set(classes)) != len(classes):
        raise ValueError(f"classes {classes} must be the cost matrix's labels "
                         f"{list(matrix.index)}, each once, in any order")
    probabilities = np.asarray(proba, dtype=float)
    if probabilities.ndim != 2 or probabilities.shape[1] != len(classes):
        raise ValueError(f"proba must have shape (n_samples, {len(classes)}), got "
                         f"{probabilities.shape}")
    if not np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-6) or \
            (probabilities < 0).any():
        raise ValueError("proba must hold probabilities: non-negative, each row summing to 1")
    aligned = matrix.loc[classes, classes].to_numpy()
    return pd.DataFrame(probabilities @ aligned, columns=classes)


def cost_decision(proba, classes, *, cost_matrix):
    """Return the decision that minimises the expected cost, row by row.

    For calibrated probabilities this is the Bayes decision: the class ``j`` with the
    smallest ``sum_i p_i * cost[i, j]`` (Elkan 2001, for any number of classes). With
    two classes and a zero diagonal it is the threshold ``c_FP / (c_FP + c_FN)``. Ties
    go to the first class in ``classes``.

    Parameters
    ----------
    proba : array-like of shape (n_samples, K)
        Class probabilities, columns in the order of ``classes``.
    classes : sequence of K labels
        The label of each column of ``proba`` (a fitted model's ``classes_``).
    cost_matrix : DataFrame of shape (K, K)
        Labelled costs: rows the true class, columns the predicted class.

    Returns
    -------
    ndarray of shape (n_samples,)
        The chosen label of each row.
    """
    costs = expected_costs(proba, classes, cost_matrix=cost_matrix)
    return np.asarray(classes, dtype=object)[costs.to_numpy().argmin(axis=1)]
