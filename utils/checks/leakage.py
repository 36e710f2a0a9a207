"""Self-checks for the exercises of chapter 3, leakage.

Exercise 3.1 resamples pure-noise data (990 negatives, 10 positives, data seed 1)
with SMOTE around a decision tree, inside and outside an imbalanced-learn pipeline,
on five shuffled stratified folds (``random_state=0``). Exercise 3.2 screens the
``loanapp`` mortgage applications for label copies and prices the post-decision
column ``typur`` with a standardised logistic regression on the same kind of folds.
The expected answers are computed here from the same data, folds and models, and
each typical mistake's value is computed the same way, so that its hint can be
named.
"""

import functools

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

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
from utils.datasets import load_loanapp, make_noise_imbalanced

DATA_SEED = 1
LABEL_COPIES = frozenset({"action", "approve"})
POST_DECISION = "typur"

_F1_NOT_ACCURACY = "that is the accuracy; pass scoring='f1'."


def _loan_hints(which, other):
    """Return the hints of the check of the average precision ``which`` typur."""
    answer = f"ap_{which}_typur"
    kept = {"with": "keeps the column typur (only the label copies are dropped)",
            "without": "drops the column typur as well as the label copies"}[which]
    return {
        "label copies kept": "that score kept action and approve, the decision recoded: "
                             "drop the label copies first.",
        "the other score": f"that is the average precision {other} typur; "
                           f"{answer} {kept}.",
        "ROC AUC": "that is the ROC AUC; pass scoring='average_precision'.",
        "preprocessed before the split": "the imputer and the scaler were fitted on all "
                                         "rows before cross-validation; keep them inside "
                                         "the pipeline so each training fold fits its own.",
        "the difference": "that is the difference between the scores with and without "
                          f"typur; {answer} is the average precision {which} typur itself.",
        "the other ROC AUC": f"that is the ROC AUC {other} typur; pass "
                             f"scoring='average_precision', and {answer} {kept}.",
        "the other preprocessed": f"that is the score {other} typur, with the imputer and "
                                  "the scaler fitted on all rows first; keep them in the "
                                  f"pipeline, and {answer} {kept}.",
    }


#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_honest_smote_f1": {
        "SMOTE before the split": "that is SMOTE applied before cross-validation "
                                  "(resampling outside the pipeline): synthetic copies of "
                                  "the test folds' positives sit in the training folds. "
                                  "Put SMOTE inside imblearn.pipeline.make_pipeline and "
                                  "pass the original X, y (not the resampled ones).",
        "no SMOTE": "that is the tree without SMOTE; the pipeline should resample each "
                    "training fold with SMOTE(random_state=42) first.",
        "accuracy": _F1_NOT_ACCURACY,
        "unshuffled folds": "those are cv=5's unshuffled folds; pass cv=folds.",
        "ROC AUC": "that is the ROC AUC; pass scoring='f1'.",
        "training folds": "that is the score on the training folds (return_train_score); "
                          "report the mean over the held-out folds.",
        "one fold": "that is one fold's score; report the mean over the five folds.",
    },
    "check_leaky_smote_f1": {
        "the honest score": "that is the honest score, SMOTE inside the pipeline; this "
                            "answer asks what resampling everything first would report.",
        "accuracy": _F1_NOT_ACCURACY,
        "no SMOTE": "that is the tree without any SMOTE; this answer asks for the score "
                    "after SMOTE on all the rows, then cross-validation.",
        "training folds": "that is the score on the training folds (return_train_score); "
                          "report the mean over the held-out folds.",
        "unshuffled folds": "those are cv=5's unshuffled folds of the resampled rows; pass "
                            "cv=folds.",
    },
    "check_label_copies": {
        "one string": "give a list of column names, not one string ({answer!r}).",
        "not a list": "expected a list of column names, got {answer}.",
        "the label": "reject is the label itself, not a column of X; look at the columns "
                     "of X only.",
        "unknown columns": "{unknown} are not columns of X; use the ranking's index.",
        "one end only": "an AUC of 0 separates the classes as perfectly as an AUC of 1, "
                        "downwards; include both ends.",
        "extra columns": "{extra} separate the classes well but not perfectly; keep only "
                         "the columns with an AUC of exactly 0 or 1.",
        "other columns": "those are not the columns with an AUC of exactly 0 or 1; sort "
                         "the ranking by distance and look at its top.",
        "column numbers": "those are column positions; give the columns' names "
                          "(X.columns[...]).",
        "the AUCs": "that holds the AUCs; give the names of the columns whose AUC is "
                    "exactly 0 or 1 (the index of those entries).",
        "typur": "typur is recorded after the decision but does not copy it: its AUC is "
                 "short of 0 and 1. The label copies are the columns at exactly 0 or 1.",
    },
    "check_ap_with_typur": _loan_hints("with", "without"),
    "check_ap_without_typur": _loan_hints("without", "with"),
    "check_smote_place": {
        "inside the pipeline": "each fold's synthetic rows come from its own training rows "
                               "only, so the score is honest; SMOTE is fitted once per "
                               "fold, which costs time.",
        "after the split": "honest for one hold-out split, since the test rows never feed "
                           "SMOTE; one split's score is noisier than a cross-validated mean.",
        "before the split": "synthetic rows built from test rows leak them into training: "
                            "the score rises without the model being any better.",
        "on the test set too": "the test set must keep the real prevalence and real rows; a "
                               "score on synthetic rows says nothing about new data.",
    },
}


