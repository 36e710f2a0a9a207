r"""Expected scores of a class-weighted classifier on a parametric trade-off curve.

Chapter 7 follows the blog post "Adventures in Imbalanced Learning and Class Weight"
(andersource, 2025). A classifier's true-positive rate ``x`` and true-negative rate ``z`` are
tied by the trade-off curve

.. math:: z = (1 - x^p)^{1/p}, \qquad p \ge 1,

(``p = 1`` is the diagonal of chance, ``p -> inf`` the perfect corner). Training with weight
``alpha`` on the positives, whose prevalence is ``pi`` (``prevalence`` in code; the post
calls it beta), lands the classifier somewhere on that curve. Two landing-point mappings are
implemented side by side; write ``r = alpha * pi / (1 - pi)`` for the weighted odds:

``"bce"`` (the post's)
    Minimising the expected weighted cross-entropy with ``x`` and ``z`` standing in for the
    predicted probabilities gives ``(1 - pi) x^p = alpha pi (1 - x^p)``, i.e.
    ``x = (alpha pi / (alpha pi - pi + 1))^(1/p)``, equivalently ``(x / z)^p = r``. It is
    defined for every ``p >= 1``.
``"calibrated"``
    A calibrated model trained with weight ``alpha`` thresholds the unweighted posterior at
    ``1 / (1 + alpha)`` (Elkan 2001). That threshold picks the point of the curve that
    maximises ``alpha pi x + (1 - pi) z`` (minimises the expected weighted cost), where the
    slope ``dz/dx = -(x / z)^(p - 1)`` equals ``-r``: ``(x / z)^(p - 1) = r``. At ``p = 1``
    the curve is a straight line, the optimum jumps between its ends, and the mapping is
    undefined.

Both mappings run over the whole curve as ``alpha`` runs over ``(0, inf)``, so they share the
best achievable F1 (``F*``) and the balanced-accuracy optimum (``x = z``, at
``alpha = (1 - pi) / pi``), but reach the F1 optimum at different weights. The F1 optimum on
the curve has the closed form ``z* = (1 - pi)**(1/(p - 1))``; the post's mapping reaches it at
``alpha = ((1 - pi) / pi) ((1 - pi)**(-p/(p - 1)) - 1)``, which tends to ``p / (p - 1)`` as
``pi -> 0``, and the calibrated mapping at ``alpha = 2 / F* - 1`` (the F1-optimal threshold of
calibrated scores is ``F* / 2``, Lipton et al. 2014).

All functions broadcast over numpy arrays of ``alpha``, ``p`` and ``prevalence``, return a
numpy scalar for scalar input, and raise ``TypeError`` or ``ValueError`` naming the offending
argument on bad input.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.optimize import brentq, minimize_scalar

#: Landing-point mappings: the post's ("bce") and the calibrated-threshold one.
MAPPINGS = ("bce", "calibrated")
#: Metrics the optimisers handle.
METRICS = ("f1", "balanced_accuracy")

# Search bounds for log(alpha) and for the curve's parameter u = logit(x**p): wide enough to
# hold every optimum for prevalence in (1e-6, 1 - 1e-6) and p up to a few hundred.
_LOG_ALPHA_BOUNDS = (-40.0, 40.0)
_U_BOUNDS = (-100.0, 100.0)
# Absolute tolerance of the bounded searches, in log(alpha) or u: a maximum is flat to second
# order, so rounding blurs its place at about sqrt(machine epsilon) relative anyway.
_XATOL = 1e-10
# Points of the coarse grid that brackets a maximum before the bounded search.
_GRID_POINTS = 801
# Bracket of log(p) for curve_exponent: p from 1 to 1e6.
_LOG_P_BRACKET = (0.0, float(np.log(1e6)))


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------


def _real(name, value):
    """Return ``value`` as a float array, refusing text, booleans, complex numbers and NaN."""
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a number or an array of numbers, got a string")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a number or an array of numbers") from err
    if arr.dtype.kind == "b":
        raise TypeError(f"{name} must be numeric, got booleans")
    if arr.dtype.kind == "O":
        # Lists mixing numbers with None or text land here; None would silently become NaN.
        if not all(isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)
                   for v in arr.flat):
            raise TypeError(f"{name} must contain only numbers")
        arr = arr.astype(float)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be real numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    return arr


def _check_p(p, *, strict=False, why=""):
    """Validate the curve exponent: finite, ``>= 1``, and ``> 1`` when ``strict``."""
    p = _real("p", p)
    if not np.isfinite(p).all():
        raise ValueError("p must be finite (p = inf is the perfect classifier, x = z = 1)")
    if (p < 1).any():
        raise ValueError(f"p must be >= 1 for z = (1 - x**p)**(1/p) to be a trade-off curve, "
                         f"got {p[p < 1].flat[0]!r}")
    if strict and (p == 1).any():
        raise ValueError(f"p must be > 1 here: {why}")
    return p


def _check_prevalence(prevalence):
    """Validate the prevalence: strictly between 0 and 1."""
    prevalence = _real("prevalence", prevalence)
    bad = (prevalence <= 0) | (prevalence >= 1)
    if bad.any():
        raise ValueError(f"prevalence must be strictly between 0 and 1, got "
                         f"{prevalence[bad].flat[0]!r}")
    return prevalence


def _check_alpha(alpha):
    """Validate the positive-class weight: finite and ``> 0``."""
    alpha = _real("alpha", alpha)
    bad = ~np.isfinite(alpha) | (alpha <= 0)
    if bad.any():
        raise ValueError(f"alpha must be a finite weight > 0, got {alpha[bad].flat[0]!r}")
    return alpha


def _check_rate(name, value):
    """Validate a rate (``x`` or ``z``): in ``[0, 1]``."""
    value = _real(name, value)
    bad = (value < 0) | (value > 1)
    if bad.any():
        raise ValueError(f"{name} must be in [0, 1], got {value[bad].flat[0]!r}")
    return value


def _check_choice(name, value, choices):
    """Validate a string option against its allowed values."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {choices}, got {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def _p_strict(mapping):
    """Whether ``mapping`` needs ``p > 1``, and why."""
    if mapping == "calibrated":
        return True, ("the calibrated mapping is undefined at p = 1, where the curve is the "
                      "straight line x + z = 1 and the cost-optimal point jumps between its ends")
    return False, ""


