"""Chapter 5's study: the three examples of "great F1 in one class", re-run many times.

The web article "Why is my Machine Learning and Binary Classification model giving
great f1 scores in one class and terrible in another?" (2024) illustrates its advice
with three scikit-learn examples; :mod:`utils.article_examples` re-creates their data
and models with any seed.

A cell is one example and one repetition ``r``: :func:`compute` re-creates the example
with seed ``r`` for the data, the split and the models (``r = 42`` is the article's
configuration, with the data drawn by numpy's ``default_rng``), fits both variants and
three baselines that ignore the features, and scores them on the test rows.
``python -m utils.studies article_examples_audit --help`` for the command line.
"""

import numbers
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from utils._validation import check_scalar
from utils.article_examples import (
    ARTICLE_SEED,
    BASELINES,
    EXAMPLES,
    TEST_SIZE,
    _check_example,
    make_baselines,
    make_example_data,
    make_example_models,
)
from utils.reruns import changed_predictions
from utils.studies.scaffold import Parameter, Study

#: The columns of the table.
COLUMNS = [
    "example", "repetition", "model", "f1_minority", "f1_majority", "predicted_positive",
    "test_positive", "changed", "max_proba_change", "train_f1_minority",
    "train_predicted_positive", "n_iter",
]
#: Count columns, integers that are missing where they mean nothing (a baseline's
#: iterations).
_COUNTS = ("repetition", "predicted_positive", "test_positive", "changed",
           "train_predicted_positive", "n_iter")
#: Predictions per model and per set (test, training) that may differ when a repetition
#: is re-run on another machine: a probability within rounding of 0.5 can flip.
CHANGED_PER_SET = 1


def _f1_per_class(y_true, y_pred):
    return f1_score(y_true, y_pred, labels=[0, 1], average=None, zero_division=0)


def compute(cell):
    """Re-create one example with one seed and score every model on its test rows.

    Parameters
    ----------
    cell : dict
        ``example`` (one of :data:`EXAMPLES`) and ``repetition``, the seed of the data,
        the split and the models (``ARTICLE_SEED``, 42, is the article's configuration).

    Returns
    -------
    DataFrame
        One row per model (the two variants, then :data:`BASELINES`) with the columns
        of :data:`COLUMNS`: per-class F1 on the test rows, predicted and actual test
        positives, the number of test predictions that differ from the first variant
        (``changed``) and the largest change of a positive-class probability
        (``max_proba_change``), the training-set F1 and predicted positives of the
        variants, and the iterations an MLP ran (``n_iter``); counts as nullable
        integers, missing where they mean nothing.
    """
    example = _check_example(cell["example"])
    seed = check_scalar(cell["repetition"], "repetition", numbers.Integral, min_val=0)
    X, y = make_example_data(example, seed)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, random_state=seed)
    rows = []
    reference = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for name, model in make_example_models(example, seed).items():
            model.fit(X_train, y_train)
            y_pred = model.predict(X_test)
            proba = model.predict_proba(X_test)[:, 1]
            if reference is None:
                reference = (y_pred, proba)
            final = model[-1] if hasattr(model, "steps") else model
            train_pred = model.predict(X_train)
            rows.append({
                "model": name,
                "changed": int(np.sum(y_pred != reference[0])),
                "max_proba_change": float(np.max(np.abs(proba - reference[1]))),
                "train_f1_minority": float(_f1_per_class(y_train, train_pred)[1]),
                "train_predicted_positive": int(np.sum(train_pred == 1)),
                "n_iter": _iterations(final),
                **_test_scores(y_test, y_pred),
            })
        for name, baseline in make_baselines(seed).items():
            y_pred = baseline.fit(X_train, y_train).predict(X_test)
            rows.append({"model": name, **_test_scores(y_test, y_pred)})
    frame = pd.DataFrame(rows)
    frame.insert(0, "repetition", seed)
    frame.insert(0, "example", example)
    return frame.reindex(columns=COLUMNS).astype(dict.fromkeys(_COUNTS, "Int64"))


