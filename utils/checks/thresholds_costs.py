"""Self-checks for the exercises of chapter 6, thresholds, costs and choosing the metric.

The expected answers are computed here from the same data, split and model the
exercises set up (the Lending Club loans without the borrower's state, a stratified
75/25 split with ``random_state=0``, the chapter's logistic regression); the
solutions assert that the checks accept them, so the two cannot drift apart.
"""

import functools

import numpy as np
import pandas as pd
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from utils.checks import UNIT, as_number, check_choice, check_matrix, check_number, never_raises
from utils.costs import expected_cost, loan_amounts
from utils.datasets import load_lending_club

TEST_SIZE = 0.25
RANDOM_STATE = 0

#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_cost_matrix": {
        "costs swapped": "the two costs are swapped: a false positive (a good loan "
                         "rejected, row 0, column 1) forgoes the interest; a false "
                         "negative (a bad loan approved, row 1, column 0) loses the "
                         "principal.",
        "on the diagonal": "the costs sit on the diagonal, the right decisions; they belong "
                           "to the mistakes, off the diagonal.",
        "negative costs": "the costs are negative; a cost matrix holds what each mistake "
                          "costs, as positive amounts.",
        "all loans": "those costs are averaged over all the loans, test loans included; "
                     "average them over the training loans (the test set stays unseen).",
        "test loans": "those costs are averaged over the test loans; average them over the "
                      "training loans.",
        "total costs": "those are total amounts over the training loans; the cost matrix "
                       "holds the average cost of one mistake.",
    },
    "check_cost_threshold": {
        "costs swapped": "that is c_FN / (c_FP + c_FN): the costs are swapped, or this is "
                         "the threshold on the probability of a *good* loan. Use "
                         "c_FP / (c_FP + c_FN), with c_FP the interest of a good loan.",
        "ratio": "that is the ratio c_FP / c_FN; the threshold divides c_FP by the sum "
                 "c_FP + c_FN.",
        "ratio upside down": "that is the ratio c_FN / c_FP; the threshold is "
                             "c_FP / (c_FP + c_FN).",
        "default threshold": "0.5 is the default threshold, optimal only when both mistakes "
                             "cost the same; compute it from the cost matrix.",
        "all loans": "those costs are averaged over all the loans, test loans included; "
                     "average them over the training loans (the test set stays unseen).",
        "test loans": "those costs are averaged over the test loans; average them over the "
                      "training loans.",
        "the prevalence": "that is the share of bad loans; the cost-optimal threshold comes "
                          "from the costs alone, c_FP / (c_FP + c_FN).",
    },
    "check_test_cost": {
        "good loans' column": "that thresholds the probability of a *good* loan (column 0 "
                              "of predict_proba); bad loans are label 1, column 1.",
        "good loans below the threshold": "that rejects the loans whose probability of "
                                          "being good is below the threshold: use column "
                                          "1 of predict_proba, the probability of a bad "
                                          "loan, and reject when it is >= the threshold.",
        "default threshold": "that uses the default threshold 0.5 (model.predict); reject "
                             "at the cost-optimal threshold instead.",
        "swapped threshold": "that uses the swapped threshold c_FN / (c_FP + c_FN); check "
                             "step 2.",
        "matrix transposed": "the cost matrix is transposed: rows are the true class, "
                             "columns the decision.",
        "training set": "that is the cost on the training set; score the rule on the test "
                        "set.",
        "total": "that is the total cost of the test set; give the average per loan "
                 "(expected_cost does it).",
        "all loans' costs": "that cost uses costs averaged over all the loans, test loans "
                            "included; take the cost matrix and the threshold from the "
                            "training loans.",
        "approve all": "that is the cost of approving every test loan, the baseline to "
                       "compare with: the rule rejected none. Reject the loans whose "
                       "probability of being bad (column 1 of predict_proba) is at or above "
                       "the threshold of step 2, c_FP / (c_FP + c_FN).",
        "reject all": "that is the cost of rejecting every test loan: the rule rejected them "
                      "all. Reject only the loans whose probability of being bad (column 1 "
                      "of predict_proba) is at or above the threshold.",
        "test loans' costs": "that cost uses costs averaged over the test loans; take the "
                             "cost matrix and the threshold from the training loans.",
    },
    "check_tuned_threshold": {
        "tuned on the test set": "that threshold was tuned on the test set. Fit the tuner "
                                 "on X_train, y_train; the test set is for the final score "
                                 "only.",
        "best score": "that is the best cross-validated F1 (best_score_); the threshold is "
                      "best_threshold_.",
        "half the best F1": "that is half the best F1, the threshold Lipton's rule "
                            "predicts; give the one the tuner chose, best_threshold_.",
        "default threshold": "0.5 is the default threshold, not a tuned one: fit "
                             "TunedThresholdClassifierCV(model, scoring='f1') and read "
                             "best_threshold_.",
        "cost-optimal threshold": "that is the cost-optimal threshold of Exercise 6.1; "
                                  "this one is the threshold that maximises F1.",
        "the prevalence": "that is the share of bad loans in the training set; read "
                          "best_threshold_ from the fitted tuner.",
        "complement": "that is 1 minus the tuned threshold: best_threshold_ is already on "
                      "the probability of a bad loan.",
    },
    "check_test_f1": {
        "tuned on the test set": "that F1 comes from a threshold tuned on the test set, "
                                 "which flatters it. Fit the tuner on the training set.",
        "good loans": "that is the F1 of the good loans (label 0); the bad loans, label 1, "
                      "are the positive class.",
        "macro average": "that is the macro average over both classes; give the F1 of the "
                         "bad loans.",
        "default threshold": "that is the F1 at the default threshold 0.5; predict with the "
                             "tuned classifier.",
        "training set": "that is the F1 on the training set; score the test set.",
        "best score": "that is the cross-validated F1 on the training set (best_score_); "
                      "compute the F1 on the test set.",
        "precision": "that is the bad loans' precision; F1 combines it with the recall.",
        "recall": "that is the bad loans' recall; F1 combines it with the precision.",
        "accuracy": "that is the accuracy of the tuned classifier; the exercise asks for "
                    "the bad loans' F1.",
    },
    "check_threshold_choice": {
        "too low": "{answer:g} is below half the cost-optimal {best:.3f}: it rejects many "
                   "good loans whose interest is lost.",
        "defensible": "{answer:g} is within a factor of two of the cost-optimal {best:.3f} "
                      "(from the training loans' costs): lower rejects more good loans, "
                      "higher approves more bad ones; the cost curve is flat near its "
                      "minimum, so either side costs little.",
        "too high": "{answer:g} is above twice the cost-optimal {best:.3f}: it approves "
                    "many bad loans, each losing its principal; 0.5, the default, "
                    "ignores the costs.",
    },
}


