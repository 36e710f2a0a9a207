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
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    recall_score,
)
from sklearn.model_selection import train_test_split

from utils.baselines import trivial_scores
from utils.checks import (
    UNIT,
    as_number,
    check_choice,
    check_number,
    never_raises,
    not_answered,
    report,
    unanswered,
)
from utils.models import standardised_logistic
from utils.reported_metrics import implied_prevalence

TEST_SIZE = 0.3
RANDOM_STATE = 0

#: The asker's numbers for the labels thresholded at 1000, as printed in the question.
ASKER_1000 = {"precision": 0.8307692307692308, "recall": 0.6206896551724138,
              "f1": 0.7105263157894737, "accuracy": 0.69}
#: The class shares the question states for that threshold.
STATED_SHARES = (0.08, 0.92)

#: An F1 averaged the wrong way, or of the wrong class: by the ``average`` it used.
_AVERAGING = {
    "binary-benign": "that is the F1 of the benign tumours: scikit-learn's default "
                     "pos_label=1 is benign here. Malignant is label 0: pass pos_label=0.",
    "binary-malignant": "that is the F1 of the malignant class alone; the exercise asks "
                        "for an average over both classes.",
    "macro": "that is the macro average (the plain mean over both classes); it mixes in "
             "the benign class.",
    "weighted": "that is the weighted average, dominated by the larger, benign class.",
    "micro": "that is the micro average, which equals the accuracy when each row has one "
             "label.",
}
#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_malignant_f1": {
        **{key: _AVERAGING[key] for key in ("binary-benign", "macro", "weighted", "micro")},
        "recall": "that is the malignant class's recall; F1 combines it with precision "
                  "(f1_score).",
        "precision": "that is the malignant class's precision; F1 combines it with recall "
                     "(f1_score).",
        "training set": "that is the score on the training rows; predict the test set.",
        "default test size": "that split holds out a quarter of the rows (the default); "
                             "the exercise's split holds out test_size=0.3.",
        "unstratified split": "that split is not stratified; pass stratify=y so that both "
                              "sets keep the classes' shares.",
    },
    "check_macro_f1": {
        **{key: _AVERAGING[key]
           for key in ("binary-benign", "binary-malignant", "weighted", "micro")},
        "accuracy": "that is the accuracy; the macro F1 averages the two per-class F1 "
                    "scores.",
        "training set": "that is the score on the training rows; predict the test set.",
        "default test size": "that split holds out a quarter of the rows (the default); "
                             "the exercise's split holds out test_size=0.3.",
        "balanced accuracy": "that is the balanced accuracy (the mean of the recalls); "
                             "the macro F1 is the mean of the per-class F1 scores.",
    },
    "check_implied_prevalence": {
        "a stated share": "{share} is a class share the question states; the point is to "
                          "find the prevalence the three reported numbers imply, which "
                          "need not agree with it.",
        "error rate": "that is the error rate, 1 - accuracy: the numerator only. Divide it "
                      "by the errors per unit of prevalence, r(1 - p)/p + 1 - r.",
        "precision and recall swapped": "precision and recall are swapped: FP = TP(1 - p)/p "
                                        "uses the precision p = "
                                        f"{ASKER_1000['precision']:.4f}, and TP = r * pi "
                                        f"the recall r = {ASKER_1000['recall']:.4f}.",
        "share of negatives": "that is the share of negatives; the prevalence is the share "
                              "of positives.",
        "a reported number": "{value} is the reported {name}; the prevalence is the class "
                             "share that makes precision, recall and accuracy fit "
                             "together (solve accuracy = (TP + TN) / n for it).",
    },
    "check_baseline_f1": {
        "a stated share": "that is the all-positive F1 at the stated share {share}; use "
                          "the implied prevalence instead.",
        "the prevalence": "that is the prevalence itself, which is the all-positive "
                          "predictor's precision (and a random predictor's F1 at rate "
                          "pi); the all-positive F1 is 2 pi / (1 + pi).",
        "balanced test set": "that is the all-positive F1 on a balanced test set (pi = "
                             "0.5); use the implied prevalence.",
        "other class": "that is the baseline for the other class (prevalence 1 - pi); the "
                       "asker's F1 is the positive class's.",
        "the reported F1": "that is the asker's reported F1; the baseline is the F1 of "
                           "calling every case positive at the implied prevalence.",
        "coin flip": "that is a coin flip's F1 (predicting positive half the time); the "
                     "baseline calls every case positive.",
        "all negative": "that is the F1 of calling every case negative (0); the baseline "
                        "calls every case positive.",
    },
    "check_beats_baseline": {
        "not True or False": "give True or False, not {answer}.",
        "wrong verdict": f"compare the reported F1, {ASKER_1000['f1']:.3f}, with your "
                         "baseline_f1 at the implied prevalence, not at a stated share.",
        "a string": "{answer!r} is a string; give the Python value True or False, without "
                    "quotes.",
        "the margin": "that is the margin between the reported F1 and the baseline; give "
                      "whether the reported F1 is above it, True or False.",
        "the baseline": "that is the baseline's F1; give whether the reported F1 is above "
                        "it, True or False.",
    },
    "check_averaging_choice": {
        "binary": "it looks only at the malignant class, the one the screening is for; "
                  "the benign class's errors count only through precision.",
        "macro": "each class counts the same whatever its size; a model that is good on "
                 "the benign class only still earns half the credit.",
        "micro": "on a single-label problem it equals the accuracy, which the large class "
                 "dominates.",
        "weighted": "it weighs each class by its size, so the large benign class dominates "
                    "and a poor malignant F1 hides.",
        "samples": "it is for multi-label problems; here each tumour has one label.",
    },
}


