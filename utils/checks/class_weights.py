"""Self-checks for the exercises of chapter 5, class weights in practice.

Exercise 5.1 uses Caravan, chapter 1's stratified 75/25 split (``random_state=0``)
and a standardised logistic regression with ``class_weight="balanced"``.
Exercise 5.2 re-runs the first example of "great F1 in one class and terrible in
another" with :mod:`utils.article_examples`, for seeds 0 to 29. The typical mistakes
each get a hint: no baseline or the wrong one, one seed taken as the truth, the
wrong positive class, the training set or a resampled test set.
"""

import functools
import warnings

import numpy as np
from imblearn.under_sampling import RandomUnderSampler
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from utils.article_examples import (
    ARTICLE_SEED,
    TEST_SIZE,
    make_baselines,
    make_example_data,
    make_example_models,
)
from utils.baselines import trivial_scores
from utils.checks import UNIT, as_number, check_choice, check_number, never_raises
from utils.datasets import caravan_split
from utils.models import standardised_logistic

RANDOM_STATE = 0
#: Seeds of exercise 5.2.
SEEDS = tuple(range(30))

#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_weighted_f1": {
        "no weights": "that is the model without weights; pass class_weight='balanced' to "
                      "LogisticRegression.",
        "class 0": "that is the F1 of the non-buyers (class 0); the buyers, label 1, are "
                   "the positive class.",
        "training set": "that is the F1 on the training set; score the model on the test "
                        "set.",
        "resampled test set": "that is the F1 on a balanced (resampled) test set; score on "
                              "the natural test set, at the prevalence the model will "
                              "meet.",
        "no scaler": "that is the weighted logistic regression without the StandardScaler; "
                     "use standardised_logistic(class_weight='balanced'), which scales the "
                     "columns first.",
        "recall": "that is the buyers' recall; F1 combines it with the precision.",
        "precision": "that is the buyers' precision; F1 combines it with the recall.",
    },
    "check_matched_baseline": {
        "stratified dummy": "that is the stratified dummy's F1, a guess at the prevalence. "
                            "The weighted model calls far more customers buyers; compare "
                            "it with a guess at the model's own rate.",
        "all positive": "that is the F1 of calling everyone a buyer, a useful baseline "
                        "too; the exercise asks for a random guess at the model's rate.",
        "uniform dummy": "that is a guess at rate one half (the uniform dummy); use the "
                         "share the model predicts positive.",
        "training set's rate": "that uses the rate predicted on the training set; use the "
                               "test set's.",
        "majority baseline": "that is the majority baseline (no buyer predicted); the "
                             "exercise asks for a random guess at the model's rate.",
        "training set's prevalence": "that guesses at the test rate but with the training "
                                     "set's prevalence; the guess is scored on the test "
                                     "set, at its prevalence.",
        "the model's F1": "that is the weighted model's own F1; the baseline is a random "
                          "guess that calls the same share of customers buyers.",
        "the rate": "that is the share of test customers the model calls buyers, the "
                    "guess's rate; give that guess's F1.",
    },
    "check_mean_gain": {
        "stratified dummy": "that is the gain over the stratified dummy, which guesses at "
                            "the prevalence: the wrong baseline for a model that predicts "
                            "half the rows positive. Use the uniform dummy.",
        "no baseline": "that is the weighted model's mean F1 alone, without a baseline (or "
                       "minus the unweighted model's, which is 0 on noise); subtract the "
                       "uniform dummy's F1 seed by seed.",
        "unweighted model": "that is the gain over the unweighted model; the exercise "
                            "compares with the uniform dummy, which ignores the features.",
        "sign reversed": "the sign is reversed: weighted model minus dummy.",
        "median": "that is the median; the exercise asks for the mean.",
        # {seed} is the check's to fill; the number of seeds is fixed here
        "one seed": "that is the gain for seed {seed} alone: one seed taken as the truth. "
                    f"Average the gain over all {len(SEEDS)} seeds.",
        "absolute gains": "that averages the gains without their signs; a seed where the "
                          "dummy wins counts against the model.",
        "spread": "that is the standard deviation of the gains; the exercise asks for "
                  "their mean.",
        "a sum": f"that is the sum of the gains over the {len(SEEDS)} seeds; divide by "
                 "their number.",
    },
    "check_share_above": {
        "ties counted": "that counts ties as wins; count the seeds where the weighted "
                        "model's F1 is strictly higher.",
        "dummy's wins": "that is the share of seeds where the dummy wins.",
        "a count": "that is a count of seeds; give their share (a fraction).",
        "stratified dummy": "that is the share of seeds where the model beats the "
                            "stratified dummy, the wrong baseline here; compare with the "
                            "uniform dummy.",
        "one seed": "a share of exactly 0 or 1 is what one seed gives: one seed taken as "
                    f"the truth. Count the wins over all {len(SEEDS)} seeds.",
        "the mean gain": "that is the mean gain; the exercise asks for the share of seeds "
                         "with a positive gain.",
        "a count of losses": "that is the number of seeds the dummy wins; give the share "
                             "of seeds the weighted model wins.",
        "first seeds only": "that is the share over the first ten seeds only (range(10)); "
                            f"count the wins over all {len(SEEDS)} seeds.",
    },
    "check_weight_choice": {
        "balanced": "class_weight='balanced' gives the buyers the inverse of their share, "
                    "the weight that balanced accuracy wants of a calibrated model.",
        "below one": "{answer:g}: below 1 the buyers count less than the non-buyers and the "
                     "model leans further towards 'no purchase'.",
        "too small": "{answer:g} is far below {inverse:.1f}, the inverse of the buyers' "
                     "share: the model still predicts few buyers and balanced accuracy "
                     "stays near the baseline's 0.5.",
        "defensible": "{answer:g} is within a factor of two of {inverse:.1f}, the inverse of "
                      "the buyers' share: the implied threshold sits near the prevalence, "
                      "where balanced accuracy peaks; less weight trades recall for "
                      "specificity, more the reverse.",
        "too large": "{answer:g} is far above {inverse:.1f}: nearly every customer is "
                     "predicted a buyer, recall nears 1 and specificity collapses.",
        "none": "None is the unweighted model: it predicts few buyers, and balanced "
                "accuracy stays near the baseline's 0.5.",
    },
}


