"""Self-checks for the exercises of chapter 1, the accuracy trap.

The expected answers are computed here from the same data, split and model the
exercises set up (Caravan, a stratified 75/25 split with ``random_state=0``);
the solutions assert that the checks accept them, so the two cannot drift apart.
"""

import functools

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)

from utils.checks import UNIT, check_choice, check_matrix, check_number
from utils.datasets import caravan_split
from utils.models import standardised_logistic

#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_majority_accuracy": {
        "minority class": "that is the share of buyers, the minority class. The majority "
                          "baseline predicts 'no purchase' for every customer.",
        "training set": "that is the accuracy on the training set; score the baseline on "
                        "the test set, like any model.",
        "stratified dummy": "that is the stratified dummy (random guesses at the class "
                            "rates); the majority baseline is strategy='most_frequent'.",
        "a count": "that is a count of correct predictions; accuracy is their share of the "
                   "test set.",
        "all the data": "that is the non-buyers' share of all the customers, training and "
                        "test together; score the baseline on the test set only.",
        "buyers of all the data": "that is the buyers' share of the whole data set; the "
                                  "baseline's accuracy is the non-buyers' share of the "
                                  "test set.",
        "balanced accuracy": "that is the balanced accuracy, 0.5 for any constant "
                             "prediction; the exercise asks for the plain accuracy (score).",
    },
    "check_confusion_matrix": {
        "transposed": "rows and columns are swapped: call confusion_matrix(y_test, "
                      "y_test_pred), truth first.",
        "classes reversed": "the classes are in reverse order; keep scikit-learn's default "
                            "(0 = no purchase first).",
        "normalised": "that matrix is normalised; give the counts.",
        "training set": "that is the matrix of the training customers; count the "
                        "predictions on the test set.",
        "all the data": "that matrix counts every customer, training and test together; "
                        "count the test customers only.",
        "majority baseline": "that is the majority baseline's matrix (no buyer predicted); "
                             "use the logistic regression's predictions.",
    },
    "check_buyer_recall": {
        "class 0": "that is the recall of the non-buyers (class 0); the buyers are the "
                   "positive class, label 1.",
        "precision": "that is the precision (correct among predicted buyers); recall "
                     "divides by the actual buyers.",
        "accuracy": "that is the accuracy; recall looks only at the customers who bought.",
        "a count": "that is the count of buyers found; recall is that count divided by the "
                   "number of buyers.",
        "training set": "that is the recall on the training customers; compute it on the "
                        "test set.",
        "all the data": "that is the recall over all the customers, training and test "
                        "together; use the test set only.",
        "F1": "that is the buyers' F1; recall is the found buyers over the actual buyers "
              "(recall_score).",
        "balanced accuracy": "that is the balanced accuracy, the mean of both classes' "
                             "recalls; give the buyers' recall alone.",
    },
    "check_metric_choice": {
        "balanced accuracy": "it weighs the buyers and the non-buyers alike, so the "
                             "majority baseline scores 0.5 at any prevalence; it says "
                             "nothing of how many mailings are wasted (precision).",
        "average precision": "it ranks the customers and needs no threshold; its baseline "
                             "is the buyers' share, not 0.5, so report it beside that share.",
        "f1": "it sums up the buyers' precision and recall at one threshold and the "
              "majority baseline scores 0 on it; it ignores the non-buyers and moves with "
              "the prevalence.",
        "recall and precision": "the pair tells how many buyers are found and how many "
                                "mailings reach one; being two numbers, ranking models "
                                "needs a rule that weighs them.",
        "accuracy": "the majority baseline, which never finds a buyer, already scores the "
                    "non-buyers' share: accuracy rewards mailing no one.",
        "recall": "alone it is won by mailing every customer (recall 1); pair it with "
                  "precision.",
        "specificity": "it counts only the non-buyers: mailing no one scores 1.",
    },
}


@functools.cache
def _caravan_split():
    return caravan_split()


@functools.cache
def _fitted_logistic():
    X_train, _, y_train, _ = _caravan_split()
    return standardised_logistic().fit(X_train, y_train)


def _logistic_predictions():
    _, X_test, _, y_test = _caravan_split()
    return y_test.to_numpy(), _fitted_logistic().predict(X_test)


