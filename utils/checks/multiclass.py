"""Self-checks for the exercises of chapter 10, more than two classes.

The expected answers are computed here from the same data, split and model the
exercises set up (the computing jobs of :func:`utils.datasets.hpc_split`, chapter 10's
small boosted trees fitted on the training jobs, the cost matrix of
:func:`utils.costs.hpc_cost_matrix`); the solutions assert that the checks accept them,
so the two cannot drift apart.
"""

import functools

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from threadpoolctl import threadpool_limits

from utils.checks import UNIT, check_choice, check_number, never_raises
from utils.costs import average_cost, cost_decision, expected_costs, hpc_cost_matrix
from utils.datasets import HPC_CLASSES, hpc_split
from utils.models import small_boosted_trees

#: The probabilities of the job of Exercise 10.2, in the order VF, F, M, L.
JOB_PROBABILITIES = (0.55, 0.25, 0.12, 0.08)

#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_long_recall": {
        "precision": "that is the long jobs' precision (right among the jobs predicted "
                     "long); recall is the share of the long jobs that were found.",
        "F1": "that is the long jobs' F1; the exercise asks for their recall.",
        "last column": "that is the recall of the very fast jobs: with average=None the "
                       "scores follow the sorted labels F, L, M, VF, so the last one is VF. "
                       "Pass labels=['L'] (or pick the score of 'L' by name).",
        "first column": "that is the recall of the fast jobs (F), the first of the sorted "
                        "labels; pick the score of 'L' by name.",
        "training set": "that is the recall on the training jobs; score the test jobs.",
        "macro recall": "that is the recall averaged over the four classes (the balanced "
                        "accuracy); give the recall of the long jobs alone.",
        "accuracy": "that is the accuracy over all four classes; give the recall of the "
                    "long jobs.",
        "class weights": "that recall comes from a model trained with "
                         "class_weight='balanced'; the exercise's model is unweighted.",
    },
    "check_macro_f1": {
        "weighted": "that is the weighted average, dominated by the very fast and fast "
                    "jobs; use average='macro', the plain mean over classes.",
        "micro": "that is the micro average, which with one label per job is the "
                 "accuracy; use average='macro'.",
        "long jobs' F1": "that is the F1 of the long jobs alone; the macro F1 is the mean "
                         "of the four classes' F1.",
        "training set": "that is the macro F1 on the training jobs; score the test jobs.",
        "macro precision": "that is the macro-averaged precision; the exercise asks for "
                           "the F1.",
        "macro recall": "that is the macro-averaged recall (the balanced accuracy); the "
                        "exercise asks for the F1.",
        "class weights": "that F1 comes from a model trained with "
                         "class_weight='balanced'; the exercise's model is unweighted.",
    },
    "check_queue": {
        "most probable": "VF is the most probable class, but a job that is not very fast "
                         "and is sent to the very fast queue costs 5 to 15; its expected "
                         "cost is {cost:.2f}. Multiply the probabilities by each column "
                         "of the cost matrix and take the smallest.",
        "second most probable": "F, the second most probable class, costs {cost:.2f} on "
                                "average, more than the cheapest class: sum "
                                "p_i * cost[i, j] over the true classes i for each "
                                "decision j.",
        "slowest queue": "L is the safest queue but not the cheapest: this job is "
                         "probably quicker and would wait in it for nothing; its expected "
                         "cost is {cost:.2f}.",
        "cheapest": "M has the least expected cost ({cost:.2f}): it is not the most "
                    "probable class, but sending a longer job to a quicker queue costs "
                    "five times as much per class as the reverse.",
    },
    "check_test_cost": {
        "most probable": "that is the cost of the most probable class (model.predict); "
                         "use cost_decision, the class of least expected cost.",
        "columns in the wrong order": "that treats predict_proba's columns as VF, F, M, "
                                      "L; they are in model.classes_ order (F, L, M, VF). "
                                      "Pass model.classes_ to cost_decision.",
        "matrix transposed": "the cost matrix is transposed: its rows are the true class, "
                             "its columns the decision.",
        "largest expected cost": "that chooses the class of the *largest* expected cost; "
                                 "the decision takes the smallest.",
        "training set": "that is the cost on the training jobs; score the test jobs.",
        "total": "that is the total cost of the test jobs; give the average per job "
                 "(average_cost does it).",
        "class weights": "that cost comes from a model trained with "
                         "class_weight='balanced'; the exercise's model is unweighted.",
        "always M": "that is the cost of predicting M for every job, the cheapest "
                    "feature-blind policy: the decision ignored the model's "
                    "probabilities.",
    },
}


@functools.cache
def _fitted():
    """Rebuild the exercises: the split, and the unweighted and weighted models."""
    X_train, X_test, y_train, y_test = hpc_split()
    with threadpool_limits(1):  # small fits: one thread is faster on a busy machine
        model = small_boosted_trees().fit(X_train, y_train)
        weighted = small_boosted_trees(class_weight="balanced").fit(X_train, y_train)
        proba = {name: (fitted.predict_proba(X_test), fitted.predict_proba(X_train))
                 for name, fitted in [("model", model), ("weighted", weighted)]}
    return (X_train, X_test, y_train, y_test), model, weighted, proba


@functools.cache
def _predictions():
    """Return the unweighted model's predictions (test and training jobs), the weighted one's.

    The weighted model's are on the test jobs only.
    """
    (X_train, X_test, _, _), model, weighted, _ = _fitted()
    with threadpool_limits(1):
        return {"test": model.predict(X_test), "train": model.predict(X_train),
                "weighted": weighted.predict(X_test)}