@functools.cache
def _cancer_predictions(test_size=TEST_SIZE, stratify=True, on="test"):
    """Return the labels and predictions of the exercise's model (or of a mistaken split)."""
    data = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=test_size,
        stratify=data.target if stratify else None, random_state=RANDOM_STATE,
    )
    model = standardised_logistic().fit(X_train, y_train)
    if on == "training":
        return y_train, model.predict(X_train)
    return y_test, model.predict(X_test)


def _split_mistakes(hints, score):
    """Return ``score`` on the training rows and on mistaken splits, with their hints."""
    variants = {"training set": {"on": "training"}, "default test size": {"test_size": 0.25},
                "unstratified split": {"stratify": False}}
    return [(score(*_cancer_predictions(**options)), hints[key])
            for key, options in variants.items() if key in hints]


def _averaging_mistakes(hints, y_test, y_pred):
    """Return the F1 scores averaged the wrong way that ``hints`` names, with their hints."""
    values = {
        "binary-benign": f1_score(y_test, y_pred),
        "binary-malignant": f1_score(y_test, y_pred, pos_label=0),
        "macro": f1_score(y_test, y_pred, average="macro"),
        "weighted": f1_score(y_test, y_pred, average="weighted"),
        "micro": f1_score(y_test, y_pred, average="micro"),
    }
    return [(value, hints[key]) for key, value in values.items() if key in hints]


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
    hints = HINTS["check_malignant_f1"]
    mistakes = _averaging_mistakes(hints, y_test, y_pred)
    mistakes += [
        (recall_score(y_test, y_pred, pos_label=0), hints["recall"]),
        (precision_score(y_test, y_pred, pos_label=0), hints["precision"]),
        *_split_mistakes(hints, lambda truth, pred: f1_score(truth, pred, pos_label=0)),
    ]
    return check_number(answer, expected, what="the malignant class's F1",
                        mistakes=mistakes, bounds=UNIT)


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
    hints = HINTS["check_macro_f1"]
    mistakes = _averaging_mistakes(hints, y_test, y_pred)
    mistakes.append((accuracy_score(y_test, y_pred), hints["accuracy"]))
    mistakes += _split_mistakes(hints, lambda truth, pred: f1_score(truth, pred,
                                                                    average="macro"))
    mistakes.append((balanced_accuracy_score(y_test, y_pred), hints["balanced accuracy"]))
    return check_number(answer, expected, what="the macro-averaged F1", mistakes=mistakes,
                        bounds=UNIT)


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
    hints = HINTS["check_implied_prevalence"]
    mistakes = [(share, hints["a stated share"].format(share=share))
                for share in STATED_SHARES]
    mistakes += [
        (1 - a, hints["error rate"]),
        (implied_prevalence(r, p, a), hints["precision and recall swapped"]),
        (1 - expected, hints["share of negatives"]),
        *((ASKER_1000[name], hints["a reported number"].format(value=ASKER_1000[name],
                                                               name=name))
          for name in ("accuracy", "precision", "recall")),
    ]
    return check_number(answer, expected, what="the implied prevalence", mistakes=mistakes,
                        rtol=1e-4, bounds=UNIT)


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
    hints = HINTS["check_baseline_f1"]
    mistakes = [(float(trivial_scores(share).loc["all positive", "f1"]),
                 hints["a stated share"].format(share=share)) for share in STATED_SHARES]
    mistakes += [
        (pi, hints["the prevalence"]),
        (float(trivial_scores(0.5).loc["all positive", "f1"]), hints["balanced test set"]),
        (float(trivial_scores(1 - pi).loc["all positive", "f1"]), hints["other class"]),
        (ASKER_1000["f1"], hints["the reported F1"]),
        (float(trivial_scores(pi, rate=0.5).loc["random", "f1"]), hints["coin flip"]),
        (0.0, hints["all negative"]),
    ]
    return check_number(answer, expected, what="the all-positive F1 at that prevalence",
                        mistakes=mistakes, rtol=1e-3, bounds=UNIT)


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
    hints = HINTS["check_beats_baseline"]
    p, r, a = ASKER_1000["precision"], ASKER_1000["recall"], ASKER_1000["accuracy"]
    baseline = float(trivial_scores(implied_prevalence(p, r, a)).loc["all positive", "f1"])
    expected = ASKER_1000["f1"] > baseline
    if isinstance(answer, np.ndarray) and answer.size == 1 and answer.dtype == bool:
        answer = answer.item()  # a comparison of one-element arrays
    if isinstance(answer, str):
        return report(False, hints["a string"].format(answer=answer))
    if not isinstance(answer, (bool, np.bool_)):
        value, _ = as_number(answer)
        if value is not None and np.isclose(value, ASKER_1000["f1"] - baseline, rtol=1e-3):
            return report(False, hints["the margin"])
        if value is not None and np.isclose(value, baseline, rtol=1e-3):
            return report(False, hints["the baseline"])
        return report(False, hints["not True or False"].format(answer=type(answer).__name__))
    if bool(answer) == expected:
        word = "above" if expected else "below"
        return report(True, f"the reported F1, {ASKER_1000['f1']:.3f}, is {word} the "
                      f"{baseline:.3f} of predicting everything positive.")
    return report(False, hints["wrong verdict"])


def check_averaging_choice(answer):
    """Exercise 2.3: the F1 averaging to report for the screening (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``average``, as scikit-learn names it.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_averaging_choice"]
    good = ("binary", "macro")
    return check_choice(answer, what="the averaging to report",
                        accepted={name: hints[name] for name in good},
                        rejected={name: hint for name, hint in hints.items() if name not in good},
                        aliases={"malignant": "binary", "malignant class": "binary",
                                 "macro average": "macro", "micro average": "micro",
                                 "weighted average": "weighted"})
