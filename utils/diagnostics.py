"""The clinic's first tests of a binary classifier, in one call.

Chapter 8's clinic starts every diagnosis with the same numbers: the prevalence and
the majority baseline, what the model actually predicts (its predicted-class
counts), how much better it ranks the training rows than the test rows (the
train/test gap), and whether one feature alone separates the classes suspiciously
well (chapter 3's single-feature AUC ranking, :func:`utils.leakage.single_feature_auc`).
:func:`diagnose` computes them for a fitted model and raises flags; the chapter says
which test tells the possible causes of each flag apart.

Every score comes from scikit-learn; this module only gathers them, with clear
errors for bad input.
"""

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.metrics import accuracy_score, balanced_accuracy_score, roc_auc_score
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_consistent_length, check_is_fitted, column_or_1d

from utils._validation import check_scalar

#: Default thresholds of the flags (see :func:`diagnose`).
LEAKAGE_AUC = 0.9
GAP_TOLERANCE = 0.1
NO_SIGNAL_AUC = 0.55
MIN_TEST_POSITIVES = 10


@dataclass
class Diagnosis:
    """What :func:`diagnose` measured, and the flags it raised.

    Attributes
    ----------
    prevalence_train, prevalence_test : float
        Share of positives in each part.
    majority_accuracy : float
        Test accuracy of predicting the training set's majority class for every row.
    test_accuracy, test_balanced_accuracy : float
        The model's scores on the test set.
    predicted_counts : dict
        Number of test rows predicted as each class (negative, then positive).
    train_auc, test_auc : float
        ROC AUC of the model's scores on each part (NaN when the model gives no score).
    gap : float
        ``train_auc - test_auc``.
    leakage : DataFrame or None
        The single-feature AUC ranking of the training set's numeric, non-constant
        columns, strongest first; None when it was not computed.
    flags : list of str
        The symptoms found, in plain words; empty when none.
    """

    prevalence_train: float
    prevalence_test: float
    majority_accuracy: float
    test_accuracy: float
    test_balanced_accuracy: float
    predicted_counts: dict
    train_auc: float
    test_auc: float
    gap: float
    leakage: pd.DataFrame | None = None
    flags: list = field(default_factory=list)

    def summary(self):
        """Return the measurements as a one-column table, for display."""
        top = self.leakage.iloc[0] if self.leakage is not None and len(self.leakage) else None
        negative, positive = self.predicted_counts.values()
        return pd.Series({
            "prevalence (train)": self.prevalence_train,
            "prevalence (test)": self.prevalence_test,
            "majority baseline accuracy (test)": self.majority_accuracy,
            "accuracy (test)": self.test_accuracy,
            "balanced accuracy (test)": self.test_balanced_accuracy,
            "predicted negatives (test)": negative,
            "predicted positives (test)": positive,
            "ROC AUC (train)": self.train_auc,
            "ROC AUC (test)": self.test_auc,
            "train - test ROC AUC": self.gap,
            "strongest single feature": None if top is None else top.name,
            "its single-feature AUC": None if top is None else float(top["auc"]),
            "flags": "; ".join(self.flags) if self.flags else "none",
        }, dtype=object)


def _scores(model, X, positive):
    """Return the model's score for the positive class, or None when it has none."""
    classes = list(model.classes_)
    if hasattr(model, "predict_proba"):
        return model.predict_proba(X)[:, classes.index(positive)]
    if hasattr(model, "decision_function"):
        scores = model.decision_function(X)
        return scores if classes.index(positive) == 1 else -scores
    return None


def leakage_ranking(X, y, *, positive=1):
    """Chapter 3's single-feature AUC ranking, on the columns it can rank.

    Non-numeric and constant columns are left out (an AUC needs an order and two
    values), and so are columns present only on rows of one class (an AUC needs both
    classes; such a column's *missingness* gives the label away, which the clinic's
    screen reports); the rest go to :func:`utils.leakage.single_feature_auc`.

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, n_features)
        Features, usually the training set's.
    y : array-like of shape (n_samples,)
        Binary labels.
    positive : scalar, default 1
        The positive class.

    Returns
    -------
    DataFrame
        The ranking (columns ``auc``, ``distance``, ``direction``, ``n_used``),
        strongest first; empty when no column can be ranked.
    """
    from utils.leakage import single_feature_auc  # chapter 3's screen

    frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X)).add_prefix("x")
    numeric = frame.select_dtypes(include=["number", "bool"])
    numeric = numeric.loc[:, numeric.nunique(dropna=True) > 1]
    is_positive = np.asarray(y) == positive
    both_classes = [len(np.unique(is_positive[numeric[name].notna().to_numpy()])) == 2
                    for name in numeric.columns]
    numeric = numeric.loc[:, both_classes]
    if numeric.shape[1] == 0:
        return pd.DataFrame(columns=["auc", "distance", "direction", "n_used"])
    return single_feature_auc(numeric, np.asarray(y) == positive, pos_label=True,
                              nan_policy="omit")