def _folds():
    return StratifiedKFold(n_splits=5, shuffle=True, random_state=0)


def _mean_cv(model, X, y, scoring, cv=None):
    return float(cross_val_score(model, X, y, cv=_folds() if cv is None else cv,
                                 scoring=scoring).mean())


@functools.cache
def _smote_scores():
    """Exercise 3.1's right answers and the values of its typical mistakes."""
    X, y = make_noise_imbalanced(990, 10, 2, random_state=DATA_SEED)
    X_resampled, y_resampled = SMOTE(random_state=42).fit_resample(X, y)
    tree = DecisionTreeClassifier(random_state=0)
    pipeline = make_imblearn_pipeline(SMOTE(random_state=42), tree)
    return {
        "honest": _mean_cv(pipeline, X, y, "f1"),
        "leaky": _mean_cv(tree, X_resampled, y_resampled, "f1"),
        "no resampling": _mean_cv(tree, X, y, "f1"),
        "honest accuracy": _mean_cv(pipeline, X, y, "accuracy"),
        "leaky accuracy": _mean_cv(tree, X_resampled, y_resampled, "accuracy"),
        "honest unshuffled": _mean_cv(pipeline, X, y, "f1", cv=5),
        "honest roc": _mean_cv(pipeline, X, y, "roc_auc"),
        "honest training": float(cross_validate(pipeline, X, y, cv=_folds(), scoring="f1",
                                                return_train_score=True)["train_score"].mean()),
        "honest first fold": float(cross_val_score(pipeline, X, y, cv=_folds(),
                                                   scoring="f1")[0]),
        "leaky training": float(cross_validate(
            tree, X_resampled, y_resampled, cv=_folds(), scoring="f1",
            return_train_score=True)["train_score"].mean()),
        "leaky unshuffled": _mean_cv(tree, X_resampled, y_resampled, "f1", cv=5),
    }


def check_honest_smote_f1(answer):
    """Exercise 3.1: cross-validated F1 with SMOTE inside the pipeline.

    Parameters
    ----------
    answer : object
        The learner's ``honest_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    scores = _smote_scores()
    hints = HINTS["check_honest_smote_f1"]
    mistakes = [
        (scores["leaky"], hints["SMOTE before the split"]),
        (scores["no resampling"], hints["no SMOTE"]),
        (scores["honest accuracy"], hints["accuracy"]),
        (scores["honest unshuffled"], hints["unshuffled folds"]),
        (scores["honest roc"], hints["ROC AUC"]),
        (scores["honest training"], hints["training folds"]),
        (scores["honest first fold"], hints["one fold"]),
    ]
    return check_number(answer, scores["honest"], what="the honest cross-validated F1",
                        mistakes=mistakes, bounds=UNIT)


def check_leaky_smote_f1(answer):
    """Exercise 3.1: cross-validated F1 after SMOTE on all the data (the leak).

    Parameters
    ----------
    answer : object
        The learner's ``leaky_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    scores = _smote_scores()
    hints = HINTS["check_leaky_smote_f1"]
    mistakes = [
        (scores["honest"], hints["the honest score"]),
        (scores["leaky accuracy"], hints["accuracy"]),
        (scores["no resampling"], hints["no SMOTE"]),
        (scores["leaky training"], hints["training folds"]),
        (scores["leaky unshuffled"], hints["unshuffled folds"]),
    ]
    return check_number(answer, scores["leaky"], what="the F1 reported after SMOTE on "
                        "all rows", mistakes=mistakes, bounds=UNIT)


@functools.cache
def _loans():
    return load_loanapp()


def _logistic():
    return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                         LogisticRegression(max_iter=2000))