def loan_model():
    """Return the chapter's logistic regression for the loans, unfitted."""
    encode = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore", sparse_output=False),
         make_column_selector(dtype_include=object)),
        remainder=StandardScaler(),
    )
    return make_pipeline(encode, LogisticRegression(solver="newton-cholesky"))


@functools.cache
def _loan_split():
    X, y = load_lending_club()
    X = X.drop(columns="addr_state")
    return train_test_split(X, y, test_size=TEST_SIZE, stratify=y, random_state=RANDOM_STATE)


def _mean_costs(X, y):
    """Return the mean interest of the good loans and loss of the bad loans of X, y."""
    amounts = loan_amounts(X)
    return (float(amounts["interest"][y == 0].mean()), float(amounts["loss"][y == 1].mean()))


@functools.cache
def _costs_from(rows):
    """Return the mean costs over the ``"all"`` loans or the ``"test"`` loans (mistakes)."""
    X_train, X_test, y_train, y_test = _loan_split()
    if rows == "test":
        return _mean_costs(X_test, y_test)
    return _mean_costs(pd.concat([X_train, X_test]), pd.concat([y_train, y_test]))


@functools.cache
def _cost_setting():
    """Rebuild exercise 1: the mean costs and the fitted model's probabilities."""
    X_train, X_test, y_train, y_test = _loan_split()
    amounts = loan_amounts(X_train)
    interest_good = float(amounts["interest"][y_train == 0].mean())
    loss_bad = float(amounts["loss"][y_train == 1].mean())
    with threadpool_limits(1):  # small fits: one BLAS thread is faster on a busy machine
        model = loan_model().fit(X_train, y_train)
    return (interest_good, loss_bad, model.predict_proba(X_test),
            model.predict_proba(X_train))


