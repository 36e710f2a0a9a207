"""Self-checks for the exercises of chapter 4, resampling.

The expected answers are computed here from the same data, split and model the
exercises set up: Caravan, chapter 1's stratified 75/25 split (``random_state=0``),
and a standardised logistic regression trained on the undersampled training set
(``RandomUnderSampler(random_state=0)``). The typical mistakes each get a hint:
resampling the test set, a baseline at the wrong prevalence, the wrong positive
class, the training set instead of the test set, an inverted correction.
"""

import functools

import numpy as np
from imblearn.under_sampling import RandomUnderSampler
from sklearn.dummy import DummyClassifier
from sklearn.metrics import brier_score_loss, f1_score, precision_score, recall_score
from threadpoolctl import threadpool_limits

from utils.checks import UNIT, check_choice, check_number
from utils.datasets import caravan_split
from utils.models import standardised_logistic
from utils.prior_shift import correct_probabilities, undersampling_beta

RANDOM_STATE = 0

#: The hint of two checks: a score on a resampled test set.
RESAMPLED_TEST_HINT = (
    "that is the score on an undersampled test set. Resample the training data only "
    "(the sampler inside the pipeline does it): the test set must keep the prevalence "
    "the model will meet."
)
#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_undersampled_f1": {
        "resampled test set": RESAMPLED_TEST_HINT,
        "no undersampling": "that is the model without undersampling; put "
                            "RandomUnderSampler(random_state=0) between the scaler and the "
                            "logistic regression.",
        "class 0": "that is the F1 of the non-buyers (class 0); the buyers, label 1, are "
                   "the positive class.",
        "training set": "that is the F1 on the training set; score the model on the test "
                        "set.",
        "recall": "that is the buyers' recall; F1 combines it with the precision "
                  "(f1_score).",
        "precision": "that is the buyers' precision; F1 combines it with the recall "
                     "(f1_score).",
        "macro average": "that is the F1 averaged over both classes; give the buyers' F1 "
                         "(the default, pos_label=1).",
    },
    "check_all_positive_f1": {
        "balanced prevalence": "that is the baseline at prevalence one half, the prevalence "
                               "of the undersampled training set (or of a resampled test "
                               "set). The baseline must be at the prevalence of the "
                               "natural test set, where the model is scored.",
        "training prevalence": "that uses the training set's prevalence; the baseline "
                               "belongs to the test set the model is scored on.",
        "majority baseline": "that is the F1 of calling no one a buyer (the majority "
                             "baseline); the exercise asks for calling every customer a "
                             "buyer.",
        "the prevalence": "that is the prevalence, the precision of calling everyone a "
                          "buyer; F1 also counts the recall, which is 1 here.",
        "stratified dummy": "that is the stratified dummy's F1; the exercise asks for "
                            "calling every customer a buyer, "
                            "DummyClassifier(strategy='constant', constant=1).",
        "whole data set's prevalence": "that uses the prevalence of the whole data set, "
                                       "training and test together; the baseline belongs "
                                       "to the test set alone.",
        "recall": "that is the recall of calling everyone a buyer (1); F1 also counts the "
                  "precision.",
        "non-buyers' F1": "that is the non-buyers' F1 when every customer is called a "
                          "non-buyer; the exercise calls every customer a buyer.",
    },
    "check_beta": {
        "inverted": "that is 1/beta, the inverse: beta is below 1, the share of non-buyers "
                    "undersampling keeps.",
        "test prevalence": "that uses the test set's prevalence. The model was trained on "
                           "the undersampled training set: use the training set's "
                           "prevalence (in practice the test labels are unknown).",
        "the prevalence": "that is the prevalence itself; beta is the odds ratio "
                          "pi (1 - pi_s) / ((1 - pi) pi_s) with pi_s = 0.5.",
        "share of non-buyers": "that is the share of non-buyers; beta is pi / (1 - pi) when "
                               "the training set is balanced.",
        "whole data set's prevalence": "that uses the buyers' share of the whole data set; "
                                       "beta comes from the training set the "
                                       "undersampler resamples.",
        "the target share": "0.5 is the buyers' share after undersampling; beta is the "
                            "share of non-buyers the undersampler keeps.",
        "a count": "that is the number of non-buyers kept; beta is their share of the "
                   "training set's non-buyers.",
    },
    "check_corrected_brier": {
        "uncorrected": "that is the Brier score of the uncorrected probabilities; map them "
                       "with p = beta p_s / (beta p_s - p_s + 1) first.",
        "correction inverted": "the correction went the wrong way (1/beta instead of "
                               "beta): the corrected probabilities must be lower, not "
                               "higher.",
        "test prevalence": "that uses the test set's prevalence for beta; use the training "
                           "set's.",
        "resampled test set": RESAMPLED_TEST_HINT,
        "whole data set's prevalence": "that corrects with the buyers' share of the whole "
                                       "data set; the model was resampled from the "
                                       "training set, so correct with its prevalence.",
        "training set": "that is the Brier score on the training set; score the corrected "
                        "probabilities of the test set.",
        "no undersampling": "that is the Brier score of the model fitted without "
                            "undersampling; correct the undersampled model's probabilities.",
    },
    "check_probability_method": {
        "prior correction": "it maps the undersampled model's probabilities back to the "
                            "training set's prevalence with one formula; it assumes the "
                            "new customers share that prevalence.",
        "no resampling": "a model fitted on the natural data estimates probabilities at the "
                         "natural prevalence; any threshold is then chosen on them, but the "
                         "fit sees few buyers.",
        "recalibrate": "a calibrator fitted on held-out rows at the natural prevalence "
                       "corrects any distortion, not just the prior's; it needs rows the "
                       "model did not see.",
        "raw probabilities": "the undersampled model believes half the customers buy: its "
                             "probabilities overstate every risk.",
        "resample the test set": "a test set resampled to half buyers measures a population "
                                 "that does not exist; the prices would be wrong for the "
                                 "real one.",
    },
}


