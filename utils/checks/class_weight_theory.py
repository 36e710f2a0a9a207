"""Self-checks for the exercises of chapter 7, class-weighting theory.

The expected answers come from :mod:`utils.theory`, with the prevalences and curve
exponents the exercises set (they are module constants here, and the solutions
assert that the checks accept their worked answers, so the two cannot drift apart).

- Exercise 7.1: the balanced-accuracy-optimal weight at prevalence 0.04, in closed
  form and by a grid search for three curves. Typical mistakes: the ratio inverted,
  one over the prevalence, the F1 optimum, an answer that depends on ``p``.
- Exercise 7.2: the F1-optimal weight at prevalence 0.02 and ``p = 3`` under the
  post's mapping and under the calibrated one. Typical mistakes: the mappings
  swapped, the small-prevalence approximation ``p / (p - 1)`` (for either), the
  balanced-accuracy optimum, ``2 / F*`` without the ``- 1``, the threshold
  ``F* / 2`` instead of the weight.
- Exercise 7.3: the factor by which each optimal weight changes when the
  prevalence doubles from 0.01 to 0.02 at ``p = 2``. Typical mistakes: assuming it
  doubles, assuming no change, exact halving, the ratio upside down, the other
  mapping's ratio.
"""

import numpy as np

from utils import theory
from utils.checks import (
    as_number,
    check_choice,
    check_number,
    describe,
    never_raises,
    not_answered,
    report,
    unanswered,
)

#: Exercise 7.1: prevalence and the curves of the grid search.
BA_PREVALENCE = 0.04
BA_P_VALUES = (1.5, 3.0, 10.0)
#: Relative tolerance of a grid-search answer (the exercise's grid steps by 0.23 %).
GRID_RTOL = 0.01
#: Exercise 7.2: prevalence and curve exponent.
F1_PREVALENCE = 0.02
F1_P = 3.0
#: Relative tolerance of a numerically optimised weight.
OPT_RTOL = 1e-3
#: Exercise 7.3: the prevalence before and after doubling, and the curve exponent.
DOUBLING_PREVALENCES = (0.01, 0.02)
DOUBLING_P = 2.0

_BA_P_LIST = ", ".join(f"{p:g}" for p in BA_P_VALUES)
_BALANCED_ACCURACY_OPTIMUM = ("that is the balanced-accuracy optimum (1 − π) / π; F1 is "
                              "maximised elsewhere.")
