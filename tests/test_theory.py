"""Tests of utils.theory: closed forms, numeric optima, monotonicity, limits, bad input."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from sklearn.metrics import f1_score

from utils import theory as th


def _tpr(alpha, p, prevalence, mapping="bce"):
    return th.landing_point(alpha, p, prevalence, mapping)[0]

PI = 0.01
PS = np.array([1.2, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0])
ALPHAS = np.logspace(-2, 4, 61)


# ---------------------------------------------------------------------------------------------
# The curve
# ---------------------------------------------------------------------------------------------


def test_curve_endpoints_and_symmetry():
    p = PS[:, None]
    assert np.all(th.tradeoff_curve(0.0, p) == 1.0)
    assert np.all(th.tradeoff_curve(1.0, p) == 0.0)
    x = np.linspace(0, 1, 101)
    z = th.tradeoff_curve(x, p)
    np.testing.assert_allclose(x**p + z**p, 1.0, rtol=1e-12)
    # x**p + z**p = 1 is symmetric in x and z (checked where z is not rounded to 1).
    inner = np.linspace(0.3, 0.95, 14)
    np.testing.assert_allclose(th.tradeoff_curve(th.tradeoff_curve(inner, p), p),
                               inner + 0 * p, rtol=1e-6)
    np.testing.assert_allclose(th.tradeoff_curve(x, 1), 1 - x, atol=1e-15)


def test_curve_decreasing_and_improving_with_p():
    x = np.linspace(0.01, 0.99, 99)
    z = th.tradeoff_curve(x, PS[:, None])
    # For large p and small x, z rounds to exactly 1: monotone, strictly where z < 1.
    assert np.all(np.diff(z, axis=1) <= 0)
    assert np.all(np.diff(z, axis=1)[z[:, 1:] < 1 - 1e-12] < 0)
    assert np.all(np.diff(z, axis=0) >= 0)  # larger p, better trade-off
    assert np.all(np.diff(z[:, 40:], axis=0) > 0)


def test_scalar_in_scalar_out():
    z = th.tradeoff_curve(0.5, 2)
    assert np.ndim(z) == 0 and isinstance(z, np.floating)
    x, z = th.landing_point(3.0, 2.0, PI)
    assert np.ndim(x) == 0 and np.ndim(z) == 0


def test_curve_exponent_recovers_p():
    x = np.array([0.5, 0.7, 0.9])[:, None]
    z = th.tradeoff_curve(x, PS)
    np.testing.assert_allclose(th.curve_exponent(x, z), PS + 0 * x, rtol=1e-8)
    assert th.curve_exponent(0.6, 0.4) == pytest.approx(1.0, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# Landing points
# ---------------------------------------------------------------------------------------------


def test_bce_mapping_matches_the_posts_formula():
    a, p, pi = ALPHAS[:, None, None], PS[None, :, None], np.array([0.001, 0.01, 0.2])
    x = _tpr(a, p, pi, "bce")
    assert x.shape == (ALPHAS.size, PS.size, 3)
    np.testing.assert_allclose(x, (a * pi / (a * pi - pi + 1)) ** (1 / p), rtol=1e-12)


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_landing_points_lie_on_the_curve(mapping):
    x, z = th.landing_point(ALPHAS[:, None], PS, PI, mapping)
    np.testing.assert_allclose(z, th.tradeoff_curve(x, PS), rtol=1e-10, atol=1e-14)


def test_calibrated_mapping_slope_condition():
    a, p = ALPHAS[:, None], PS
    x, z = th.landing_point(a, p, PI, "calibrated")
    np.testing.assert_allclose((x / z) ** (p - 1), a * PI / (1 - PI) + 0 * p, rtol=1e-10)


@pytest.mark.parametrize("alpha", [0.3, 1.0, 4.0, 99.0, 316.0])
@pytest.mark.parametrize("p", [1.5, 3.0, 20.0])
def test_calibrated_mapping_minimises_expected_weighted_cost(alpha, p):
    # Brute force: maximise pi*alpha*x + (1 - pi)*z over the curve.
    def neg_gain(x):
        return -(PI * alpha * x + (1 - PI) * th.tradeoff_curve(x, p))

    res = minimize_scalar(neg_gain, bounds=(0, 1), method="bounded",
                          options={"xatol": 1e-12})
    assert _tpr(alpha, p, PI, "calibrated") == pytest.approx(res.x, abs=1e-6)


@pytest.mark.parametrize("alpha", [0.3, 1.0, 4.0, 99.0, 316.0])
@pytest.mark.parametrize("p", [1.0, 1.5, 3.0, 20.0])
def test_bce_mapping_minimises_the_posts_expected_loss(alpha, p):
    # The post's loss with x and z standing in for the predicted probabilities.
    def loss(x):
        return -(alpha * PI * np.log(x) + (1 - PI) * np.log(th.tradeoff_curve(x, p)))

    res = minimize_scalar(loss, bounds=(1e-12, 1 - 1e-12), method="bounded",
                          options={"xatol": 1e-12})
    assert _tpr(alpha, p, PI, "bce") == pytest.approx(res.x, abs=1e-6)


def test_bce_mapping_is_defined_at_p_equal_1():
    # At p = 1 the loss -(a pi log x + (1 - pi) log(1 - x)) still has an interior minimum.
    a = ALPHAS
    np.testing.assert_allclose(_tpr(a, 1.0, PI, "bce"), a * PI / (a * PI + 1 - PI))


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_x_increases_and_z_decreases_with_alpha(mapping):
    x, z = th.landing_point(ALPHAS[:, None], PS, PI, mapping)
    assert np.all(np.diff(x, axis=0) > 0)
    # z rounds to exactly 1 for tiny weights: monotone, strictly where z < 1.
    assert np.all(np.diff(z, axis=0) <= 0)
    assert np.all(np.diff(z, axis=0)[z[1:] < 1 - 1e-12] < 0)


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_limits_in_alpha(mapping):
    x_small, z_small = th.landing_point(1e-12, 3.0, PI, mapping)
    x_big, z_big = th.landing_point(1e12, 3.0, PI, mapping)
    assert x_small < 1e-3 and z_small > 1 - 1e-9
    assert x_big > 1 - 1e-9 and z_big < 1e-3


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_inverse_odds_weight_lands_on_the_diagonal(mapping):
    # alpha = (1 - pi) / pi makes the weighted odds 1, hence x = z under both mappings.
    x, z = th.landing_point((1 - PI) / PI, PS, PI, mapping)
    np.testing.assert_allclose(x, z, rtol=1e-12)
    np.testing.assert_allclose(x, 2 ** (-1 / PS), rtol=1e-12)


def test_mappings_are_reparametrisations_of_each_other():
    # (x/z)^p = r under bce and (x/z)^(p-1) = r under calibrated: same point when
    # r_bce = r_cal^(p / (p - 1)).
    p = 3.0
    a_cal = ALPHAS
    odds = (1 - PI) / PI
    a_bce = odds * (a_cal / odds) ** (p / (p - 1))
    np.testing.assert_allclose(_tpr(a_bce, p, PI, "bce"),
                               _tpr(a_cal, p, PI, "calibrated"), rtol=1e-10)


# ---------------------------------------------------------------------------------------------
# Expected scores
# ---------------------------------------------------------------------------------------------


def test_expected_scores_agree_with_scikit_learn_on_exact_counts():
    # 100 000 examples at pi = 0.01, x = 0.6, z = 0.95: TP = 600, FN = 400, FP = 4950.
    y_true = np.r_[np.ones(1000), np.zeros(99_000)]
    y_pred = np.r_[np.ones(600), np.zeros(400), np.ones(4950), np.zeros(99_000 - 4950)]
    assert th._f1_at(0.6, 0.95, PI) == pytest.approx(f1_score(y_true, y_pred), rel=1e-12)


def test_posts_worked_example():
    # 10 positives all found, 40 of 990 negatives flagged: BA ~ 0.98, F1 = 1/3.
    x, z = 1.0, 950 / 990
    assert th._f1_at(x, z, 10 / 1000) == pytest.approx(1 / 3)
    assert th._f1_at(0.0, 1.0, PI) == 0.0  # nothing predicted positive


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_expected_scores_broadcast_and_are_consistent(mapping):
    a, p, pi = ALPHAS[:, None, None], PS[None, :, None], np.array([0.01, 0.1])
    s = th.expected_scores(a, p, pi, mapping)
    for key in ("x", "z", "precision", "recall", "f1", "balanced_accuracy"):
        assert s[key].shape == (ALPHAS.size, PS.size, 2)
    x, z = s["x"], s["z"]
    prec = s["precision"]
    np.testing.assert_allclose(s["f1"], 2 * prec * x / (prec + x), rtol=1e-12)
    np.testing.assert_allclose(th.expected_f1(a, p, pi, mapping), s["f1"])
    # Where z rounds to 1 the scores keep their precision through log z; 1 - z does not.
    away = z < 1 - 1e-6
    np.testing.assert_allclose(prec[away], (pi * x / (pi * x + (1 - pi) * (1 - z)))[away],
                               rtol=1e-6)
    np.testing.assert_allclose(th.expected_balanced_accuracy(a, p, pi, mapping), (x + z) / 2)
    # Precision falls (it is exactly 1 while z rounds to 1) and recall rises with the weight.
    assert np.all(np.diff(prec, axis=0) <= 0) and np.all(np.diff(x, axis=0) >= 0)
    assert np.all(np.diff(x, axis=0)[x[1:] < 1 - 1e-12] > 0)
    assert np.all(np.diff(prec, axis=0)[prec[1:] < 1 - 1e-12] < 0)


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_f1_is_unimodal_in_alpha(mapping):
    alphas = np.logspace(-3, 5, 2001)
    f1 = th.expected_f1(alphas[:, None], PS, PI, mapping)
    for j in range(PS.size):
        peak = np.argmax(f1[:, j])
        assert np.all(np.diff(f1[: peak + 1, j]) >= 0)
        assert np.all(np.diff(f1[peak:, j]) <= 0)


# ---------------------------------------------------------------------------------------------
# Optima
# ---------------------------------------------------------------------------------------------


def test_best_f1_closed_form_matches_numeric_and_brute_force():
    pis = np.array([0.001, 0.01, 0.1, 0.3])
    closed = th.best_f1(PS[:, None], pis)
    numeric = th.best_f1(PS[:, None], pis, method="numeric")
    np.testing.assert_allclose(closed, numeric, rtol=1e-10)
    x = np.linspace(0, 1, 200_001)[:, None, None]
    brute = th._f1_at(x, th.tradeoff_curve(x, PS[:, None]), pis).max(axis=0)
    np.testing.assert_allclose(closed, brute, rtol=1e-8)
    assert np.all(closed >= brute)


def test_f1_optimal_point_closed_form():
    x, z = th._best_operating_point(PS, PI, "f1")
    np.testing.assert_allclose(z, (1 - PI) ** (1 / (PS - 1)), rtol=1e-12)
    xn, zn = th._best_operating_point(PS, PI, "f1", method="numeric")
    np.testing.assert_allclose(x, xn, rtol=1e-6)
    np.testing.assert_allclose(z, zn, rtol=1e-6)


def test_best_f1_at_p_equal_1_predicts_everything_positive():
    assert th.best_f1(1.0, PI) == pytest.approx(2 * PI / (1 + PI), rel=1e-12)
    assert th.best_f1(1.0, PI, method="numeric") == pytest.approx(2 * PI / (1 + PI), rel=1e-9)


def test_balanced_accuracy_optimum_is_the_diagonal():
    x, z = th._best_operating_point(PS, PI, "balanced_accuracy")
    np.testing.assert_allclose(x, 2 ** (-1 / PS))
    np.testing.assert_allclose(z, x)
    xn, zn = th._best_operating_point(PS, PI, "balanced_accuracy", method="numeric")
    np.testing.assert_allclose(xn, x, rtol=1e-6)


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_both_mappings_reach_the_same_best_f1(mapping):
    alphas = np.logspace(-3, 6, 20_001)[:, None]
    best_on_grid = th.expected_f1(alphas, PS, PI, mapping).max(axis=0)
    np.testing.assert_allclose(best_on_grid, th.best_f1(PS, PI), rtol=1e-6)
    a_star = th.optimal_alpha(PS, PI, "f1", mapping)
    np.testing.assert_allclose(th.expected_f1(a_star, PS, PI, mapping), th.best_f1(PS, PI),
                               rtol=1e-12)


@pytest.mark.parametrize("mapping", th.MAPPINGS)
@pytest.mark.parametrize("metric", th.METRICS)
def test_optimal_alpha_numeric_matches_closed_form(mapping, metric):
    pis = np.array([0.001, 0.01, 0.1])
    closed = th.optimal_alpha(PS[:, None], pis, metric, mapping)
    numeric = th.optimal_alpha(PS[:, None], pis, metric, mapping, method="numeric")
    assert closed.shape == numeric.shape == (PS.size, 3)
    np.testing.assert_allclose(numeric, closed, rtol=1e-5)


@pytest.mark.parametrize("mapping", th.MAPPINGS)
def test_alpha_star_balanced_accuracy_is_inverse_prevalence(mapping):
    for method in ("closed_form", "numeric"):
        a = th.optimal_alpha(PS, PI, "balanced_accuracy", mapping, method=method)
        np.testing.assert_allclose(a, 99.0, rtol=1e-6)


def test_calibrated_alpha_star_f1_is_two_over_best_f1_minus_one():
    # Lipton et al. 2014: the F1-optimal threshold of calibrated scores is F*/2, and the
    # calibrated model trained with weight alpha thresholds at 1/(1 + alpha).
    pis = np.array([0.001, 0.01, 0.1, 0.3])
    a = th.optimal_alpha(PS[:, None], pis, "f1", "calibrated", method="numeric")
    np.testing.assert_allclose(a, 2 / th.best_f1(PS[:, None], pis) - 1, rtol=1e-5)


def test_expected_values_at_one_percent():
    bce = th.optimal_alpha([1.5, 20.0], PI, "f1", "bce")
    cal = th.optimal_alpha([1.5, 20.0], PI, "f1", "calibrated")
    np.testing.assert_allclose(bce, [3.03, 1.05], atol=0.005)
    np.testing.assert_allclose(cal, [31.0, 1.32], atol=0.05)


def test_bce_alpha_star_tends_to_p_over_p_minus_1():
    p = PS
    np.testing.assert_allclose(th.optimal_alpha(p, 1e-7, "f1", "bce"), p / (p - 1), rtol=1e-5)
    # First order in pi: p/(p - 1) * (1 + pi / (2 (p - 1))).
    np.testing.assert_allclose(th.optimal_alpha(p, PI, "f1", "bce"),
                               p / (p - 1) * (1 + PI / (2 * (p - 1))), rtol=2e-3)


def test_optimal_alpha_is_a_maximum_on_a_dense_grid():
    alphas = np.logspace(-2, 4, 200_001)[:, None]
    for mapping in th.MAPPINGS:
        f1 = th.expected_f1(alphas, PS, PI, mapping)
        grid_best = alphas[np.argmax(f1, axis=0), 0]
        np.testing.assert_allclose(grid_best, th.optimal_alpha(PS, PI, "f1", mapping),
                                   rtol=1e-3)


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

BAD_CALLS = [
    (lambda: th.tradeoff_curve(0.5, 0.5), ValueError, "p must be >= 1"),
    (lambda: th.tradeoff_curve(0.5, np.inf), ValueError, "p must be finite"),
    (lambda: th.tradeoff_curve(0.5, np.nan), ValueError, "p contains NaN"),
    (lambda: th.tradeoff_curve(1.5, 2), ValueError, r"x must be in \[0, 1\]"),
    (lambda: th.tradeoff_curve("0.5", 2), TypeError, "x must be a number"),
    (lambda: th.tradeoff_curve(0.5, "2"), TypeError, "p must be a number"),
    (lambda: th.tradeoff_curve(0.5, True), TypeError, "p must be numeric, got booleans"),
    (lambda: th.tradeoff_curve([0.5, None], 2), TypeError, "x must contain only numbers"),
    (lambda: th.tradeoff_curve(0.5 + 0j, 2), TypeError, "x must be real numbers"),
    (lambda: th.curve_exponent(0.3, 0.5), ValueError, "x \\+ z must be >= 1"),
    (lambda: th.curve_exponent(1.0, 0.5), ValueError, "strictly between 0 and 1"),
    (lambda: th.curve_exponent("a", 0.5), TypeError, "x must be a number"),
    (lambda: th.landing_point(0.0, 2, PI), ValueError, "alpha must be a finite weight > 0"),
    (lambda: th.landing_point(-1.0, 2, PI), ValueError, "alpha must be a finite weight > 0"),
    (lambda: th.landing_point(np.inf, 2, PI), ValueError, "alpha must be a finite weight > 0"),
    (lambda: th.landing_point([1.0, np.nan], 2, PI), ValueError, "alpha contains NaN"),
    (lambda: th.landing_point(1.0, 0.9, PI), ValueError, "p must be >= 1"),
    (lambda: th.landing_point(1.0, 2, 0.0), ValueError, "prevalence must be strictly between"),
    (lambda: th.landing_point(1.0, 2, 1.0), ValueError, "prevalence must be strictly between"),
    (lambda: th.landing_point(1.0, 2, -0.1), ValueError, "prevalence must be strictly between"),
    (lambda: th.landing_point(1.0, 2, np.nan), ValueError, "prevalence contains NaN"),
    (lambda: th.landing_point(1.0, 2, PI, "blog"), ValueError, "mapping must be one of"),
    (lambda: th.landing_point(1.0, 2, PI, 1), TypeError, "mapping must be one of"),
    (lambda: th.landing_point(1.0, 1.0, PI, "calibrated"), ValueError,
     "p must be > 1 here: the calibrated mapping is undefined at p = 1"),
    (lambda: th.landing_point(1.0, [1.0, 2.0], PI, "calibrated"), ValueError,
     "p must be > 1"),
    (lambda: th.expected_f1(0.0, 2, PI), ValueError, "alpha must be a finite weight > 0"),
    (lambda: th.best_f1(0.5, PI), ValueError, "p must be >= 1"),
    (lambda: th.best_f1(2.0, 0.0), ValueError, "prevalence must be strictly between"),
    (lambda: th.best_f1(2.0, PI, method="exact"), ValueError, "method must be one of"),
    (lambda: th.optimal_alpha(2.0, PI, "f1", method="exact"), ValueError,
     "method must be one of"),
    (lambda: th.optimal_alpha(1.0, PI), ValueError, "p must be > 1 here: at p = 1 the curve"),
    (lambda: th.optimal_alpha(2.0, PI, "f1", "platt"), ValueError, "mapping must be one of"),
    (lambda: th.optimal_alpha(2.0, PI, None), TypeError, "metric must be one of"),
    (lambda: th.optimal_alpha(2.0, 1.5), ValueError, "prevalence must be strictly between"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_CALLS)
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