@functools.cache
def _caravan_split():
    return caravan_split()


@functools.cache
def _fitted(class_weight="balanced"):
    X_train, _, y_train, _ = _caravan_split()
    model = standardised_logistic(class_weight=class_weight)
    with threadpool_limits(1):
        return model.fit(X_train, y_train)


@functools.cache
def _unscaled():
    """Return the weighted logistic regression fitted without its scaler (a mistake)."""
    X_train, _, y_train, _ = _caravan_split()
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return LogisticRegression(max_iter=1000, class_weight="balanced").fit(X_train,
                                                                              y_train)


def _distinct(expected, mistakes):
    """Drop the mistakes whose value cannot be told apart from the right answer."""
    return [(value, hint) for value, hint in mistakes
            if not np.isclose(value, expected, rtol=1e-6, atol=1e-12)]


def check_weighted_f1(answer):
    """Exercise 5.1: buyers' F1 of the weighted logistic regression on the test set.

    Parameters
    ----------
    answer : object
        The learner's ``weighted_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X_train, X_test, y_train, y_test = _caravan_split()
    model = _fitted("balanced")
    y_pred = model.predict(X_test)
    expected = f1_score(y_test, y_pred)
    X_balanced, y_balanced = RandomUnderSampler(random_state=RANDOM_STATE).fit_resample(
        X_test, y_test)
    hints = HINTS["check_weighted_f1"]
    mistakes = [
        (f1_score(y_test, _fitted(None).predict(X_test)), hints["no weights"]),
        (f1_score(y_test, y_pred, pos_label=0), hints["class 0"]),
        (f1_score(y_train, model.predict(X_train)), hints["training set"]),
        (f1_score(y_balanced, model.predict(X_balanced)), hints["resampled test set"]),
        (f1_score(y_test, _unscaled().predict(X_test)), hints["no scaler"]),
        (recall_score(y_test, y_pred), hints["recall"]),
        (precision_score(y_test, y_pred, zero_division=0), hints["precision"]),
    ]
    return check_number(answer, expected, what="the weighted model's F1 of the buyers",
                        mistakes=_distinct(expected, mistakes), bounds=UNIT)


def check_matched_baseline(answer):
    """Exercise 5.1: F1 of a random guess at the weighted model's own rate.

    Parameters
    ----------
    answer : object
        The learner's ``matched_f1``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    X_train, X_test, y_train, y_test = _caravan_split()
    model = _fitted("balanced")
    pi = float(np.mean(y_test))
    rate = float(np.mean(model.predict(X_test) == 1))
    expected = float(trivial_scores(pi, rate=rate).loc["random", "f1"])
    rate_train = float(np.mean(model.predict(X_train) == 1))
    scores = trivial_scores(pi)
    hints = HINTS["check_matched_baseline"]
    mistakes = [
        (float(scores.loc["random", "f1"]), hints["stratified dummy"]),
        (float(scores.loc["all positive", "f1"]), hints["all positive"]),
        (float(trivial_scores(pi, rate=0.5).loc["random", "f1"]), hints["uniform dummy"]),
        (float(trivial_scores(pi, rate=rate_train).loc["random", "f1"]),
         hints["training set's rate"]),
        (0.0, hints["majority baseline"]),
        (float(trivial_scores(float(np.mean(y_train)), rate=rate).loc["random", "f1"]),
         hints["training set's prevalence"]),
        (f1_score(y_test, model.predict(X_test)), hints["the model's F1"]),
        (rate, hints["the rate"]),
    ]
    return check_number(answer, expected, what="the F1 of a guess at the model's rate",
                        mistakes=_distinct(expected, mistakes), bounds=UNIT)