def _logistic_training_predictions():
    X_train, _, y_train, _ = _caravan_split()
    return y_train.to_numpy(), _fitted_logistic().predict(X_train)


def check_majority_accuracy(answer):
    """Exercise 1.1: accuracy of the majority baseline on Caravan's test set.

    Parameters
    ----------
    answer : object
        The learner's ``majority_accuracy``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X_train, X_test, y_train, y_test = _caravan_split()
    expected = float(np.mean(y_test == 0))
    y_all = np.concatenate([y_train, y_test])
    stratified = DummyClassifier(strategy="stratified", random_state=0).fit(X_train, y_train)
    hints = HINTS["check_majority_accuracy"]
    mistakes = [
        (1 - expected, hints["minority class"]),
        (float(np.mean(y_train == 0)), hints["training set"]),
        (accuracy_score(y_test, stratified.predict(X_test)), hints["stratified dummy"]),
        (float(np.sum(y_test == 0)), hints["a count"]),
        (float(np.mean(y_all == 0)), hints["all the data"]),
        (float(np.mean(y_all == 1)), hints["buyers of all the data"]),
        (balanced_accuracy_score(y_test, np.zeros(len(y_test), dtype=int)),
         hints["balanced accuracy"]),
    ]
    return check_number(answer, expected, what="the majority baseline's accuracy",
                        mistakes=mistakes, bounds=UNIT)


def check_confusion_matrix(answer):
    """Exercise 1.2: the logistic regression's confusion matrix on the test set.

    Parameters
    ----------
    answer : object
        The learner's ``confusion``, in scikit-learn's layout (rows are the true
        class, columns the predicted class, label 0 first).

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    y_test, y_pred = _logistic_predictions()
    expected = confusion_matrix(y_test, y_pred)
    training = confusion_matrix(*_logistic_training_predictions())
    hints = HINTS["check_confusion_matrix"]
    mistakes = [
        (expected.T, hints["transposed"]),
        (expected[::-1, ::-1], hints["classes reversed"]),
        (confusion_matrix(y_test, y_pred, normalize="true"), hints["normalised"]),
        (training, hints["training set"]),
        (training + expected, hints["all the data"]),
        (confusion_matrix(y_test, np.zeros_like(y_pred), labels=[0, 1]),
         hints["majority baseline"]),
    ]
    return check_matrix(answer, expected, what="the confusion matrix", mistakes=mistakes)


def check_buyer_recall(answer):
    """Exercise 1.2: recall of the buyers (class 1) for the logistic regression.

    Parameters
    ----------
    answer : object
        The learner's ``buyer_recall``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    y_test, y_pred = _logistic_predictions()
    expected = recall_score(y_test, y_pred)
    y_train, y_train_pred = _logistic_training_predictions()
    hints = HINTS["check_buyer_recall"]
    mistakes = [
        (recall_score(y_test, y_pred, pos_label=0), hints["class 0"]),
        (precision_score(y_test, y_pred, zero_division=0), hints["precision"]),
        (accuracy_score(y_test, y_pred), hints["accuracy"]),
        (float(np.sum((y_test == 1) & (y_pred == 1))), hints["a count"]),
        (recall_score(y_train, y_train_pred), hints["training set"]),
        (recall_score(np.concatenate([y_train, y_test]),
                      np.concatenate([y_train_pred, y_pred])), hints["all the data"]),
        (f1_score(y_test, y_pred), hints["F1"]),
        (balanced_accuracy_score(y_test, y_pred), hints["balanced accuracy"]),
    ]
    return check_number(answer, expected, what="the buyers' recall", mistakes=mistakes, bounds=UNIT)


_METRIC_ALIASES = {"ap": "average precision", "f1 score": "f1", "f score": "f1",
                   "precision and recall": "recall and precision",
                   "precision recall": "recall and precision", "bacc": "balanced accuracy"}


def check_metric_choice(answer):
    """Exercise 1.3: the metric to report for the Caravan mailing (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``metric``, by name.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_metric_choice"]
    good = ("balanced accuracy", "average precision", "f1", "recall and precision")
    return check_choice(answer, what="the metric to report",
                        accepted={name: hints[name] for name in good},
                        rejected={name: hint for name, hint in hints.items() if name not in good},
                        aliases=_METRIC_ALIASES)