def _scalar_or_array(arr):
    """Return a numpy scalar for 0-d results, the array otherwise."""
    return arr[()] if arr.ndim == 0 else arr


# ----------------------------------------------------------------------------------------------
# The curve and the two mappings
# ----------------------------------------------------------------------------------------------


def tradeoff_curve(x, p):
    """True-negative rate on the trade-off curve, ``z = (1 - x**p)**(1/p)``.

    Parameters
    ----------
    x : array_like
        True-positive rate, in ``[0, 1]``.
    p : array_like
        Curve exponent, ``>= 1`` (1: chance diagonal; larger: better classifier).

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``z``, broadcast over ``x`` and ``p``; ``z(0) = 1`` and ``z(1) = 0``.

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If ``x`` is outside ``[0, 1]``, ``p < 1``, ``p`` is infinite, or either is NaN.

    """
    x = _check_rate("x", x)
    p = _check_p(p)
    x, p = np.broadcast_arrays(x, p)
    with np.errstate(divide="ignore"):
        # 1 - x**p as -expm1(p log x): no cancellation as x -> 1.
        return _scalar_or_array((-np.expm1(p * np.log(x))) ** (1.0 / p))


def curve_exponent(x, z):
    """Exponent ``p`` of the trade-off curve through an operating point, ``x**p + z**p = 1``.

    Parameters
    ----------
    x, z : array_like
        True-positive and true-negative rates, strictly between 0 and 1, with ``x + z > 1``
        (better than chance; ``x + z = 1`` is ``p = 1``).

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``p >= 1``, broadcast over ``x`` and ``z``; the root in ``log p`` of ``x**p + z**p -
        1`` (which falls as ``p`` grows, from ``x + z - 1 >= 0`` at ``p = 1``), found by
        :func:`scipy.optimize.brentq` to about 1e-12 relative. Use it to place an empirical
        operating point -- say the unweighted tree's mean TPR and TNR -- on the curve family.

    Raises
    ------
    ValueError
        If a rate is not strictly between 0 and 1, or ``x + z < 1`` (no ``p >= 1`` fits).

    """
    x, z = np.broadcast_arrays(_check_rate("x", x), _check_rate("z", z))
    if ((x <= 0) | (x >= 1) | (z <= 0) | (z >= 1)).any():
        raise ValueError("x and z must be strictly between 0 and 1 for a finite p")
    if (x + z < 1).any():
        raise ValueError("x + z must be >= 1: a point below the chance diagonal lies on no "
                         "curve with p >= 1")
    log_p = np.empty(x.shape)
    for index in np.ndindex(x.shape):
        log_p[index] = brentq(_excess, *_LOG_P_BRACKET, args=(x[index], z[index]), xtol=1e-14)
    return _scalar_or_array(np.exp(log_p))


