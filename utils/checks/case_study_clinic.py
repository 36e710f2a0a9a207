"""Self-checks for the exercises of chapter 8, case study and clinic.

Exercise 1's four models are built with a known fault each, so the expected causes
are fixed by construction; ``tests/test_checks_case_study_clinic.py`` checks that
:func:`utils.diagnostics.diagnose` indeed flags each one as the solution says.
Exercise 2's answers are computed here from the same split and model the exercise
sets up (chapter 8's Caravan split, the standardised logistic regression).
"""

import functools

import numpy as np
from threadpoolctl import threadpool_limits

from utils.checks import (
    check_number,
    describe,
    never_raises,
    not_answered,
    report,
    unanswered,
)
from utils.costs import CARAVAN_MAILING_COST, CARAVAN_SALE_MARGIN
from utils.datasets import caravan_split
from utils.models import standardised_logistic

#: Exercise 1: the fault built into each model.
CAUSES = {"a": "overfitting", "b": "hyperparameters", "c": "leakage", "d": "threshold"}
CHOICES = ("threshold", "hyperparameters", "leakage", "overfitting", "no signal")

_HINTS = {
    "a": "model a is a tree grown until every leaf is pure. Compare its training and test "
         "ROC AUC (the 'train - test ROC AUC' row).",
    "b": "model b ranks the buyers well (its test ROC AUC is far above 0.5), yet predicts "
         "no one. Look at the spread of its probabilities: can any threshold near the "
         "costs' 0.1 reach them? What squeezed them?",
    "c": "model c scores almost perfectly. Which column does the single-feature ranking "
         "put first, and when is that column filled in?",
    "d": "model d predicts few buyers at 0.5 but ranks them well, and its probabilities "
         "spread: what happens at the costs' threshold of 0.1?",
}


@never_raises
def check_causes(answer):
    """Exercise 8.1: the main cause of each of the four models' trouble.

    Parameters
    ----------
    answer : object
        The learner's ``causes``: a dict from "a", "b", "c", "d" to one of
        :data:`CHOICES`.

    Returns
    -------
    bool
        Whether every cause is right; a hint is printed for the first wrong one.
    """
    if unanswered(answer):
        return not_answered()
    if not isinstance(answer, dict):
        return report(False, f"expected a dict such as {{'a': 'leakage', ...}}, got "
                             f"{describe(answer)}.")
    if all(unanswered(value) for value in answer.values()):
        return not_answered()
    missing = sorted(set(CAUSES) - set(answer))
    if missing:
        return report(False, f"the dict lacks the model(s) {missing}; give a cause for "
                             "each of 'a', 'b', 'c' and 'd'.")
    for name in sorted(CAUSES):
        value = answer[name]
        if unanswered(value):
            return report(False, f"model {name} has no cause yet: replace its `...`.")
        if not isinstance(value, str) or value.strip().lower() not in CHOICES:
            return report(False, f"the cause of model {name} is {value!r}; choose one of "
                                 f"{', '.join(repr(c) for c in CHOICES)}.")
    wrong = [name for name in sorted(CAUSES) if answer[name].strip().lower() != CAUSES[name]]
    if not wrong:
        return report(True, "tree a overfits, b's penalty squeezes its probabilities, c "
                            "uses a column recorded after the sale, and d only needs a "
                            "threshold from the costs.")
    first = wrong[0]
    verb = "is" if len(wrong) == 1 else "are"
    return report(False, f"{len(wrong)} of the 4 causes {verb} not right. Start with "
                         f"{_HINTS[first]}")


@functools.cache
def _mailing():
    """Rebuild exercise 2: the test labels and the fitted model's probabilities."""
    X_train, X_test, y_train, y_test = caravan_split()
    with threadpool_limits(1):  # a small fit: one BLAS thread is faster on a busy machine
        model = standardised_logistic().fit(X_train, y_train)
    return (np.asarray(y_test), model.predict_proba(X_test), np.asarray(y_train),
            model.predict_proba(X_train))


def check_mailing_threshold(answer):
    """Exercise 8.2: the probability of buying above which a mailing pays.

    Parameters
    ----------
    answer : object
        The learner's ``threshold``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    cost, margin = CARAVAN_MAILING_COST, CARAVAN_SALE_MARGIN
    expected = cost / margin
    mistakes = [
        (cost / (cost + margin), "that takes the whole margin as the cost of a missed "
         "sale; a missed sale forgoes the margin less the mailing. Or solve "
         "p * margin - cost > 0 for p."),
        (cost / (margin - cost), "that is the ratio of the mailing's price to the net "
         "margin; solve p * margin - cost > 0 for p."),
        (1 - expected, "that is a threshold on the probability of *not* buying; give the "
         "threshold on the probability of buying."),
        (0.5, "0.5 is the default threshold, right only when both mistakes cost the same."),
    ]
    return check_number(answer, expected, what="the threshold of the mailing decision",
                        mistakes=mistakes)


def check_profit(answer):
    """Exercise 8.2: profit per test customer of mailing those above the threshold.

    Parameters
    ----------
    answer : object
        The learner's ``profit_per_customer``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    cost, margin = CARAVAN_MAILING_COST, CARAVAN_SALE_MARGIN
    y_test, proba_test, y_train, proba_train = _mailing()

    def profit(y, mailed, gain=margin):
        mailed = np.asarray(mailed, dtype=bool)
        return float((np.sum(mailed & (y == 1)) * gain - mailed.sum() * cost) / len(y))

    threshold = cost / margin
    expected = profit(y_test, proba_test[:, 1] >= threshold)
    mistakes = [
        (profit(y_test, proba_test[:, 0] >= threshold), "that mails the customers by their "
         "probability of *not* buying (column 0 of predict_proba); buyers are column 1."),
        (profit(y_test, proba_test[:, 1] >= 0.5), "that mails at the default threshold "
         "0.5 (model.predict); use the threshold of step 1."),
        (profit(y_test, proba_test[:, 1] >= threshold, margin - cost), "that subtracts the "
         "mailing's price twice for the buyers: the margin is before the mailing, and "
         "every mailing, to a buyer or not, is paid once."),
        (profit(y_test, proba_test[:, 1] >= threshold) * len(y_test), "that is the total "
         "profit on the test set; divide by the number of test customers."),
        (profit(y_train, proba_train[:, 1] >= threshold), "that is the profit on the "
         "training set; the decision is judged on the test set."),
        (float(np.sum((proba_test[:, 1] >= threshold) & (y_test == 1)) * margin
               / len(y_test)), "that counts the margins but not the price of the "
         "mailings; subtract every mailing's cost."),
    ]
    return check_number(answer, expected, what="the profit per test customer",
                        mistakes=mistakes, rtol=1e-4)
