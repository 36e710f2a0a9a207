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
    UNIT,
    check_choice,
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

#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_causes": {
        "not a dict": "expected a dict such as {{'a': 'leakage', ...}}, got {answer}.",
        "models missing": "the dict lacks the model(s) {missing}; give a cause for each of "
                          "'a', 'b', 'c' and 'd'.",
        "a cause left out": "model {name} has no cause yet: replace its `...`.",
        "not one of the choices": "the cause of model {name} is {value!r}; choose one of "
                                  + ", ".join(repr(choice) for choice in CHOICES) + ".",
        "some causes wrong": "{count} of the 4 causes {verb} not right. Start with {first}",
        # what "Start with" points to, for the first model whose cause is wrong
        "model a": "model a is a tree grown until every leaf is pure. Compare its training "
                   "and test ROC AUC (the 'train - test ROC AUC' row).",
        "model b": "model b ranks the buyers well (its test ROC AUC is far above 0.5), yet "
                   "predicts no one. Look at the spread of its probabilities: can any "
                   "threshold near the costs' 0.1 reach them? What squeezed them?",
        "model c": "model c scores almost perfectly. Which column does the single-feature "
                   "ranking put first, and when is that column filled in?",
        "model d": "model d predicts few buyers at 0.5 but ranks them well, and its "
                   "probabilities spread: what happens at the costs' threshold of 0.1?",
        "a list of causes": "that is a list; give a dict from each model to its cause, "
                            "{{'a': ..., 'b': ..., 'c': ..., 'd': ...}}.",
        "one cause for all": "every model has the same cause, {cause!r}; each of the four "
                             "has a fault of its own.",
        "two swapped": "the causes of models {first} and {second} are swapped.",
    },
    "check_mailing_threshold": {
        "whole margin": "that takes the whole margin as the cost of a missed sale; a "
                        "missed sale forgoes the margin less the mailing. Or solve "
                        "p * margin - cost > 0 for p.",
        "net margin": "that is the ratio of the mailing's price to the net margin; solve "
                      "p * margin - cost > 0 for p.",
        "not buying": "that is a threshold on the probability of *not* buying; give the "
                      "threshold on the probability of buying.",
        "default threshold": "0.5 is the default threshold, right only when both mistakes "
                             "cost the same.",
        "ratio upside down": "that is the margin over the mailing's price; the threshold "
                             "is the price over the margin.",
        "the prevalence": "that is the buyers' share; the threshold comes from the price "
                          "and the margin alone: mail when p * margin > price.",
        "the price": "that is the mailing's price itself; the threshold is a probability, "
                     "the price over the margin.",
    },
    "check_profit": {
        "column 0": "that mails the customers by their probability of *not* buying "
                    "(column 0 of predict_proba); buyers are column 1.",
        "default threshold": "that mails at the default threshold 0.5 (model.predict); use "
                             "the threshold of step 1.",
        "mailing paid twice": "that subtracts the mailing's price twice for the buyers: the "
                              "margin is before the mailing, and every mailing, to a buyer "
                              "or not, is paid once.",
        "total": "that is the total profit on the test set; divide by the number of test "
                 "customers.",
        "training set": "that is the profit on the training set; the decision is judged on "
                        "the test set.",
        "mailings not paid": "that counts the margins but not the price of the mailings; "
                             "subtract every mailing's cost.",
        "all the data": "that is the profit per customer over all the customers, training "
                        "and test together; the decision is judged on the test set alone.",
        "mail everyone": "that is the profit of mailing every test customer: the rule "
                         "mailed them all. Mail only those whose probability of buying "
                         "(column 1 of predict_proba) is at or above the threshold.",
        "mail no one": "0 is the profit of mailing no one, the baseline to beat; mail the "
                       "customers at or above the threshold.",
        "per buyer": "that divides the profit by the number of test buyers; divide by the "
                     "number of test customers.",
    },
    "check_threshold_rows": {
        "cross validation": "out-of-fold predictions on the training set give every "
                            "training customer an honest score; it costs one fit per fold.",
        "validation split": "a part of the training set held out for the threshold is "
                            "honest and cheap; the model then learns from fewer customers.",
        "cost formula": "the threshold from the mailing cost and the margin needs no rows "
                        "at all, but only a calibrated model's probabilities deserve it.",
        "test set": "a threshold tuned on the test set makes the test score optimistic: "
                    "those customers are no longer new.",
        "training set": "in-sample predictions are over-confident; a threshold tuned on "
                        "them suits the training customers, not new ones.",
    },
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
    hints = HINTS["check_causes"]
    if isinstance(answer, (list, tuple)) and len(answer) == len(CAUSES):
        return report(False, hints["a list of causes"].format())
    if not isinstance(answer, dict):
        return report(False, hints["not a dict"].format(answer=describe(answer)))
    if all(unanswered(value) for value in answer.values()):
        return not_answered()
    missing = sorted(set(CAUSES) - set(answer))
    if missing:
        return report(False, hints["models missing"].format(missing=missing))
    for name in sorted(CAUSES):
        value = answer[name]
        if unanswered(value):
            return report(False, hints["a cause left out"].format(name=name))
        if not isinstance(value, str) or value.strip().lower() not in CHOICES:
            return report(False, hints["not one of the choices"].format(name=name,
                                                                        value=value))
    wrong = [name for name in sorted(CAUSES) if answer[name].strip().lower() != CAUSES[name]]
    if not wrong:
        return report(True, "tree a overfits, b's penalty squeezes its probabilities, c "
                            "uses a column recorded after the sale, and d only needs a "
                            "threshold from the costs.")
    given = [answer[name].strip().lower() for name in sorted(CAUSES)]
    if len(set(given)) == 1:
        return report(False, hints["one cause for all"].format(cause=given[0]))
    if len(wrong) == 2 and all(answer[first].strip().lower() == CAUSES[second]
                               for first, second in (wrong, wrong[::-1])):
        return report(False, hints["two swapped"].format(first=wrong[0], second=wrong[1]))
    verb = "is" if len(wrong) == 1 else "are"
    return report(False, hints["some causes wrong"].format(
        count=len(wrong), verb=verb, first=hints[f"model {wrong[0]}"]))


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
    hints = HINTS["check_mailing_threshold"]
    mistakes = [
        (cost / (cost + margin), hints["whole margin"]),
        (cost / (margin - cost), hints["net margin"]),
        (1 - expected, hints["not buying"]),
        (0.5, hints["default threshold"]),
        (margin / cost, hints["ratio upside down"]),
        (float(np.mean(_mailing()[2] == 1)), hints["the prevalence"]),
        (float(cost), hints["the price"]),
    ]
    return check_number(answer, expected, what="the threshold of the mailing decision",
                        mistakes=mistakes, bounds=UNIT)


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
    hints = HINTS["check_profit"]
    mistakes = [  # what a rule does first: mailing by column 0 may mail everyone
        (profit(y_test, np.ones(len(y_test), dtype=bool)), hints["mail everyone"]),
        (profit(y_test, proba_test[:, 0] >= threshold), hints["column 0"]),
        (profit(y_test, proba_test[:, 1] >= 0.5), hints["default threshold"]),
        (profit(y_test, proba_test[:, 1] >= threshold, margin - cost),
         hints["mailing paid twice"]),
        (profit(y_test, proba_test[:, 1] >= threshold) * len(y_test), hints["total"]),
        (profit(y_train, proba_train[:, 1] >= threshold), hints["training set"]),
        (float(np.sum((proba_test[:, 1] >= threshold) & (y_test == 1)) * margin
               / len(y_test)), hints["mailings not paid"]),
        (profit(np.concatenate([y_train, y_test]),
                np.concatenate([proba_train[:, 1], proba_test[:, 1]]) >= threshold),
         hints["all the data"]),
        (0.0, hints["mail no one"]),
        (profit(y_test, proba_test[:, 1] >= threshold) * len(y_test) / np.sum(y_test == 1),
         hints["per buyer"]),
    ]
    return check_number(answer, expected, what="the profit per test customer",
                        mistakes=mistakes, rtol=1e-4)


@never_raises
def check_threshold_rows(answer):
    """Exercise 8.3: which rows choose the mailing threshold (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``rows``, by name.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_threshold_rows"]
    good = ("cross validation", "validation split", "cost formula")
    return check_choice(answer, what="the rows that choose the threshold",
                        accepted={name: hints[name] for name in good},
                        rejected={name: hint for name, hint in hints.items() if name not in good},
                        aliases={"cv": "cross validation", "training folds": "cross validation",
                                 "out of fold": "cross validation",
                                 "validation set": "validation split",
                                 "cost and margin": "cost formula",
                                 "test": "test set", "training": "training set"})