@functools.cache
def _seed_gains():
    """Per seed: the weighted model's class-1 F1 minus each comparison's."""
    weighted_name = "class_weight='balanced'"
    rows = []
    for seed in SEEDS:
        X, y = make_example_data("class weights", seed)
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=TEST_SIZE, random_state=seed)
        models = make_example_models("class weights", seed)
        models.update(make_baselines(seed))
        f1 = {name: f1_score(y_test, model.fit(X_train, y_train).predict(X_test),
                             zero_division=0)
              for name, model in models.items()}
        rows.append({name: f1[weighted_name] - value for name, value in f1.items()}
                    | {"weighted": f1[weighted_name]})
    return rows


def _gains(name):
    return np.array([row[name] for row in _seed_gains()])


def check_mean_gain(answer):
    """Exercise 5.2: mean gain in class-1 F1 of the weighted model over the uniform dummy.

    Parameters
    ----------
    answer : object
        The learner's ``mean_gain``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    gains = _gains("uniform dummy")
    expected = float(gains.mean())
    hints = HINTS["check_mean_gain"]
    mistakes = [
        (float(_gains("stratified dummy").mean()), hints["stratified dummy"]),
        (float(_gains("weighted").mean()), hints["no baseline"]),
        (float(_gains("no weights").mean()), hints["unweighted model"]),
        (float(-gains.mean()), hints["sign reversed"]),
        (float(np.median(gains)), hints["median"]),
        (float(np.abs(gains).mean()), hints["absolute gains"]),
        (float(gains.std()), hints["spread"]),
        (float(gains.std(ddof=1)), hints["spread"]),
        (float(gains.sum()), hints["a sum"]),
    ]
    for seed in (0, ARTICLE_SEED):
        if seed in SEEDS:
            mistakes.append((float(gains[SEEDS.index(seed)]),
                             hints["one seed"].format(seed=seed)))
    return check_number(answer, expected, what="the mean gain over the uniform dummy",
                        mistakes=_distinct(expected, mistakes))


def check_share_above(answer):
    """Exercise 5.2: share of seeds where the weighted model beats the uniform dummy.

    Parameters
    ----------
    answer : object
        The learner's ``share_above``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    gains = _gains("uniform dummy")
    expected = float(np.mean(gains > 0))
    hints = HINTS["check_share_above"]
    mistakes = [
        (float(np.mean(gains >= 0)), hints["ties counted"]),
        (float(np.mean(gains < 0)), hints["dummy's wins"]),
        (float(np.sum(gains > 0)), hints["a count"]),
        (float(np.mean(_gains("stratified dummy") > 0)), hints["stratified dummy"]),
        (0.0, hints["one seed"]),
        (1.0, hints["one seed"]),
        (float(gains.mean()), hints["the mean gain"]),
        (float(np.sum(gains < 0)), hints["a count of losses"]),
        (float(np.mean(gains[:10] > 0)), hints["first seeds only"]),
    ]
    return check_number(answer, expected, what="the share of seeds the weighted model wins",
                        mistakes=_distinct(expected, mistakes), bounds=UNIT)


def _weight_ranges(answer):
    """Return the ranges of the buyers' weight, each hint filled for ``answer``."""
    _, _, y_train, _ = _caravan_split()
    pi = float(np.mean(y_train == 1))
    inverse = (1 - pi) / pi
    hints = HINTS["check_weight_choice"]
    fill = {"answer": answer, "inverse": inverse}
    return [(0.0, float(np.nextafter(1.0, 0.0)), False, hints["below one"].format(**fill)),
            (1.0, inverse / 2, False, hints["too small"].format(**fill)),
            (inverse / 2, 2 * inverse, True, hints["defensible"].format(**fill)),
            (2 * inverse, float("inf"), False, hints["too large"].format(**fill))]


@never_raises
def check_weight_choice(answer):
    """Exercise 5.3: the buyers' class weight for balanced accuracy (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``weight``: a number (the non-buyers weigh 1), or
        ``"balanced"`` or ``"none"``.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_weight_choice"]
    value, _ = as_number(answer)
    return check_choice(answer, what="the buyers' weight",
                        accepted={"balanced": hints["balanced"]},
                        rejected={"none": hints["none"]},
                        ranges=_weight_ranges(value if value is not None else 0.0))