@functools.cache
def _loan_scores():
    """Exercise 3.2's right answers and the values of its typical mistakes."""
    X, y = _loans()
    recorded = X.drop(columns=sorted(LABEL_COPIES))
    without = recorded.drop(columns=POST_DECISION)
    scores = {}
    for name, frame in [("with", recorded), ("without", without)]:
        scores[name] = _mean_cv(_logistic(), frame, y, "average_precision")
        scores[f"{name} roc"] = _mean_cv(_logistic(), frame, y, "roc_auc")
        prepared = StandardScaler().fit_transform(
            SimpleImputer(strategy="median").fit_transform(frame))
        scores[f"{name} before split"] = _mean_cv(LogisticRegression(max_iter=2000),
                                                  prepared, y, "average_precision")
    scores["label copies"] = _mean_cv(_logistic(), X, y, "average_precision")
    scores["label copies, no typur"] = _mean_cv(_logistic(), X.drop(columns=POST_DECISION),
                                                y, "average_precision")
    return scores


def _loan_check(answer, which):
    scores = _loan_scores()
    other = "without" if which == "with" else "with"
    hints = HINTS[f"check_ap_{which}_typur"]
    mistakes = [
        (scores["label copies"], hints["label copies kept"]),
        (scores["label copies, no typur"], hints["label copies kept"]),
        (scores[other], hints["the other score"]),
        (scores[f"{which} roc"], hints["ROC AUC"]),
        (scores[f"{which} before split"], hints["preprocessed before the split"]),
        (scores[which] - scores[other], hints["the difference"]),
        (scores[other] - scores[which], hints["the difference"]),
        (scores[f"{other} roc"], hints["the other ROC AUC"]),
        (scores[f"{other} before split"], hints["the other preprocessed"]),
    ]
    return check_number(answer, scores[which], what=f"the average precision {which} typur",
                        mistakes=mistakes)


def check_ap_with_typur(answer):
    """Exercise 3.2: CV average precision without the label copies, with ``typur``.

    Parameters
    ----------
    answer : object
        The learner's ``ap_with_typur``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    return _loan_check(answer, "with")


def check_ap_without_typur(answer):
    """Exercise 3.2: CV average precision without the label copies and ``typur``.

    Parameters
    ----------
    answer : object
        The learner's ``ap_without_typur``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    return _loan_check(answer, "without")


@never_raises
def check_label_copies(answer):
    """Exercise 3.2: the columns whose single-feature AUC is exactly 0 or 1.

    Parameters
    ----------
    answer : object
        The learner's ``label_copies``: column names, as a list, tuple, set, pandas
        Index or array.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    if unanswered(answer):
        return not_answered()
    hints = HINTS["check_label_copies"]
    if isinstance(answer, str):
        return report(False, hints["one string"].format(answer=answer))
    if isinstance(answer, (dict, pd.Series)) and len(answer) and all(
            isinstance(value, (float, np.floating))
            for value in (answer.values() if isinstance(answer, dict) else answer.tolist())):
        return report(False, hints["the AUCs"])
    if isinstance(answer, (list, tuple, np.ndarray)) and len(answer) and all(
            isinstance(value, (int, np.integer)) and not isinstance(value, bool)
            for value in np.asarray(answer, dtype=object).ravel()):
        return report(False, hints["column numbers"])
    if isinstance(answer, dict) or not isinstance(answer, (list, tuple, set, frozenset,
                                                           pd.Index, np.ndarray)):
        return report(False, hints["not a list"].format(answer=describe(answer)))
    names = {str(name) for name in np.asarray(list(answer), dtype=object).ravel()}
    columns = set(_loans()[0].columns)
    if names == LABEL_COPIES:
        return report(True, "action and approve are the decision recoded (AUC 1 and 0).")
    if "reject" in names:
        return report(False, hints["the label"])
    unknown = sorted(names - columns)
    if unknown:
        return report(False, hints["unknown columns"].format(unknown=unknown))
    if names < LABEL_COPIES:
        return report(False, hints["one end only"])
    extra = sorted(names - LABEL_COPIES)
    if names == LABEL_COPIES | {POST_DECISION}:
        return report(False, hints["typur"])
    if LABEL_COPIES <= names:
        return report(False, hints["extra columns"].format(extra=extra))
    return report(False, hints["other columns"])


def check_smote_place(answer):
    """Exercise 3.3: where SMOTE goes when a model is evaluated (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``place``, by name.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_smote_place"]
    good = ("inside the pipeline", "after the split")
    return check_choice(answer, what="where SMOTE goes",
                        accepted={name: hints[name] for name in good},
                        rejected={name: hint for name, hint in hints.items() if name not in good},
                        aliases={"pipeline": "inside the pipeline",
                                 "in the pipeline": "inside the pipeline",
                                 "inside each fold": "inside the pipeline",
                                 "training set only": "after the split",
                                 "on all the data": "before the split",
                                 "before cross validation": "before the split"})