#: The hints of the three ratio checks of exercise 7.3 have these two in common.
_DOUBLING = {
    "doubles": "the weight does not double with the prevalence: a rarer class needs the "
               "larger weight, not a commoner one.",
    "ratio upside down": "that is the old weight divided by the new one; divide the weight "
                         "at π = 0.02 by the weight at π = 0.01.",
    "difference": "that is the new weight minus the old one; give their ratio, the weight "
                  "at π = 0.02 divided by the weight at π = 0.01.",
    "relative change": "that is the relative change, the ratio minus 1; give the ratio "
                       "itself.",
    "threshold ratio": "that is the ratio of the thresholds 1 / (1 + α) the two weights "
                       "imply; give the ratio of the weights.",
}
#: Each check's hints, by mistake (the convention is in :mod:`utils.checks`).
HINTS = {
    "check_alpha_ba": {
        "ratio upside down": "that is π / (1 − π), the ratio upside down: the positives "
                             "are the rare class, so their weight must be larger than 1. "
                             "Divide the share of negatives by the share of positives.",
        "one over the prevalence": "that is 1 / π, one over the prevalence. The weight is "
                                   "relative to the negatives, whose weight is 1: divide "
                                   "the share of negatives, 1 − π, by the share of "
                                   "positives, π.",
        "the prevalence": "that is the prevalence itself; the weight is the ratio of the "
                          "negatives' share to the positives' share.",
        "F1 optimum": "that is the F1-optimal weight under {mapping} mapping at p = {p:g}, "
                      "not the balanced-accuracy one. Balanced accuracy (x + z) / 2 is "
                      "largest where x = z.",
        "negatives' share": "that is 1 − π, the negatives' share; divide it by the "
                            "positives' share π.",
        "scikit-learn's positive weight": "that is scikit-learn's 'balanced' weight of the "
                                          "positives, 1 / (2π); relative to the negatives' "
                                          "weight, 1 / (2(1 − π)), it is (1 − π) / π.",
        "scikit-learn's negative weight": "that is scikit-learn's 'balanced' weight of the "
                                          "negatives, 1 / (2(1 − π)); the answer is the "
                                          "positives' weight relative to it.",
    },
    "check_alpha_ba_by_p": {
        "not three numbers": "expected three numbers, one per value of p (" + _BA_P_LIST
                             + "), got {answer}.",
        "NaN": "the answer contains NaN; each entry is a weight.",
        "ratio upside down": "these are about π / (1 − π), below 1: the grid should run "
                             "from weights above 1, and the optimum is (1 − π) / π.",
        "one over the prevalence": "these are 1 / π, not grid-search optima: search the "
                                   "grid, and compare with (1 − π) / π.",
        "F1 optima": "these are the F1 optima under {mapping} mapping; compute "
                     "expected_balanced_accuracy, not expected_f1.",
        "optima differ": "your three optima differ, but the balanced-accuracy optimum "
                         "does not depend on p: check that each search maximises expected "
                         "balanced accuracy (argmax, not argmin) over the whole grid.",
        "not the peak": "{value:.4g} is not where expected balanced accuracy peaks; take "
                        "the weight at the argmax of the scores along the grid.",
        "a dict": "give a list of the three weights in the order p = " + _BA_P_LIST
                  + ", not a dict.",
        "balanced accuracies": "these look like balanced accuracies, the heights of the "
                               "peaks; give the weights at which they peak.",
        "thresholds": "these are thresholds 1 / (1 + α), about π; give the weights α.",
    },
    "check_alpha_f1_post": {
        "other mapping": "that is the calibrated mapping's optimum; this answer is for the "
                         "post's mapping (mapping='bce').",
        "small-prevalence limit": "p / (p − 1) is the post's optimum only in the limit of "
                                  "a tiny prevalence; at π = 0.02 the exact optimum "
                                  "differs by about half a percent. Optimise expected_f1 "
                                  "numerically.",
        "balanced-accuracy optimum": _BALANCED_ACCURACY_OPTIMUM,
        "unweighted": "α = 1 is unweighted training; under the post's mapping the F1 "
                      "optimum is somewhat above it.",
        "the threshold": "that is the threshold 1 / (1 + α) the weight implies; give the "
                         "weight α itself.",
        "inverted": "that is 1 / α, the negatives' weight relative to the positives'; the "
                    "positives' weight is the larger.",
        "the exponent": "that is the curve's exponent p; the weight is where expected F1 "
                        "peaks for that p.",
    },
    "check_alpha_f1_calibrated": {
        "other mapping": "that is the post's mapping's optimum; this answer is for the "
                         "calibrated mapping (mapping='calibrated').",
        "small-prevalence limit": "p / (p − 1) approximates the optimum of the post's "
                                  "mapping, not of the calibrated one, which is "
                                  "2 / F* − 1.",
        "balanced-accuracy optimum": _BALANCED_ACCURACY_OPTIMUM,
        "2 / F*": "that is 2 / F*; the weight is 2 / F* − 1 (the threshold 1 / (1 + α) "
                  "equals F* / 2).",
        "the threshold": "that is F* / 2, the F1-optimal *threshold*; the weight that puts "
                         "the threshold there solves 1 / (1 + α) = F* / 2.",
        "the best F1": "that is F*, the best F1 itself, not the weight that reaches it.",
        "plus one": "that is 2 / F* + 1; the weight that puts the threshold 1 / (1 + α) "
                    "at F* / 2 is 2 / F* − 1.",
        "inverted": "that is 1 / α, the negatives' weight relative to the positives'; the "
                    "positives' weight is the larger.",
        "the exponent": "that is the curve's exponent p; the weight is where expected F1 "
                        "peaks for that p.",
    },
    "check_ratio_ba": _DOUBLING | {
        "no change": "the balanced-accuracy weight (1 − π) / π depends on π alone, so it "
                     "does change: compute it at both prevalences.",
        "halves": "almost: it roughly halves, but (1 − 2π) / (2π) is not exactly half of "
                  "(1 − π) / π. Give the exact ratio.",
    },
    "check_ratio_f1_post": _DOUBLING | {
        "balanced-accuracy ratio": "that is the balanced-accuracy weight's ratio; this one "
                                   "is for the F1 optimum.",
        "other mapping": "that is the calibrated mapping's ratio; this one is for the "
                         "post's mapping.",
        "no change": "nearly: the post's F1 optimum stays close to p / (p − 1), but it does "
                     "move a little with π. Give the exact ratio of the two optima.",
    },
    "check_ratio_f1_calibrated": _DOUBLING | {
        "balanced-accuracy ratio": "that is the balanced-accuracy weight's ratio; the "
                                   "calibrated F1 weight 2 / F* − 1 changes through F*, "
                                   "which does not simply double.",
        "other mapping": "that is the post's mapping's ratio; this one is for the "
                         "calibrated mapping.",
        "no change": "the calibrated F1 weight 2 / F* − 1 changes, because the best F1, F*, "
                     "rises with the prevalence.",
        "halves": "it does not halve: the calibrated weight 2 / F* − 1 changes through F*, "
                  "not in proportion to π.",
    },
    "check_f1_method": {
        "tune the threshold": "with a calibrated model the F1-optimal threshold is half the "
                              "best F1; tuning it on validation folds gets there without "
                              "refitting, but needs held-out rows.",
        "tune the weight": "a weight chosen by cross-validation moves the implied threshold "
                           "to the F1 optimum; each candidate weight is a refit.",
        "inverse proportion": "the inverse-proportion weight is the balanced-accuracy "
                              "optimum: for F1 it predicts far too many positives.",
        "unweighted": "for a calibrated, weak classifier the F1 optimum is far from "
                             "weight 1 and threshold 0.5: it finds almost no positives.",
    },
}