def check_cost_matrix(answer):
    """Exercise 6.1: the loans' cost matrix in scikit-learn's layout.

    Parameters
    ----------
    answer : object
        The learner's ``cost_matrix``: rows are the true class (good, bad), columns
        the decision (approve, reject).

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    interest_good, loss_bad, _, _ = _cost_setting()
    _, _, y_train, _ = _loan_split()
    n_good, n_bad = int(np.sum(y_train == 0)), int(np.sum(y_train == 1))
    expected = np.array([[0.0, interest_good], [loss_bad, 0.0]])
    hints = HINTS["check_cost_matrix"]
    mistakes = [
        (expected.T, hints["costs swapped"]),
        (np.array([[interest_good, 0.0], [0.0, loss_bad]]), hints["on the diagonal"]),
        (-expected, hints["negative costs"]),
        *((np.array([[0.0, interest], [loss, 0.0]]), hints[f"{rows} loans"])
          for rows in ("all", "test") for interest, loss in [_costs_from(rows)]),
        (np.array([[0.0, interest_good * n_good], [loss_bad * n_bad, 0.0]]),
         hints["total costs"]),
    ]
    return check_matrix(answer, expected, what="the loans' cost matrix", mistakes=mistakes)


def check_cost_threshold(answer):
    """Exercise 6.1: the cost-optimal threshold on the probability of a bad loan.

    Parameters
    ----------
    answer : object
        The learner's ``threshold``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    interest_good, loss_bad, _, _ = _cost_setting()
    expected = interest_good / (interest_good + loss_bad)
    hints = HINTS["check_cost_threshold"]
    mistakes = [
        (loss_bad / (interest_good + loss_bad), hints["costs swapped"]),
        (interest_good / loss_bad, hints["ratio"]),
        (loss_bad / interest_good, hints["ratio upside down"]),
        (0.5, hints["default threshold"]),
        *((interest / (interest + loss), hints[f"{rows} loans"])
          for rows in ("all", "test") for interest, loss in [_costs_from(rows)]),
        (float(np.mean(_loan_split()[2])), hints["the prevalence"]),
    ]
    return check_number(answer, expected, what="the cost-optimal threshold",
                        mistakes=mistakes, rtol=1e-4, bounds=UNIT)


def check_test_cost(answer):
    """Exercise 6.1: average cost per test loan when rejecting at the threshold.

    Parameters
    ----------
    answer : object
        The learner's ``test_cost``, in dollars per loan.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    interest_good, loss_bad, proba_test, proba_train = _cost_setting()
    _, _, y_train, y_test = _loan_split()
    matrix = np.array([[0.0, interest_good], [loss_bad, 0.0]])
    threshold = interest_good / (interest_good + loss_bad)
    swapped = loss_bad / (interest_good + loss_bad)
    all_interest, all_loss = _costs_from("all")
    all_matrix = np.array([[0.0, all_interest], [all_loss, 0.0]])
    all_threshold = all_interest / (all_interest + all_loss)
    test_interest, test_loss = _costs_from("test")
    test_matrix = np.array([[0.0, test_interest], [test_loss, 0.0]])
    test_threshold = test_interest / (test_interest + test_loss)

    def cost(y, reject, cost_matrix=matrix):
        return expected_cost(y, np.asarray(reject).astype(int), cost_matrix=cost_matrix)

    expected = cost(y_test, proba_test[:, 1] >= threshold)
    hints = HINTS["check_test_cost"]
    mistakes = [  # what a rule does first: a wrong column may reject every loan, or none
        (cost(y_test, np.zeros(len(y_test))), hints["approve all"]),
        (cost(y_test, np.ones(len(y_test))), hints["reject all"]),
        (cost(y_test, proba_test[:, 0] >= threshold), hints["good loans' column"]),
        (cost(y_test, proba_test[:, 0] < threshold), hints["good loans below the threshold"]),
        (cost(y_test, proba_test[:, 1] >= 0.5), hints["default threshold"]),
        (cost(y_test, proba_test[:, 1] >= swapped), hints["swapped threshold"]),
        (cost(y_test, proba_test[:, 1] >= threshold, matrix.T), hints["matrix transposed"]),
        (cost(y_train, proba_train[:, 1] >= threshold), hints["training set"]),
        (cost(y_test, proba_test[:, 1] >= threshold) * len(y_test), hints["total"]),
        (cost(y_test, proba_test[:, 1] >= all_threshold, all_matrix), hints["all loans' costs"]),
        (cost(y_test, proba_test[:, 1] >= test_threshold, test_matrix),
         hints["test loans' costs"]),
    ]
    return check_number(answer, expected, what="the average cost per test loan",
                        mistakes=mistakes, rtol=1e-4)


@functools.cache
def _tuned():
    """Rebuild exercise 2: tuned on the training set, on the test set, and untuned."""
    X_train, X_test, y_train, y_test = _loan_split()
    with threadpool_limits(1):  # small fits: one BLAS thread is faster on a busy machine
        right = TunedThresholdClassifierCV(loan_model(), scoring="f1").fit(X_train, y_train)
        on_test = TunedThresholdClassifierCV(loan_model(), scoring="f1").fit(X_test, y_test)
        plain = loan_model().fit(X_train, y_train)
    return right, on_test, plain


def check_tuned_threshold(answer):
    """Exercise 6.2: the threshold ``TunedThresholdClassifierCV`` picks for F1.

    Parameters
    ----------
    answer : object
        The learner's ``tuned_threshold``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    right, on_test, _ = _tuned()
    interest_good, loss_bad = _training_costs()
    hints = HINTS["check_tuned_threshold"]
    mistakes = [
        (on_test.best_threshold_, hints["tuned on the test set"]),
        (right.best_score_, hints["best score"]),
        (right.best_score_ / 2, hints["half the best F1"]),
        (0.5, hints["default threshold"]),
        (interest_good / (interest_good + loss_bad), hints["cost-optimal threshold"]),
        (float(np.mean(_loan_split()[2])), hints["the prevalence"]),
        (1 - right.best_threshold_, hints["complement"]),
    ]
    return check_number(answer, right.best_threshold_, what="the F1-tuned threshold",
                        mistakes=mistakes, rtol=1e-4, bounds=UNIT)


