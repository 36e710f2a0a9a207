"""Self-checks for the exercises of chapter 2, per-class metrics and the F1 asymmetry.

Exercise 2.1 scores the chapter's breast-cancer model (a standardised logistic
regression, a stratified 70/30 split with ``random_state=0``); the expected answers
are computed here from the same data, split and model. Exercise 2.2 checks the
second set of numbers in the Data Science Stack Exchange question (labels
thresholded at 1000); the expected answers follow from the reported numbers.
"""

import functools

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.model_selection import train_test_split

from utils.baselines import trivial_scores
from utils.checks import check_number, never_raises, not_answered, report, unanswered
from utils.models import standardised_logistic
from utils.reported_metrics import implied_prevalence

TEST_SIZE = 0.3
RANDOM_STATE = 0

#: The asker's numbers for the labels thresholded at 1000, as printed in the question.
ASKER_1000 = {"precision": 0.8307692307692308, "recall": 0.6206896551724138,
              "f1": 0.7105263157894737, "accuracy": 0.69}
#: The class shares the question states for that threshold.
STATED_SHARES = (0.08, 0.92)


@functools.cache
def _cancer_predictions():
    data = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=TEST_SIZE, stratify=data.target,
        random_state=RANDOM_STATE,
    )
    model = standardised_logistic()
    return y_test, model.fit(X_train, y_train).predict(X_test)


def _averaging_mistakes(y_test, y_pred, expected_average):
    """Hints for an F1 computed with the wrong ``average`` or positive class."""
    candidates = {
        "binary-benign": (f1_score(y_test, y_pred), "that is the F1 of the benign "
                          "tumours: scikit-learn's default pos_label=1 is benign here. "
                          "Malignant is label 0: pass pos_label=0."),
        "binary-malignant": (f1_score(y_test, y_pred, pos_label=0), "that is the F1 of "
                             "the malignant class alone; the exercise asks for an "
                             "average over both classes."),
        "macro": (f1_score(y_test, y_pred, average="macro"), "that is the macro average "
                  "(the plain mean over both classes); it mixes in the benign class."),
        "weighted": (f1_score(y_test, y_pred, average="weighted"), "that is the weighted "
                     "average, dominated by the larger, benign class."),
        "micro": (f1_score(y_test, y_pred, average="micro"), "that is the micro average, "
                  "which equals the accuracy when each row has one label."),
    }
    candidates.pop(expected_average)
    return list(candidates.values())


def check_malignant_f1(answer):
    """Exercise 2.1: F1 of the malignant class on the breast-cancer test set.

    Parameters
    ----------
    answer : object
        The learner's ``malignant_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    y_test, y_pred = _cancer_predictions()
    expected = f1_score(y_test, y_pred, pos_label=0)
    mistakes = _averaging_mistakes(y_test, y_pred, "binary-malignant")
    mistakes += [
        (recall_score(y_test, y_pred, pos_label=0), "that is the malignant class's "
         "recall; F1 combines it with precision (f1_score)."),
        (precision_score(y_test, y_pred, pos_label=0), "that is the malignant class's "
         "precision; F1 combines it with recall (f1_score)."),
    ]
    return check_number(answer, expected, what="the malignant class's F1",
                        mistakes=mistakes)


def check_macro_f1(answer):
    """Exercise 2.1: macro-averaged F1 on the breast-cancer test set.

    Parameters
    ----------
    answer : object
        The learner's ``macro_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    y_test, y_pred = _cancer_predictions()
    expected = f1_score(y_test, y_pred, average="macro")
    mistakes = _averaging_mistakes(y_test, y_pred, "macro")
    mistakes.append((accuracy_score(y_test, y_pred), "that is the accuracy; the macro "
                     "F1 averages the two per-class F1 scores."))
    return check_number(answer, expected, what="the macro-averaged F1", mistakes=mistakes)


def check_implied_prevalence(answer):
    """Exercise 2.2: the prevalence implied by the asker's 1000-threshold numbers.

    Parameters
    ----------
    answer : object
        The learner's ``implied_pi``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    p, r, a = ASKER_1000["precision"], ASKER_1000["recall"], ASKER_1000["accuracy"]
    expected = implied_prevalence(p, r, a)
    mistakes = [(share, f"{share} is a class share the question states; the point is "
                 "to find the prevalence the three reported numbers imply, which need "
                 "not agree with it.") for share in STATED_SHARES]
    mistakes += [
        (1 - a, "that is the error rate, 1 - accuracy: the numerator only. Divide it by "
         "the errors per unit of prevalence, r(1 - p)/p + 1 - r."),
        (implied_prevalence(r, p, a), "precision and recall are swapped: FP = TP(1 - p)/p "
         "uses the precision p = 0.8308, and TP = r * pi the recall r = 0.6207."),
        (1 - expected, "that is the share of negatives; the prevalence is the share of "
         "positives."),
    ]
    return check_number(answer, expected, what="the implied prevalence", mistakes=mistakes,
                        rtol=1e-4, rounding=0.002)


def check_baseline_f1(answer):
    """Exercise 2.2: F1 of predicting all positive at the implied prevalence.

    Parameters
    ----------
    answer : object
        The learner's ``baseline_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    p, r, a = ASKER_1000["precision"], ASKER_1000["recall"], ASKER_1000["accuracy"]
    pi = implied_prevalence(p, r, a)
    expected = float(trivial_scores(pi).loc["all positive", "f1"])
    mistakes = [(float(trivial_scores(share).loc["all positive", "f1"]),
                 f"that is the all-positive F1 at the stated share {share}; use the "
                 "implied prevalence instead.") for share in STATED_SHARES]
    mistakes += [
        (pi, "that is the prevalence itself, which is the all-positive predictor's "
         "precision (and a random predictor's F1 at rate pi); the all-positive F1 is "
         "2 pi / (1 + pi)."),
        (float(trivial_scores(0.5).loc["all positive", "f1"]), "that is the all-positive "
         "F1 on a balanced test set (pi = 0.5); use the implied prevalence."),
        (float(trivial_scores(1 - pi).loc["all positive", "f1"]), "that is the baseline "
         "for the other class (prevalence 1 - pi); the asker's F1 is the positive "
         "class's."),
    ]
    return check_number(answer, expected, what="the all-positive F1 at that prevalence",
                        mistakes=mistakes, rtol=1e-3, rounding=0.002)


@never_raises
def check_beats_baseline(answer):
    """Exercise 2.2: whether the asker's F1 of 0.7105 beats predicting all positive.

    Parameters
    ----------
    answer : object
        The learner's ``beats_baseline``, True or False.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    if unanswered(answer):
        return not_answered()
    if not isinstance(answer, (bool, np.bool_)):
        return report(False, f"give True or False, not {type(answer).__name__}.")
    p, r, a = ASKER_1000["precision"], ASKER_1000["recall"], ASKER_1000["accuracy"]
    baseline = float(trivial_scores(implied_prevalence(p, r, a)).loc["all positive", "f1"])
    expected = ASKER_1000["f1"] > baseline
    if bool(answer) == expected:
        word = "above" if expected else "below"
        return report(True, f"the reported F1, {ASKER_1000['f1']:.3f}, is {word} the "
                      f"{baseline:.3f} of predicting everything positive.")
    return report(False, f"compare the reported F1, {ASKER_1000['f1']:.3f}, with your "
                  "baseline_f1 at the implied prevalence, not at a stated share.")