def _excess(log_p, x, z):
    """Return ``x**p + z**p - 1``: positive below the curve through ``(x, z)``, negative above."""
    p = np.exp(log_p)
    return x**p + z**p - 1


def _log_odds(alpha, prevalence):
    """Return ``log r`` with ``r = alpha * pi / (1 - pi)``, the weighted odds of a positive."""
    return np.log(alpha) + np.log(prevalence) - np.log1p(-prevalence)


def _point_from_log_ratio(log_q, p):
    """Return ``(x, z)`` on the curve with ``x / z = exp(log_q)``, stably in logs."""
    # x**p + z**p = 1 and x = q z give z = (1 + q**p)**(-1/p) and x = (1 + q**-p)**(-1/p);
    # written this way neither can round above 1.
    return (np.exp(-np.logaddexp(0.0, -p * log_q) / p),
            np.exp(-np.logaddexp(0.0, p * log_q) / p))


def landing_point(alpha, p, prevalence, mapping="bce"):
    """Where training with positive-class weight ``alpha`` lands on the trade-off curve.

    Parameters
    ----------
    alpha : array_like
        Weight of the positive class (``> 0``; 1 is unweighted training).
    p : array_like
        Curve exponent (``>= 1``; ``> 1`` for ``mapping="calibrated"``).
    prevalence : array_like
        Share of positives, strictly between 0 and 1.
    mapping : {"bce", "calibrated"}, default "bce"
        ``"bce"``: the post's mapping, ``(x / z)**p = alpha pi / (1 - pi)``, equivalently
        ``x = (alpha pi / (alpha pi - pi + 1))**(1/p)``. ``"calibrated"``: the cost-optimal
        point of a calibrated model thresholded at ``1 / (1 + alpha)``,
        ``(x / z)**(p - 1) = alpha pi / (1 - pi)``.

    Returns
    -------
    x, z : numpy.ndarray or numpy.float64
        True-positive and true-negative rates, broadcast over the inputs.

    Raises
    ------
    TypeError
        If an argument is not numeric or ``mapping`` is not a string.
    ValueError
        If ``alpha <= 0``, ``p < 1`` (or ``p == 1`` under ``"calibrated"``), ``prevalence``
        outside ``(0, 1)``, any NaN, or an unknown ``mapping``.

    """
    x, z, _, _ = _landing(alpha, p, prevalence, mapping)
    return _scalar_or_array(x), _scalar_or_array(z)


def _landing(alpha, p, prevalence, mapping):
    """Validate, broadcast, and return ``x``, ``z``, the false-positive rate and ``pi``.

    The false-positive rate ``1 - z`` comes from ``log z`` so that it keeps its precision
    when ``z`` rounds to 1 (tiny weights), where precision depends on it.
    """
    mapping = _check_choice("mapping", mapping, MAPPINGS)
    alpha = _check_alpha(alpha)
    strict, why = _p_strict(mapping)
    p = _check_p(p, strict=strict, why=why)
    prevalence = _check_prevalence(prevalence)
    alpha, p, prevalence = np.broadcast_arrays(alpha, p, prevalence)
    log_q = _log_odds(alpha, prevalence) / (p if mapping == "bce" else p - 1.0)
    log_z = -np.logaddexp(0.0, p * log_q) / p
    x = np.exp(-np.logaddexp(0.0, -p * log_q) / p)
    return x, np.exp(log_z), -np.expm1(log_z), prevalence


# ----------------------------------------------------------------------------------------------
# Expected scores at an operating point and as functions of alpha
# ----------------------------------------------------------------------------------------------


def _f1_at(x, z, prevalence):
    """Return the expected F1 at operating point ``(x, z)``: ``2 pi x / (pi x + pi z + 1 - z)``.

    The denominator is ``pi + P(predict positive) > 0``.
    """
    return 2 * prevalence * x / (prevalence * x + prevalence * z + 1 - z)


def expected_scores(alpha, p, prevalence, mapping="bce"):
    """All expected scores of training with weight ``alpha``, in one call.

    Parameters
    ----------
    alpha, p, prevalence : array_like
        Weight (``> 0``), curve exponent (``>= 1``) and prevalence (in ``(0, 1)``),
        broadcast together.
    mapping : {"bce", "calibrated"}, default "bce"
        Landing-point mapping (see :func:`landing_point`).

    Returns
    -------
    dict of numpy.ndarray
        ``x`` (= recall), ``z``, ``precision``, ``recall``, ``f1`` and
        ``balanced_accuracy``, each of the broadcast shape.

    """
    x, z, fpr, prevalence = _landing(alpha, p, prevalence, mapping)
    tp, fp = prevalence * x, (1 - prevalence) * fpr
    out = {
        "x": x,
        "z": z,
        "precision": tp / (tp + fp),  # x > 0 for every finite alpha > 0
        "recall": x,
        "f1": 2 * tp / (tp + fp + prevalence),  # 2 TP / (2 TP + FP + FN)
        "balanced_accuracy": (x + z) / 2,
    }
    return {key: _scalar_or_array(value) for key, value in out.items()}


