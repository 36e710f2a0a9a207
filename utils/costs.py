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