@functools.cache
def _caravan_split():
    return caravan_split()


def _model(sampler=True):
    undersampler = RandomUnderSampler(random_state=RANDOM_STATE) if sampler else None
    return standardised_logistic(undersampler)


@functools.cache
def _fitted(sampler=True):
    X_train, _, y_train, _ = _caravan_split()
    with threadpool_limits(1):
        return _model(sampler).fit(X_train, y_train)


@functools.cache
def _balanced_test_set():
    _, X_test, _, y_test = _caravan_split()
    return RandomUnderSampler(random_state=RANDOM_STATE).fit_resample(X_test, y_test)


def _distinct(expected, mistakes):
    """Drop the mistakes whose value cannot be told apart from the right answer."""
    return [(value, hint) for value, hint in mistakes
            if not np.isclose(value, expected, rtol=1e-6, atol=1e-12)]


def check_undersampled_f1(answer):
    """Exercise 4.1: buyers' F1 of the undersampled model on the natural test set.

    Parameters
    ----------
    answer : object
        The learner's ``undersampled_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X_train, X_test, y_train, y_test = _caravan_split()
    model = _fitted(True)
    y_pred = model.predict(X_test)
    expected = f1_score(y_test, y_pred)
    X_balanced, y_balanced = _balanced_test_set()
    hints = HINTS["check_undersampled_f1"]
    mistakes = [
        (f1_score(y_balanced, model.predict(X_balanced)), hints["resampled test set"]),
        (f1_score(y_test, _fitted(False).predict(X_test)), hints["no undersampling"]),
        (f1_score(y_test, y_pred, pos_label=0), hints["class 0"]),
        (f1_score(y_train, model.predict(X_train)), hints["training set"]),
        (recall_score(y_test, y_pred), hints["recall"]),
        (precision_score(y_test, y_pred, zero_division=0), hints["precision"]),
        (f1_score(y_test, y_pred, average="macro"), hints["macro average"]),
    ]
    return check_number(answer, expected, what="the undersampled model's F1 of the buyers",
                        mistakes=_distinct(expected, mistakes), bounds=UNIT)


def check_all_positive_f1(answer):
    """Exercise 4.1: F1 of calling every test customer a buyer.

    Parameters
    ----------
    answer : object
        The learner's ``all_positive_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X_train, X_test, y_train, y_test = _caravan_split()
    expected = f1_score(y_test, np.ones(len(y_test), dtype=int))
    pi_train = float(np.mean(y_train))
    pi_test = float(np.mean(y_test))
    pi_all = _whole_prevalence()
    stratified = DummyClassifier(strategy="stratified", random_state=RANDOM_STATE)
    stratified_f1 = f1_score(y_test, stratified.fit(X_train, y_train).predict(X_test))
    hints = HINTS["check_all_positive_f1"]
    mistakes = [
        (2 * 0.5 / 1.5, hints["balanced prevalence"]),
        (2 * pi_train / (1 + pi_train), hints["training prevalence"]),
        (0.0, hints["majority baseline"]),
        (pi_test, hints["the prevalence"]),
        (stratified_f1, hints["stratified dummy"]),
        (2 * pi_all / (1 + pi_all), hints["whole data set's prevalence"]),
        (1.0, hints["recall"]),
        (2 * (1 - pi_test) / (2 - pi_test), hints["non-buyers' F1"]),
    ]
    return check_number(answer, expected, what="the F1 of calling every customer a buyer",
                        mistakes=_distinct(expected, mistakes), bounds=UNIT)