def expected_f1(alpha, p, prevalence, mapping="bce"):
    """Compute the expected F1 of training with weight ``alpha``.

    Parameters
    ----------
    alpha, p, prevalence : array_like
        Weight, curve exponent and prevalence, broadcast together.
    mapping : {"bce", "calibrated"}, default "bce"
        Landing-point mapping.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``2 pi x / (pi x + pi z + 1 - z)`` at the landing point.

    """
    return expected_scores(alpha, p, prevalence, mapping)["f1"]


def expected_balanced_accuracy(alpha, p, prevalence, mapping="bce"):
    """Compute the expected balanced accuracy of training with weight ``alpha``.

    Parameters
    ----------
    alpha, p, prevalence : array_like
        Weight, curve exponent and prevalence, broadcast together.
    mapping : {"bce", "calibrated"}, default "bce"
        Landing-point mapping.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``(x + z) / 2`` at the landing point.

    """
    return expected_scores(alpha, p, prevalence, mapping)["balanced_accuracy"]


# ----------------------------------------------------------------------------------------------
# Optimisers
# ----------------------------------------------------------------------------------------------


def _argmax(objective, bounds, *args):
    """Return where a unimodal ``objective(t, *args)`` peaks in ``bounds``, elementwise.

    A coarse grid brackets the peak first: across most of ``bounds`` the scores sit on
    plateaus (the landing point pinned at an end of the curve), where a bounded Brent search
    started from the whole interval can stall. Then each element of the broadcast ``args``
    gets its own :func:`scipy.optimize.minimize_scalar` (bounded Brent) between the grid
    points either side of the best one; the numeric methods check the closed forms on a few
    values, so the loop costs milliseconds.
    """
    args = np.broadcast_arrays(*args)
    grid = np.linspace(*bounds, _GRID_POINTS)
    best = np.argmax(objective(grid.reshape(-1, *[1] * args[0].ndim), *args), axis=0)
    peak = np.empty(args[0].shape)
    for index in np.ndindex(peak.shape):
        i = best[index]
        bracket = (grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)])
        point = (objective, *(arg[index] for arg in args))
        peak[index] = minimize_scalar(_negated, bounds=bracket, args=point, method="bounded",
                                      options={"xatol": _XATOL}).x
    return peak


def _negated(t, objective, *args):
    """Return ``-objective(t, *args)``: scipy minimises."""
    return -objective(t, *args)


def _point_from_logit(u, p):
    """Return ``(x, z)`` on the curve with ``logit(x**p) = u``."""
    return np.exp(-np.logaddexp(0.0, -u) / p), np.exp(-np.logaddexp(0.0, u) / p)


def _f1_on_curve(u, p, prevalence):
    """Return F1 at the point of the curve with ``logit(x**p) = u``."""
    return _f1_at(*_point_from_logit(u, p), prevalence)


def _ba_on_curve(u, p, prevalence):
    """Return balanced accuracy at the point of the curve with ``logit(x**p) = u``."""
    x, z = _point_from_logit(u, p)
    return (x + z) / 2


def _weighted_score(log_alpha, p, prevalence, exponent, metric):
    """Return the expected score of weight ``exp(log_alpha)`` under a mapping's exponent."""
    log_r = log_alpha + np.log(prevalence) - np.log1p(-prevalence)
    x, z = _point_from_log_ratio(log_r / exponent, p)
    return _f1_at(x, z, prevalence) if metric == "f1" else (x + z) / 2


def _check_method(method):
    """Validate the optimiser's method."""
    return _check_choice("method", method, ("closed_form", "numeric"))


