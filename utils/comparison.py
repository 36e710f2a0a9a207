"""Compare methods like for like: same folds, same scorers, one table.

Chapters 4, 5, 6 and 8 set class weights, resampling and tuned thresholds against
each other. Each method is any scikit-learn or imbalanced-learn estimator (a
pipeline with a sampler, a ``TunedThresholdClassifierCV`` around a model, a
``DummyClassifier`` as the baseline); :func:`compare_methods` scores all of them
on the same cross-validation splits, so the only difference is the method.
"""

import numbers

import pandas as pd
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv, cross_validate


def _check_reproducible(cv):
    """Refuse a splitter whose folds would differ between methods."""
    if isinstance(cv, numbers.Integral):
        return
    shuffled = getattr(cv, "shuffle", False) or hasattr(cv, "n_repeats")
    seed = getattr(cv, "random_state", None)
    if shuffled and not isinstance(seed, numbers.Integral):
        raise ValueError(
            "cv shuffles with random_state="
            f"{seed!r}: give it an integer seed so every method sees the same folds"
        )


def compare_methods(methods, X, y, *, cv, scoring, n_jobs=None):
    """Score every method on the same cross-validation folds.

    Parameters
    ----------
    methods : dict of str to estimator
        The methods, by the name to show; each is cloned and fitted per fold.
    X : array-like of shape (n_samples, n_features)
        Features.
    y : array-like of shape (n_samples,)
        Labels.
    cv : int or cross-validation splitter
        The folds, shared by all methods; a shuffling splitter needs an integer
        ``random_state``.
    scoring : dict of str to scorer name or callable
        The metrics, by the name to show.
    n_jobs : int, optional
        Folds fitted in parallel, passed to ``cross_validate``.

    Returns
    -------
    DataFrame
        Long format, one row per method, fold and metric, with columns
        ``method``, ``fold``, ``metric`` and ``score``.
    """
    if not isinstance(methods, dict) or not methods:
        raise TypeError("methods must be a non-empty dict of name -> estimator")
    for name, method in methods.items():
        if not is_classifier(method):
            raise TypeError(f"method {name!r} is not a classifier: {type(method).__name__}")
    if not isinstance(scoring, dict) or not scoring:
        raise TypeError("scoring must be a non-empty dict of name -> scorer")
    _check_reproducible(cv)
    cv = check_cv(cv, y, classifier=True)
    rows = []
    for name, method in methods.items():
        scores = cross_validate(method, X, y, cv=cv, scoring=scoring, n_jobs=n_jobs)
        for metric in scoring:
            for fold, score in enumerate(scores[f"test_{metric}"]):
                rows.append({"method": name, "fold": fold, "metric": metric,
                             "score": float(score)})
    return pd.DataFrame(rows)


def summarise(results):
    """Mean, standard deviation and fold count per method and metric.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`compare_methods`.

    Returns
    -------
    DataFrame
        Indexed by method (in their original order), with a column level per
        metric holding ``mean``, ``std`` and ``n``.
    """
    required = {"method", "fold", "metric", "score"}
    if not isinstance(results, pd.DataFrame) or not required <= set(results.columns):
        raise TypeError(f"results must be a DataFrame with columns {sorted(required)}")
    order = list(dict.fromkeys(results["method"]))
    metrics = list(dict.fromkeys(results["metric"]))
    table = results.pivot_table(index="method", columns="metric", values="score",
                                aggfunc=["mean", "std", "count"])
    table = table.rename(columns={"count": "n"}).swaplevel(axis=1)
    columns = pd.MultiIndex.from_product([metrics, ["mean", "std", "n"]])
    return table.reindex(index=order, columns=columns)


def fold_table(results, metric):
    """One metric's scores as a table of folds (rows) by methods (columns).

    This is the shape :func:`utils.plotting.plot_fold_scores` draws.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`compare_methods`.
    metric : str
        Which metric.

    Returns
    -------
    DataFrame
        Scores, one column per method in their original order.
    """
    if metric not in set(results["metric"]):
        raise ValueError(f"no metric {metric!r}; the results hold {sorted(set(results.metric))}")
    chosen = results[results["metric"] == metric]
    order = list(dict.fromkeys(chosen["method"]))
    return chosen.pivot(index="fold", columns="method", values="score")[order]