def _alpha(p, prevalence, metric, mapping="bce"):
    return float(theory.optimal_alpha(p, prevalence, metric, mapping))


def check_alpha_ba(answer):
    """Exercise 7.1: the weight that maximises expected balanced accuracy at π = 0.04.

    Parameters
    ----------
    answer : object
        The learner's ``alpha_ba``, a number.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    pi = BA_PREVALENCE
    expected = (1 - pi) / pi
    hints = HINTS["check_alpha_ba"]
    mistakes = [
        (pi / (1 - pi), hints["ratio upside down"]),
        (1 / pi, hints["one over the prevalence"]),
        (pi, hints["the prevalence"]),
        (1 - pi, hints["negatives' share"]),
        (1 / (2 * pi), hints["scikit-learn's positive weight"]),
        (1 / (2 * (1 - pi)), hints["scikit-learn's negative weight"]),
    ]
    for p in BA_P_VALUES:
        for mapping, name in (("bce", "the post's"), ("calibrated", "the calibrated")):
            mistakes.append((_alpha(p, pi, "f1", mapping),
                             hints["F1 optimum"].format(mapping=name, p=p)))
    return check_number(answer, expected, what="the balanced-accuracy-optimal weight",
                        mistakes=mistakes, rtol=1e-4, nearby=0.0)


@never_raises
def check_alpha_ba_by_p(answer):
    """Exercise 7.1: grid-search optima of expected balanced accuracy for three curves.

    Parameters
    ----------
    answer : object
        The learner's ``alpha_ba_by_p``: three numbers, for p = 1.5, 3 and 10 in that
        order (a list, tuple, array or Series).

    Returns
    -------
    bool
        Whether each is within 1 % of the optimum; a hint is printed either way.
    """
    if unanswered(answer):
        return not_answered()
    hints = HINTS["check_alpha_ba_by_p"]
    if isinstance(answer, dict):
        return report(False, hints["a dict"])
    if isinstance(answer, (str, bytes)) or np.ndim(answer) == 0:
        value, hint = as_number(answer)
        got = describe(answer) if hint else f"the single number {value:g}"
        return report(False, hints["not three numbers"].format(answer=got))
    values = np.asarray(answer, dtype=object).ravel()
    if values.size != len(BA_P_VALUES):
        return report(False, hints["not three numbers"].format(answer=values.size))
    numbers = []
    for v in values:
        value, hint = as_number(v)
        if hint:
            return report(False, hint)
        numbers.append(value)
    numbers = np.array(numbers)
    pi = BA_PREVALENCE
    expected = (1 - pi) / pi
    if np.isnan(numbers).any():
        return report(False, hints["NaN"])
    if np.allclose(numbers, expected, rtol=GRID_RTOL):
        return report(True, f"all three searches peak at about {expected:g}, whatever p: "
                      "the balanced-accuracy optimum does not depend on the curve.")
    if np.allclose(numbers, pi / (1 - pi), rtol=GRID_RTOL):
        return report(False, hints["ratio upside down"])
    if np.allclose(numbers, 1 / pi, rtol=GRID_RTOL / 10):
        return report(False, hints["one over the prevalence"])
    if np.allclose(numbers, 1 / (1 + expected), rtol=GRID_RTOL):
        return report(False, hints["thresholds"])
    if ((numbers > 0.5) & (numbers < 1)).all():
        return report(False, hints["balanced accuracies"])
    for mapping, name in (("bce", "the post's"), ("calibrated", "the calibrated")):
        f1_optima = [_alpha(p, pi, "f1", mapping) for p in BA_P_VALUES]
        if np.allclose(numbers, f1_optima, rtol=GRID_RTOL):
            return report(False, hints["F1 optima"].format(mapping=name))
    if np.ptp(numbers) > GRID_RTOL * np.abs(numbers).max():
        return report(False, hints["optima differ"])
    return report(False, hints["not the peak"].format(value=numbers[0]))


def check_alpha_f1_post(answer):
    """Exercise 7.2: the F1-optimal weight under the post's mapping, π = 0.02, p = 3.

    Parameters
    ----------
    answer : object
        The learner's ``alpha_f1_post``.

    Returns
    -------
    bool
        Whether it is within 0.1 %; a hint is printed either way.
    """
    p, pi = F1_P, F1_PREVALENCE
    expected = _alpha(p, pi, "f1", "bce")
    hints = HINTS["check_alpha_f1_post"]
    mistakes = [
        (_alpha(p, pi, "f1", "calibrated"), hints["other mapping"]),
        (p / (p - 1), hints["small-prevalence limit"]),
        ((1 - pi) / pi, hints["balanced-accuracy optimum"]),
        (1.0, hints["unweighted"]),
        (1 / (1 + expected), hints["the threshold"]),
        (1 / expected, hints["inverted"]),
        (p, hints["the exponent"]),
    ]
    return check_number(answer, expected, what="the F1-optimal weight under the post's "
                        "mapping", mistakes=mistakes, rtol=OPT_RTOL, nearby=0.0)


def check_alpha_f1_calibrated(answer):
    """Exercise 7.2: the F1-optimal weight under the calibrated mapping, π = 0.02, p = 3.

    Parameters
    ----------
    answer : object
        The learner's ``alpha_f1_calibrated``.

    Returns
    -------
    bool
        Whether it is within 0.1 %; a hint is printed either way.
    """
    p, pi = F1_P, F1_PREVALENCE
    expected = _alpha(p, pi, "f1", "calibrated")
    f_star = float(theory.best_f1(p, pi))
    hints = HINTS["check_alpha_f1_calibrated"]
    mistakes = [
        (_alpha(p, pi, "f1", "bce"), hints["other mapping"]),
        (p / (p - 1), hints["small-prevalence limit"]),
        ((1 - pi) / pi, hints["balanced-accuracy optimum"]),
        (2 / f_star, hints["2 / F*"]),
        (f_star / 2, hints["the threshold"]),
        (f_star, hints["the best F1"]),
        (2 / f_star + 1, hints["plus one"]),
        (1 / expected, hints["inverted"]),
        (p, hints["the exponent"]),
    ]
    return check_number(answer, expected, what="the F1-optimal weight under the "
                        "calibrated mapping", mistakes=mistakes, rtol=OPT_RTOL, nearby=0.0)


def _doubling_ratio(metric, mapping="bce"):
    before, after = (_alpha(DOUBLING_P, pi, metric, mapping) for pi in DOUBLING_PREVALENCES)
    return after / before


def _doubling_mistakes(hints, expected, metric, mapping="bce"):
    """Return the mistakes the three ratio checks share, with their hints."""
    before, after = (_alpha(DOUBLING_P, pi, metric, mapping) for pi in DOUBLING_PREVALENCES)
    return [(2.0, hints["doubles"]), (1 / expected, hints["ratio upside down"]),
            (after - before, hints["difference"]), (expected - 1, hints["relative change"]),
            ((1 + before) / (1 + after), hints["threshold ratio"])]


def check_ratio_ba(answer):
    """Exercise 7.3: factor by which α*_BA changes when π doubles from 0.01 to 0.02.

    Parameters
    ----------
    answer : object
        The learner's ``ratio_ba``: the weight after doubling divided by the weight before.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    expected = _doubling_ratio("balanced_accuracy")
    hints = HINTS["check_ratio_ba"]
    mistakes = _doubling_mistakes(hints, expected, "balanced_accuracy") + [
        (1.0, hints["no change"]),
        (0.5, hints["halves"]),
    ]
    return check_number(answer, expected, what="the ratio of the balanced-accuracy "
                        "weights", mistakes=mistakes, rtol=1e-4, nearby=0.0)