def diagnose(model, X_train, y_train, X_test, y_test, *, positive=1,
             leakage_auc=LEAKAGE_AUC, gap_tolerance=GAP_TOLERANCE,
             no_signal_auc=NO_SIGNAL_AUC, check_leakage=True):
    """Run the clinic's first tests on a fitted binary classifier.

    Parameters
    ----------
    model : fitted classifier
        Any scikit-learn classifier (or pipeline) already fitted on ``X_train``.
    X_train, y_train : array-like
        The data it was fitted on.
    X_test, y_test : array-like
        Held-out data.
    positive : scalar, default 1
        The positive class; it must occur in both ``y_train`` and ``y_test``.
    leakage_auc : float, default 0.9
        A feature whose single-feature AUC is at least this far from chance (AUC
        ``>= leakage_auc`` or ``<= 1 - leakage_auc``) raises the leakage flag.
    gap_tolerance : float, default 0.1
        A train ROC AUC above the test ROC AUC by more than this raises "overfits".
    no_signal_auc : float, default 0.55
        A test ROC AUC below this raises "no ranking signal". With fewer than 10
        positives in the test set, "too few test positives" is raised as well: no
        score can be judged on so few.
    check_leakage : bool, default True
        Compute the single-feature ranking (it is the slowest part).

    Returns
    -------
    Diagnosis
        The measurements and the flags; ``.summary()`` shows them as a table.
    """
    if not is_classifier(model):
        raise TypeError(f"model must be a scikit-learn classifier, got {type(model).__name__}")
    try:
        check_is_fitted(model)
    except NotFittedError as error:
        raise ValueError("model is not fitted: fit it on X_train, y_train first") from error
    for name, y in (("y_train", y_train), ("y_test", y_test)):
        if pd.isna(np.asarray(y, dtype=object)).any():  # type_of_target fails on text with gaps
            raise ValueError(f"{name} has missing labels")
        target = type_of_target(y, input_name=name)
        if target != "binary":
            raise ValueError(f"{name} must hold binary labels, got a target of type {target!r}")
    y_train, y_test = column_or_1d(y_train), column_or_1d(y_test)
    check_consistent_length(X_train, y_train)
    check_consistent_length(X_test, y_test)
    classes = set(np.unique(y_train)) | set(np.unique(y_test))
    if len(classes) != 2:
        raise ValueError(f"the labels must be binary, got the classes {sorted(classes)}")
    for name, y in (("y_train", y_train), ("y_test", y_test)):
        if not np.any(y == positive):
            raise ValueError(f"positive label {positive!r} does not occur in {name}")
    check_scalar(leakage_auc, "leakage_auc", numbers.Real, min_val=0.5, max_val=1,
                 include_boundaries="right")
    check_scalar(gap_tolerance, "gap_tolerance", numbers.Real, min_val=0)
    (negative,) = classes - {positive}

    y_test_pred = model.predict(X_test)
    majority = pd.Series(y_train).mode().iloc[0]
    counts = {negative: int(np.sum(y_test_pred == negative)),
              positive: int(np.sum(y_test_pred == positive))}
    train_scores, test_scores = _scores(model, X_train, positive), _scores(model, X_test,
                                                                          positive)
    if train_scores is None:
        train_auc = test_auc = float("nan")
    else:
        train_auc = float(roc_auc_score(y_train == positive, train_scores))
        test_auc = float(roc_auc_score(y_test == positive, test_scores))
    diagnosis = Diagnosis(
        prevalence_train=float(np.mean(y_train == positive)),
        prevalence_test=float(np.mean(y_test == positive)),
        majority_accuracy=float(np.mean(y_test == majority)),
        test_accuracy=float(accuracy_score(y_test, y_test_pred)),
        test_balanced_accuracy=float(balanced_accuracy_score(y_test, y_test_pred)),
        predicted_counts=counts,
        train_auc=train_auc,
        test_auc=test_auc,
        gap=train_auc - test_auc,
    )
    flags = diagnosis.flags
    if min(counts.values()) == 0:
        flags.append("predicts one class")
    elif counts[positive] < 0.2 * diagnosis.prevalence_test * len(y_test):
        flags.append("predicts the positive class rarely")
    n_test_positives = int(np.sum(y_test == positive))
    if n_test_positives < MIN_TEST_POSITIVES:
        flags.append(f"too few test positives ({n_test_positives}) to judge any score")
    if diagnosis.test_accuracy <= diagnosis.majority_accuracy:
        flags.append("no better than the majority baseline")
    if test_auc < no_signal_auc:
        flags.append("no ranking signal")
    if diagnosis.gap > gap_tolerance:
        flags.append("overfits")
    if check_leakage:
        diagnosis.leakage = leakage_ranking(X_train, y_train, positive=positive)
        strong = diagnosis.leakage[diagnosis.leakage["distance"] >= leakage_auc - 0.5]
        if len(strong):
            flags.append(f"leakage suspect: {', '.join(map(str, strong.index))}")
    if test_auc >= 0.99:
        flags.append("too good to be true")
    return diagnosis