def check_long_recall(answer):
    """Exercise 10.1: the recall of the long jobs on the test set.

    Parameters
    ----------
    answer : object
        The learner's ``recall_long``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    (_, _, y_train, y_test), _, _, _ = _fitted()
    predicted = _predictions()
    recalls = recall_score(y_test, predicted["test"], average=None)
    hints = HINTS["check_long_recall"]

    def long_only(score, y_true, y_pred):
        return score(y_true, y_pred, labels=["L"], average=None)[0]

    expected = long_only(recall_score, y_test, predicted["test"])
    mistakes = [
        (long_only(precision_score, y_test, predicted["test"]), hints["precision"]),
        (long_only(f1_score, y_test, predicted["test"]), hints["F1"]),
        (recalls[-1], hints["last column"]),
        (recalls[0], hints["first column"]),
        (long_only(recall_score, y_train, predicted["train"]), hints["training set"]),
        (recall_score(y_test, predicted["test"], average="macro"), hints["macro recall"]),
        (accuracy_score(y_test, predicted["test"]), hints["accuracy"]),
        (long_only(recall_score, y_test, predicted["weighted"]), hints["class weights"]),
    ]
    return check_number(answer, expected, what="the long jobs' recall on the test set",
                        mistakes=mistakes, rtol=1e-4, bounds=UNIT)


def check_macro_f1(answer):
    """Exercise 10.1: the macro-averaged F1 on the test set.

    Parameters
    ----------
    answer : object
        The learner's ``macro_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    (_, _, y_train, y_test), _, _, _ = _fitted()
    predicted = _predictions()
    hints = HINTS["check_macro_f1"]
    expected = f1_score(y_test, predicted["test"], average="macro")
    mistakes = [
        (f1_score(y_test, predicted["test"], average="weighted"), hints["weighted"]),
        (f1_score(y_test, predicted["test"], average="micro"), hints["micro"]),
        (f1_score(y_test, predicted["test"], labels=["L"], average=None)[0],
         hints["long jobs' F1"]),
        (f1_score(y_train, predicted["train"], average="macro"), hints["training set"]),
        (precision_score(y_test, predicted["test"], average="macro"),
         hints["macro precision"]),
        (recall_score(y_test, predicted["test"], average="macro"), hints["macro recall"]),
        (f1_score(y_test, predicted["weighted"], average="macro"), hints["class weights"]),
    ]
    return check_number(answer, expected, what="the macro F1 on the test set",
                        mistakes=mistakes, rtol=1e-4, bounds=UNIT)


@never_raises
def check_queue(answer):
    """Exercise 10.2: the queue for a job with the probabilities of :data:`JOB_PROBABILITIES`.

    Parameters
    ----------
    answer : object
        The learner's ``queue``: one of ``"VF"``, ``"F"``, ``"M"``, ``"L"``.

    Returns
    -------
    bool
        Whether it is the class of least expected cost; what each choice costs is
        printed.
    """
    costs = expected_costs([JOB_PROBABILITIES], HPC_CLASSES,
                           cost_matrix=hpc_cost_matrix()).iloc[0]
    best = costs.idxmin()
    hints = HINTS["check_queue"]
    hint_for = {"VF": "most probable", "F": "second most probable", "L": "slowest queue",
                "M": "cheapest"}
    said = {name.lower(): hints[hint_for[name]].format(cost=costs[name])
            for name in HPC_CLASSES}
    accepted = {key: text for key, text in said.items() if key == best.lower()}
    rejected = {key: text for key, text in said.items() if key != best.lower()}
    aliases = {"very fast": "vf", "fast": "f", "moderate": "m", "long": "l"}
    return check_choice(answer, what="the queue for this job", accepted=accepted,
                        rejected=rejected, aliases=aliases)


def check_test_cost(answer):
    """Exercise 10.2: the average cost per test job of the least-expected-cost decision.

    Parameters
    ----------
    answer : object
        The learner's ``test_cost``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    (_, _, y_train, y_test), model, weighted, proba = _fitted()
    costs = hpc_cost_matrix()
    classes = model.classes_
    test_proba, train_proba = proba["model"]

    def cost(y_true, predicted):
        return average_cost(y_true, predicted, cost_matrix=costs)

    expected = cost(y_test, cost_decision(test_proba, classes, cost_matrix=costs))
    transposed = pd.DataFrame(costs.to_numpy().T, index=costs.index, columns=costs.columns)
    hints = HINTS["check_test_cost"]
    worst = np.asarray(classes)[expected_costs(test_proba, classes, cost_matrix=costs)
                                .to_numpy().argmax(axis=1)]
    mistakes = [
        (cost(y_test, _predictions()["test"]), hints["most probable"]),
        (cost(y_test, cost_decision(test_proba, HPC_CLASSES, cost_matrix=costs)),
         hints["columns in the wrong order"]),
        (cost(y_test, cost_decision(test_proba, classes, cost_matrix=transposed)),
         hints["matrix transposed"]),
        (cost(y_test, worst), hints["largest expected cost"]),
        (cost(y_train, cost_decision(train_proba, classes, cost_matrix=costs)),
         hints["training set"]),
        (expected * len(y_test), hints["total"]),
        (cost(y_test, cost_decision(proba["weighted"][0], weighted.classes_,
                                    cost_matrix=costs)), hints["class weights"]),
        (cost(y_test, np.full(len(y_test), "M")), hints["always M"]),
    ]
    return check_number(answer, expected, what="the average cost per test job",
                        mistakes=mistakes, rtol=1e-4)