def check_ratio_f1_post(answer):
    """Exercise 7.3: factor by which α*_F1 (post's mapping, p = 2) changes when π doubles.

    Parameters
    ----------
    answer : object
        The learner's ``ratio_f1_post``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    expected = _doubling_ratio("f1", "bce")
    hints = HINTS["check_ratio_f1_post"]
    mistakes = _doubling_mistakes(hints, expected, "f1", "bce") + [
        (_doubling_ratio("balanced_accuracy"), hints["balanced-accuracy ratio"]),
        (_doubling_ratio("f1", "calibrated"), hints["other mapping"]),
        (1.0, hints["no change"]),
    ]
    return check_number(answer, expected, what="the ratio of the post's F1-optimal weights",
                        mistakes=mistakes, rtol=1e-4, nearby=0.0)


def check_ratio_f1_calibrated(answer):
    """Exercise 7.3: factor by which α*_F1 (calibrated, p = 2) changes when π doubles.

    Parameters
    ----------
    answer : object
        The learner's ``ratio_f1_calibrated``.

    Returns
    -------
    bool
        Whether it is right; a hint is printed either way.
    """
    expected = _doubling_ratio("f1", "calibrated")
    hints = HINTS["check_ratio_f1_calibrated"]
    mistakes = _doubling_mistakes(hints, expected, "f1", "calibrated") + [
        (_doubling_ratio("balanced_accuracy"), hints["balanced-accuracy ratio"]),
        (_doubling_ratio("f1", "bce"), hints["other mapping"]),
        (1.0, hints["no change"]),
        (0.5, hints["halves"]),
    ]
    return check_number(answer, expected, what="the ratio of the calibrated F1-optimal "
                        "weights", mistakes=mistakes, rtol=1e-4, nearby=0.0)


@never_raises
def check_f1_method(answer):
    """Exercise 7.4: how to reach the best F1 with a calibrated model (a decision).

    Parameters
    ----------
    answer : object
        The learner's ``method``, by name.

    Returns
    -------
    bool
        Whether the choice is defensible; its trade-off (or why it fails) is printed.
    """
    hints = HINTS["check_f1_method"]
    good = ("tune the threshold", "tune the weight")
    return check_choice(answer, what="the way to the best F1",
                        accepted={name: hints[name] for name in good},
                        rejected={name: hint for name, hint in hints.items() if name not in good},
                        aliases={"threshold": "tune the threshold",
                                 "tuned threshold": "tune the threshold",
                                 "tuned weight": "tune the weight", "weight": "tune the weight",
                                 "balanced": "inverse proportion",
                                 "inverse proportion weight": "inverse proportion",
                                 "unweighted at 0 5": "unweighted",
                                 "no weight": "unweighted"})