def check_test_f1(answer):
    """Exercise 6.2: F1 of the bad loans on the test set, for the tuned classifier.

    Parameters
    ----------
    answer : object
        The learner's ``test_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    right, on_test, plain = _tuned()
    X_train, X_test, y_train, y_test = _loan_split()
    y_pred = right.predict(X_test)
    expected = f1_score(y_test, y_pred)
    hints = HINTS["check_test_f1"]
    mistakes = [
        (f1_score(y_test, on_test.predict(X_test)), hints["tuned on the test set"]),
        (f1_score(y_test, y_pred, pos_label=0), hints["good loans"]),
        (f1_score(y_test, y_pred, average="macro"), hints["macro average"]),
        (f1_score(y_test, plain.predict(X_test)), hints["default threshold"]),
        (f1_score(y_train, right.predict(X_train)), hints["training set"]),
        (right.best_score_, hints["best score"]),
        (precision_score(y_test, y_pred), hints["precision"]),
        (recall_score(y_test, y_pred), hints["recall"]),
        (accuracy_score(y_test, y_pred), hints["accuracy"]),
    ]
    return check_number(answer, expected, what="the tuned classifier's test F1",
                        mistakes=mistakes, rtol=1e-4, bounds=UNIT)


@functools.cache
def _training_costs():
    """Return the mean interest of a good and loss of a bad training loan (no fit)."""
    X_train, _, y_train, _ = _loan_split()
    amounts = loan_amounts(X_train)
    return (float(amounts["interest"][y_train == 0].mean()),
            float(amounts["loss"][y_train == 1].mean()))


@never_raises
def check_threshold_choice(answer):
    """Exercise 6.3: a threshold on P(bad) for the loans (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``threshold``, a probability.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    interest_good, loss_bad = _training_costs()
    best = interest_good / (interest_good + loss_bad)
    hints = HINTS["check_threshold_choice"]
    value, _ = as_number(answer)
    fill = {"answer": value if value is not None else 0.0, "best": best}
    ranges = [(0.0, best / 2, False, hints["too low"].format(**fill)),
              (best / 2, min(2 * best, 1.0), True, hints["defensible"].format(**fill)),
              (min(2 * best, 1.0), 1.0, False, hints["too high"].format(**fill))]
    return check_choice(answer, what="the threshold on P(bad)", ranges=ranges)
