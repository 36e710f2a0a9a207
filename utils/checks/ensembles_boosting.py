"""Self-checks for the exercises of chapter 9, ensembles and boosting.

The expected answers are computed here from the same data and folds the exercises
set up (Caravan, the first training part of the chapter's study, whose first repetition
splits with :data:`FOLDS`). The decision's answer is the chapter's reading of the study;
the studies are not in the students' hand-out, so tests/test_checks_ensembles_boosting.py
checks these folds and that answer against the committed study, and the solutions
assert that the checks accept them.
"""

import functools

import numpy as np
from imblearn.ensemble import BalancedRandomForestClassifier
from sklearn.model_selection import StratifiedKFold

from utils.checks import check_choice, check_number, never_raises, normalised
from utils.datasets import load_caravan

#: The study's outer folds of its first repetition (seed 0).
FOLDS = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
#: The seven methods of the study, in its order; the first is the decision's answer.
METHODS = ("gradient boosting", "gradient boosting, balanced weights", "random forest",
           "balanced random forest", "balanced bagging", "EasyEnsemble", "RUSBoost")

#: Trees of the exercise's forest (few: only the first tree's rows are asked for).
N_TREES = 10
RANDOM_STATE = 0

_BRIER_NOTE = ("its probabilities are those of a balanced training set: its mean Brier "
               "score on Caravan is far above plain gradient boosting's (the chapter's "
               "calibration table), so they cannot be multiplied by a margin without "
               "recalibrating first.")

#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_rows_per_tree": {
        "all training rows": "that is the size of the training part, what each tree of a "
                             "plain random forest draws. A balanced random forest draws a "
                             "bootstrap of the buyers and as many non-buyers.",
        "buyers only": "that counts the buyers of the training part only; each tree also "
                       "gets as many non-buyers, drawn at random.",
        "oversampled": "that is twice the non-buyers: the balanced random forest "
                       "undersamples the non-buyers to the buyers' count, it does not "
                       "oversample the buyers.",
        "whole data set": "that is twice the buyers of the whole data set, test part "
                          "included; the forest is fitted on the training part only.",
        "distinct rows": "that counts the distinct rows of the first tree's sample; the "
                         "buyers are drawn with replacement, so some repeat. Count every "
                         "draw: len(sample_indices_).",
    },
    "check_method_choice": {
        "gradient boosting": "plain gradient boosting has the lowest Brier score of the "
                             "seven on both data sets, and no method has a better average "
                             "precision by an interval clear of zero; its probabilities "
                             "are the closest to calibrated of the seven. It flags almost "
                             "no one at 0.5, so the mailing list comes from the expected "
                             "profit, not from predict.",
        "gradient boosting, balanced weights": "the class weight counts each buyer as "
                                               "many non-buyers, so " + _BRIER_NOTE,
        "balanced random forest": "each tree sees a balanced sample, and " + _BRIER_NOTE,
        "balanced bagging": "each tree sees a balanced sample, and " + _BRIER_NOTE,
        "easyensemble": "EasyEnsemble has the highest mean average precision, but its "
                        "interval against plain gradient boosting includes zero, and "
                        + _BRIER_NOTE,
        "rusboost": "RUSBoost ranks worse than plain gradient boosting (ROC AUC, an "
                    "interval below zero), and " + _BRIER_NOTE,
        "random forest": "the plain random forest ranks worse than plain gradient boosting "
                         "on Caravan (ROC AUC, an interval below zero) and its Brier score "
                         "is higher by an interval clear of zero.",
    },
}


@functools.cache
def _first_split():
    """Caravan and the first training part of the study's first repetition."""
    X, y = load_caravan()
    train, _ = next(FOLDS.split(X, y))
    return X, y, train


@functools.cache
def _first_tree_distinct():
    """Distinct rows of the first tree's sample of the exercise's forest."""
    X, y, train = _first_split()
    forest = BalancedRandomForestClassifier(
        n_estimators=N_TREES, sampling_strategy="auto", replacement=True, bootstrap=False,
        random_state=RANDOM_STATE).fit(X.iloc[train], y.iloc[train])
    return int(np.unique(forest.samplers_[0].sample_indices_).size)


def check_rows_per_tree(answer):
    """Exercise 9.1: training rows each tree of a balanced random forest is given.

    Parameters
    ----------
    answer : object
        The learner's ``rows_per_tree``, a count of draws.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X, y, train = _first_split()
    buyers = int(y.iloc[train].sum())
    hints = HINTS["check_rows_per_tree"]
    mistakes = [
        (len(train), hints["all training rows"]),
        (buyers, hints["buyers only"]),
        (2 * (len(train) - buyers), hints["oversampled"]),
        (2 * int(y.sum()), hints["whole data set"]),
        (_first_tree_distinct(), hints["distinct rows"]),
    ]
    return check_number(answer, 2 * buyers, what="the rows each tree is given",
                        mistakes=mistakes, rtol=1e-9, bounds=(0, len(X)))


@never_raises
def check_method_choice(answer):
    """Exercise 9.2: the method for calibrated probabilities of buying (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``method``, one of the study's seven names.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_method_choice"]
    rejected = {normalised(method): hints[method.lower()] for method in METHODS[1:]}
    return check_choice(answer, what="the method",
                        accepted={"gradient boosting": hints["gradient boosting"]},
                        rejected=rejected,
                        aliases={"hgb": "gradient boosting",
                                 "histgradientboostingclassifier": "gradient boosting",
                                 "easy ensemble": "easyensemble",
                                 "brf": "balanced random forest"})