def _best_operating_point(p, prevalence, metric="f1", method="closed_form"):
    """Return the point ``(x, z)`` of the curve that maximises an expected metric.

    ``"closed_form"``: balanced accuracy peaks where the slope is -1, at ``x = z =
    2**(-1/p)``; F1 peaks where its first-order condition ``F1 = 2 pi / (pi + (1 - pi) s)``
    (``s = (x / z)**(p - 1)``, the curve's slope) meets its definition, which simplifies to
    ``z**(p - 1) = 1 - pi``: ``z* = (1 - pi)**(1/(p - 1))`` (``z* = 0``, ``x* = 1`` at ``p =
    1``). ``"numeric"``: a bounded search along the curve, as a check. Inputs validated by the
    caller, except ``p > 1`` for balanced accuracy.
    """
    if metric == "balanced_accuracy":
        p = _check_p(p, strict=True, why="at p = 1 every point of the diagonal has balanced "
                                         "accuracy 1/2, so there is no unique optimum")
    p, prevalence = np.broadcast_arrays(p, prevalence)
    if method == "numeric":
        objective = _f1_on_curve if metric == "f1" else _ba_on_curve
        return _point_from_logit(_argmax(objective, _U_BOUNDS, p, prevalence), p)
    if metric == "balanced_accuracy":
        x = 2.0 ** (-1.0 / p)
        return x, x.copy()
    with np.errstate(divide="ignore"):
        # log z* = log(1 - pi) / (p - 1); -inf (z* = 0) at p = 1.
        log_z = np.where(p > 1, np.log1p(-prevalence) / np.where(p > 1, p - 1, 1.0), -np.inf)
    return (-np.expm1(p * log_z)) ** (1.0 / p), np.exp(log_z)


def best_f1(p, prevalence, method="closed_form"):
    """Best expected F1 on the trade-off curve, ``F*``, whatever the weight.

    Parameters
    ----------
    p : array_like
        Curve exponent, ``>= 1``. At ``p = 1`` the best is to predict everything positive,
        ``F* = 2 pi / (1 + pi)``.
    prevalence : array_like
        Share of positives, strictly between 0 and 1.
    method : {"closed_form", "numeric"}, default "closed_form"
        ``"closed_form"``: at the point where ``z**(p - 1) = 1 - pi``, where F1's first-order
        condition meets its definition. ``"numeric"``: a bounded search along the curve
        (:func:`scipy.optimize.minimize_scalar`), as a check.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``F*``. Both landing-point mappings reach it, at different weights.

    """
    method = _check_method(method)
    p = _check_p(p)
    prevalence = _check_prevalence(prevalence)
    x, z = _best_operating_point(p, prevalence, "f1", method)
    return _scalar_or_array(_f1_at(x, z, prevalence))


def optimal_alpha(p, prevalence, metric="f1", mapping="bce", method="closed_form"):
    """Weight that maximises an expected metric.

    Parameters
    ----------
    p : array_like
        Curve exponent, ``> 1`` (at ``p = 1`` no finite weight is uniquely optimal).
    prevalence : array_like
        Share of positives, strictly between 0 and 1.
    metric : {"f1", "balanced_accuracy"}, default "f1"
        Metric to maximise.
    mapping : {"bce", "calibrated"}, default "bce"
        Landing-point mapping.
    method : {"closed_form", "numeric"}, default "closed_form"
        ``"closed_form"``: the weight that lands on the best point of the curve. For balanced
        accuracy that is ``(1 - pi) / pi`` under both mappings. For F1, with
        ``Q = (1 - pi)**(-p / (p - 1)) - 1`` (the optimum's ``(x / z)**p``), it is
        ``((1 - pi) / pi) Q`` under ``"bce"`` (``-> p / (p - 1)`` as ``pi -> 0``) and
        ``((1 - pi) / pi) Q**((p - 1) / p) = 2 / F* - 1`` under ``"calibrated"``.
        ``"numeric"``: a bounded search on ``log(alpha)`` in ``[-40, 40]``
        (:func:`scipy.optimize.minimize_scalar`), as a check.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``alpha*``, broadcast over ``p`` and ``prevalence``.

    """
    metric = _check_choice("metric", metric, METRICS)
    mapping = _check_choice("mapping", mapping, MAPPINGS)
    method = _check_method(method)
    p = _check_p(p, strict=True, why="at p = 1 the curve is the diagonal and no finite "
                                      "weight is uniquely optimal")
    prevalence = _check_prevalence(prevalence)
    p, prevalence = np.broadcast_arrays(p, prevalence)
    exponent = p if mapping == "bce" else p - 1.0
    if method == "numeric":
        log_alpha = _argmax(lambda t, *args: _weighted_score(t, *args, metric),
                            _LOG_ALPHA_BOUNDS, p, prevalence, exponent)
        return _scalar_or_array(np.exp(log_alpha))
    if metric == "balanced_accuracy":
        return _scalar_or_array((1 - prevalence) / prevalence)
    # Q = (x*/z*)**p = z*^(-p) - 1 with z* = (1 - pi)**(1/(p - 1)).
    q_p = np.expm1(-p / (p - 1.0) * np.log1p(-prevalence))
    return _scalar_or_array((1 - prevalence) / prevalence * q_p ** (exponent / p))