def _training_prevalence():
    _, _, y_train, _ = _caravan_split()
    return float(np.mean(y_train))


def _whole_prevalence():
    _, _, y_train, y_test = _caravan_split()
    return float(np.mean(np.concatenate([y_train, y_test])))


def check_beta(answer):
    """Exercise 4.2: the share of non-buyers the balanced training set keeps.

    Parameters
    ----------
    answer : object
        The learner's ``beta``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    _, _, y_train, y_test = _caravan_split()
    pi_train = _training_prevalence()
    expected = undersampling_beta(pi_train, 0.5)
    pi_test = float(np.mean(y_test))
    hints = HINTS["check_beta"]
    mistakes = [
        (1 / expected, hints["inverted"]),
        (undersampling_beta(pi_test, 0.5), hints["test prevalence"]),
        (pi_train, hints["the prevalence"]),
        (1 - pi_train, hints["share of non-buyers"]),
        (undersampling_beta(_whole_prevalence(), 0.5), hints["whole data set's prevalence"]),
        (0.5, hints["the target share"]),
        (float(np.sum(y_train == 1)), hints["a count"]),
    ]
    return check_number(answer, expected, what="beta", mistakes=_distinct(expected, mistakes))


def check_corrected_brier(answer):
    """Exercise 4.2: Brier score of the corrected probabilities on the test set.

    Parameters
    ----------
    answer : object
        The learner's ``brier_corrected``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X_train, X_test, y_train, y_test = _caravan_split()
    model = _fitted(True)
    proba = model.predict_proba(X_test)[:, 1]
    pi_train = _training_prevalence()
    pi_test = float(np.mean(y_test))
    beta = undersampling_beta(pi_train, 0.5)
    expected = brier_score_loss(y_test, correct_probabilities(proba, pi_train, 0.5))
    X_balanced, y_balanced = _balanced_test_set()
    proba_balanced = model.predict_proba(X_balanced)[:, 1]
    hints = HINTS["check_corrected_brier"]
    mistakes = [
        (brier_score_loss(y_test, proba), hints["uncorrected"]),
        (brier_score_loss(y_test, (proba / beta) / (proba / beta - proba + 1)),
         hints["correction inverted"]),
        (brier_score_loss(y_test, correct_probabilities(proba, pi_test, 0.5)),
         hints["test prevalence"]),
        (brier_score_loss(y_balanced, correct_probabilities(proba_balanced, pi_train, 0.5)),
         hints["resampled test set"]),
        (brier_score_loss(y_balanced, proba_balanced), hints["resampled test set"]),
        (brier_score_loss(y_test, correct_probabilities(proba, _whole_prevalence(), 0.5)),
         hints["whole data set's prevalence"]),
        (brier_score_loss(y_train, correct_probabilities(
            model.predict_proba(X_train)[:, 1], pi_train, 0.5)), hints["training set"]),
        (brier_score_loss(y_test, _fitted(False).predict_proba(X_test)[:, 1]),
         hints["no undersampling"]),
    ]
    return check_number(answer, expected, what="the corrected model's Brier score",
                        mistakes=_distinct(expected, mistakes), bounds=UNIT)


def check_probability_method(answer):
    """Exercise 4.3: probabilities to price a risk after undersampling (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``method``, by name.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_probability_method"]
    good = ("prior correction", "no resampling", "recalibrate")
    return check_choice(answer, what="the probabilities to price with",
                        accepted={name: hints[name] for name in good},
                        rejected={name: hint for name, hint in hints.items() if name not in good},
                        aliases={"correct the probabilities": "prior correction",
                                 "correct probabilities": "prior correction",
                                 "calibration": "recalibrate", "calibrate": "recalibrate",
                                 "natural data": "no resampling",
                                 "undersampled probabilities": "raw probabilities"})