def _iterations(model):
    """Return the iterations a fitted model's solver ran (None without a solver)."""
    n_iter = getattr(model, "n_iter_", None)
    return None if n_iter is None else int(np.max(n_iter))


def _test_scores(y_test, y_pred):
    f1_majority, f1_minority = _f1_per_class(y_test, y_pred)
    return {
        "f1_minority": float(f1_minority),
        "f1_majority": float(f1_majority),
        "predicted_positive": int(np.sum(y_pred == 1)),
        "test_positive": int(np.sum(y_test == 1)),
    }


def cells(repetitions):
    """Return the cells of a run: every example, for seeds ``0 .. repetitions - 1``.

    Parameters
    ----------
    repetitions : int
        Number of seeds; more than ``ARTICLE_SEED`` (42) to hold the article's own run.

    Returns
    -------
    list of dict
        ``example`` and ``repetition``.
    """
    return [{"example": example, "repetition": r}
            for example in EXAMPLES for r in range(repetitions)]


def _check_results(results):
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a DataFrame, got {type(results).__name__}")
    missing = set(COLUMNS) - set(results.columns)
    if missing:
        raise ValueError(f"results lack the columns {sorted(missing)}")
    return results


def tolerances(committed):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    F1 scores and counts of predictions may differ by what :data:`CHANGED_PER_SET`
    changed predictions on the test set (or the training set, for the ``train_``
    columns) can do, given its positives and negatives; ``changed`` counts
    predictions that differ between two models, so a flip in either moves it. The
    probability change is continuous (relative :data:`utils.reruns.RTOL`); labels,
    test positives and solver iterations are exact (a solver stopping at another
    iteration would have taken another path, which the comparison must report).

    Parameters
    ----------
    committed : DataFrame
        Committed rows, of one or more cells.

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    _check_results(committed)
    counts = {}
    for example, repetition in set(zip(committed["example"], committed["repetition"],
                                       strict=True)):
        _, y = make_example_data(example, int(repetition))
        y_train, y_test = train_test_split(y, test_size=TEST_SIZE, random_state=int(repetition))
        counts[example, repetition] = [int(y_test.sum()), int((y_test == 0).sum()),
                                       int(y_train.sum()), int((y_train == 0).sum())]
    test_pos, test_neg, train_pos, train_neg = np.array(
        [counts[key] for key in zip(committed["example"], committed["repetition"],
                                    strict=True)]).T
    k = CHANGED_PER_SET
    return {
        "example": "exact", "repetition": "exact", "model": "exact",
        "f1_minority": changed_predictions("f1", test_pos, test_neg, k),
        "f1_majority": changed_predictions("f1", test_neg, test_pos, k),
        "predicted_positive": changed_predictions("count", test_pos, test_neg, k),
        "test_positive": "exact",
        "changed": changed_predictions("count", test_pos, test_neg, 2 * k),
        "max_proba_change": "relative",
        "train_f1_minority": changed_predictions("f1", train_pos, train_neg, k),
        "train_predicted_positive": changed_predictions("count", train_pos, train_neg, k),
        "n_iter": "exact",
    }


def describe(repetitions):
    """Return the design of a run, for the provenance."""
    return {
        "seeds": f"repetition r = 0..{repetitions - 1} seeds the data, the split and the "
                 f"models; r = {ARTICLE_SEED} is the article's configuration",
        "examples": {name: list(variants) for name, variants in EXAMPLES.items()},
        "baselines": list(BASELINES),
        "test_size": TEST_SIZE,
        "threads_per_cell": 1,
    }


STUDY = Study(
    name="article_examples_audit",
    description="Chapter 5: the three examples of 'great F1 in one class and terrible in "
                "another', re-run for many seeds against feature-blind baselines.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"example": "class weights", "repetition": ARTICLE_SEED},
    describe=describe,
    parameters={"repetitions": Parameter(100, "seeds 0 to N - 1 of each example", grid=True,
                                          min_val=1)},
    changed=CHANGED_PER_SET,
)
