"""Run the clinic checklist's tests on a table: the Python entry point of the command.

:func:`examine` takes the table (and optionally a separate test table), splits it,
fits a reference model inside a pipeline on the training part, calls
:func:`utils.diagnostics.diagnose`, and adds what a reader holding only a table needs:
intervals, the trivial predictors beside every score, the leakage screen's extra tests
and the costs. It returns an :class:`Examination`, which :mod:`utils.clinic.report`
prints and :mod:`utils.clinic.html_report` turns into a page.
"""

import math
import numbers
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from utils._validation import check_scalar
from utils.clinic import reference_models, scores, screens
from utils.clinic.errors import InputError
from utils.clinic.guide import Flag, from_diagnosis
from utils.clinic.progress import Progress
from utils.clinic.tables import Table, check_same_columns, find_target, plan_columns
from utils.diagnostics import LEAKAGE_AUC, MIN_TEST_POSITIVES, diagnose

#: Share of the rows held out for the test part when no test file is given.
TEST_SIZE = 0.25
#: Probabilities whose spread is below this share of a perfect ranker's are "squeezed".
SQUEEZED = 0.1
#: Test rows repeating training rows are flagged from this share on.
DUPLICATE_SHARE = 0.01
#: Rows of the single-feature ranking shown.
TOP_FEATURES = 5


@dataclass
class Examination:
    """Everything the clinic measured on a table, and its flags.

    Attributes
    ----------
    data, test : Table
        The table read, and the separate test table (None after a split).
    target : Target
        The target column and its positive class.
    model : str
        The reference model's ``--model`` name.
    description : str
        The model and its preprocessing, in a sentence.
    split : str
        How the test part was made.
    seed, n_resamples : int
        The seed of everything random, and the bootstrap's resamples.
    plan : ColumnPlan
        Columns dropped and converted.
    columns : dict
        ``{"numbers": [...], "text": [...]}``: the columns the model uses.
    notes : list of str
        What was done to the data on the way (rows without a label...).
    parts : DataFrame
        Rows, positives, prevalence and its interval, per part.
    diagnosis : Diagnosis
        :func:`utils.diagnostics.diagnose`'s result.
    probabilities : dict
        Largest test probability, spread, share at or above 0.5, spread relative to a
        perfect ranker's.
    scores : DataFrame
        :func:`utils.clinic.scores.score_table`'s table.
    nearly_equal, id_like : dict
        Column -> reason (:mod:`utils.clinic.screens`).
    duplicates : dict
        :func:`utils.clinic.screens.duplicates_across`'s counts.
    costs : dict or None
        :func:`utils.clinic.scores.cost_summary`'s result, with ``prices`` (FP, FN).
    flags : list of Flag
        The symptoms found, in checklist order.
    y_test, proba_test, decisions_test : ndarray
        Test labels (1 = positive), probabilities and decisions at 0.5, for figures.
    missing : Series
        Missing values per column used, in the labelled rows of ``data``.
    n_rows : int
        Labelled rows of ``data``.
    """

    data: Table
    test: Table | None
    target: object
    model: str
    description: str
    split: str
    seed: int
    n_resamples: int
    plan: object
    columns: dict
    notes: list
    parts: pd.DataFrame
    diagnosis: object
    probabilities: dict
    scores: pd.DataFrame
    nearly_equal: dict
    id_like: dict
    duplicates: dict
    costs: dict | None
    y_test: np.ndarray
    proba_test: np.ndarray
    decisions_test: np.ndarray
    missing: pd.Series
    n_rows: int
    flags: list = field(default_factory=list)

    @property
    def leakage(self):
        """The single-feature AUC ranking of the training part, strongest first."""
        return self.diagnosis.leakage


def _rows(count):
    return f"{count:,} row" + ("s" if count != 1 else "")


def _as_table(data, name):
    if isinstance(data, Table):
        return data
    if isinstance(data, pd.DataFrame):
        return Table(data, name, "DataFrame")
    raise TypeError(f"{name} must be a DataFrame or a Table, got {type(data).__name__}")


def _prevalence_row(y):
    positives, rows = int(np.sum(y)), len(y)
    interval = stats.binomtest(positives, rows).proportion_ci(confidence_level=0.95,
                                                               method="exact")
    return {"rows": rows, "positives": positives, "prevalence": positives / rows,
            "low": float(interval.low), "high": float(interval.high)}


def _split(X, y, test_size, seed, name):
    positives = int(y.sum())
    negatives = len(y) - positives
    n_test = math.ceil(test_size * len(y))
    if min(positives, negatives) < 2 or n_test < 2 or len(y) - n_test < 2:
        raise InputError(f"{name} has too few rows to split: {len(y):,} rows, {positives:,} "
                         f"of the positive class; a stratified split needs at least 2 rows "
                         "of each class in each part (and judging a score needs far more).")
    try:
        return train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    except ValueError as error:
        raise InputError(f"Cannot split {name} with a test share of {test_size}: "
                         f"{str(error).rstrip('.')}.") from error


def _test_part(data, test, target, plan):
    check_same_columns(data.frame, test.frame, data_name=data.name, test_name=test.name)
    frame = test.frame[list(data.frame.columns)]
    known = set(map(str, target.counts.index))
    unknown = sorted({str(v) for v in frame[target.column].dropna().unique()} - known)
    if unknown and not target.merged:
        raise InputError(f"The test file's target column {target.column!r} has classes the "
                         f"data lacks: {', '.join(unknown[:10])}.")
    X_test, y_test, missing = target.labels(frame)
    if y_test.sum() == 0 or y_test.sum() == len(y_test):
        which = "positive" if y_test.sum() == 0 else "negative"
        raise InputError(f"The test file has no row of the {which} class ({target.positive_name}"
                         f" is positive): no score can be computed on it.")
    return plan.apply(X_test), y_test, missing


def _costs(value):
    if value is None:
        return None
    try:
        fp, fn = (float(v) for v in value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"costs must be two numbers (FP, FN), got {value!r}") from error
    if not (math.isfinite(fp) and math.isfinite(fn) and fp > 0 and fn > 0):
        raise ValueError(f"costs must be two positive numbers (FP, FN), got {value!r}")
    return fp, fn


def examine(data, target, *, positive=None, test=None, test_size=TEST_SIZE,
            model="logistic", costs=None, seed=0, n_resamples=1000, progress=None):
    """Run the clinic on a table.

    Parameters
    ----------
    data : DataFrame or Table
        The table, one row per case, with the target column.
    target : str
        The target column.
    positive : str, optional
        The positive class as text (``"yes"``, ``"1"``); the rarer class of a binary
        target when None. Required when the target has more than two classes: the
        others become the negative class.
    test : DataFrame or Table, optional
        A separate test table with the same columns; else a stratified split.
    test_size : float, default 0.25
        Share of the rows held out when ``test`` is None.
    model : {"logistic", "forest", "boosting"}, default "logistic"
        The reference model (:mod:`utils.clinic.reference_models`).
    costs : tuple of two floats, optional
        Prices of a false positive and of a false negative.
    seed : int, default 0
        Seed of the split, the model and the bootstrap.
    n_resamples : int, default 1000
        Bootstrap resamples of the test rows.
    progress : Progress, optional
        Announces slow steps; silent when None.

    Returns
    -------
    Examination

    Raises
    ------
    InputError
        For a table the clinic cannot examine, with one sentence saying why.
    """
    data = _as_table(data, "the table")
    test = None if test is None else _as_table(test, "the test table")
    check_scalar(test_size, "test_size", numbers.Real, min_val=0, max_val=1,
                 include_boundaries="neither")
    check_scalar(n_resamples, "n_resamples", numbers.Integral, min_val=100)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    prices = _costs(costs)
    progress = progress or Progress(enabled=False)

    found = find_target(data.frame, target, positive, name=data.name)
    X, y, missing = found.labels(data.frame)
    notes = []
    if missing:
        notes.append(f"{_rows(missing)} of {data.name} without a label left out")
    plan = plan_columns(X)
    X = plan.apply(X)
    if X.shape[1] == 0:
        raise InputError(f"{data.name} has no usable feature column: every column besides "
                         f"{target!r} is empty or constant.")
    for name, others in plan.numbers_in_text.items():
        shown = ", ".join(repr(v) for v in others) or "none"
        notes.append(f"column {name!r} read as numbers; other values ({shown}) read as missing")
    id_like = screens.id_like_columns(X)

    if test is None:
        X_train, X_test, y_train, y_test = _split(X, y, test_size, seed, data.name)
        split = f"a stratified {test_size:.0%} of the rows held out for the test part (seed {seed})"
    else:
        X_train, y_train = X, y
        X_test, y_test, test_missing = _test_part(data, test, found, plan)
        if test_missing:
            notes.append(f"{_rows(test_missing)} of {test.name} without a label left out")
        split = f"the test part is {test.name}"

    pipeline = reference_models.make_reference_model(model, random_state=seed)
    with progress.step(f"fitting the {model} model on {len(X_train):,} rows"), \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        pipeline.fit(X_train, y_train)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        notes.append("the model's solver stopped before converging: its scores may be a "
                     "little worse than they could be")

    with progress.step("scoring and screening the columns"), warnings.catch_warnings():
        # categories seen only in the test part are encoded as zeros, as documented
        warnings.filterwarnings("ignore", message="Found unknown categories")
        diagnosis = diagnose(pipeline, X_train, y_train, X_test, y_test, positive=1)
        proba = pipeline.predict_proba(X_test)[:, 1]
        decisions = pipeline.predict(X_test)
        nearly_equal = screens.nearly_equal_columns(X_train, y_train, diagnosis.leakage)
        duplicates = screens.duplicates_across(X_train, y_train, X_test, y_test)

    pi_train = float(np.mean(y_train))
    perfect_spread = math.sqrt(pi_train * (1 - pi_train))  # of 0/1 "probabilities"
    probabilities = {"max": float(proba.max()), "std": float(proba.std()),
                     "share_positive": float(np.mean(proba >= 0.5)),
                     "relative_spread": float(proba.std() / perfect_spread)}
    majority = int(pi_train > 0.5)
    with progress.step(f"bootstrapping the scores ({n_resamples:,} resamples of "
                       f"{len(y_test):,} test rows)"):
        table = scores.score_table(y_test, proba, decisions, positive_name=found.positive_name,
                                   negative_name=found.negative_name, majority=majority,
                                   n_resamples=n_resamples, random_state=seed)
        cost = None
        if prices is not None:
            matrix = np.array([[0.0, prices[0]], [prices[1], 0.0]])
            cost = scores.cost_summary(y_test, proba, decisions, matrix,
                                       n_resamples=n_resamples, random_state=seed)
            cost["prices"] = prices

    parts = pd.DataFrame({"train": _prevalence_row(y_train), "test": _prevalence_row(y_test)}).T
    exam = Examination(
        data=data, test=test, target=found, model=model,
        description=reference_models.describe(model), split=split, seed=seed,
        n_resamples=n_resamples, plan=plan,
        columns={"numbers": list(X_train.select_dtypes("number").columns),
                 "text": list(X_train.select_dtypes(exclude="number").columns)},
        notes=notes, parts=parts, diagnosis=diagnosis, probabilities=probabilities,
        scores=table, nearly_equal=nearly_equal, id_like=id_like, duplicates=duplicates,
        costs=cost, y_test=np.asarray(y_test), proba_test=proba, decisions_test=decisions,
        missing=X.isna().sum(), n_rows=len(X))
    exam.flags = _flags(exam)
    return exam


def _signed(value):
    return f"{value + 0.0:+.3f}" if round(value, 3) != 0 else "+0.000"  # never "-0.000"


def _interval(low, high):
    return f"[{_signed(low)}, {_signed(high)}]"


def _no_better_than_majority(exam):
    accuracy = exam.scores.loc["accuracy"]
    majority = "positive" if exam.parts.loc["train", "prevalence"] > 0.5 else "negative"
    return (f"no better than the majority baseline: accuracy {accuracy['model']:.3f}, against "
            f"{exam.diagnosis.majority_accuracy:.3f} for predicting the {majority} class for "
            f"everyone (difference {_signed(accuracy['difference'])} "
            f"{_interval(accuracy['difference_low'], accuracy['difference_high'])})")


def _flags(exam):
    """Return ``diagnose``'s flags in the reader's words, then the clinic's own."""
    d, target, flags = exam.diagnosis, exam.target, []
    positive, negative = target.positive_name, target.negative_name
    n_test = len(exam.y_test)
    true_positive_rows = int(exam.y_test.sum())
    for text in d.flags:
        flag = from_diagnosis(text)
        key = flag.key
        if key == "one class":
            only = positive if d.predicted_counts[1] else negative
            text = (f"predicts one class: all {n_test:,} test rows are predicted {only} "
                    f"(test ROC AUC {d.test_auc:.3f})")
        elif key == "rarely positive":
            text = (f"predicts the positive class rarely: {d.predicted_counts[1]:,} of "
                    f"{n_test:,} test rows predicted {positive}, while {true_positive_rows:,} "
                    "are")
        elif key == "few positives":
            low, high = exam.parts.loc["test", ["low", "high"]]
            text = (f"too few test positives to judge any score: {true_positive_rows} (fewer "
                    f"than {MIN_TEST_POSITIVES}; the prevalence could be anywhere from "
                    f"{low:.3f} to {high:.3f})")
        elif key == "no better than majority":
            text = _no_better_than_majority(exam)
        elif key == "no ranking signal":
            text = f"no ranking signal: test ROC AUC {d.test_auc:.3f} (0.5 is chance)"
        elif key == "overfits":
            text = (f"overfits: ROC AUC {d.train_auc:.3f} on the training part, "
                    f"{d.test_auc:.3f} on the test part")
            if exam.model == "forest":
                text += (" (a forest ranks its own training rows almost perfectly by "
                         "design: judge it by the test scores)")
        elif key == "leakage suspect":
            strong = d.leakage[d.leakage["distance"] >= LEAKAGE_AUC - 0.5]
            text = "leakage suspect, one column alone separates the classes: " + ", ".join(
                f"{name} (AUC {row.auc:.3f})" for name, row in strong.iterrows())
        elif key == "too good":
            text = f"too good to be true: test ROC AUC {d.test_auc:.3f}"
        flags.append(Flag(key, text))

    keys = {flag.key for flag in flags}
    accuracy = exam.scores.loc["accuracy"]
    if "no better than majority" not in keys and accuracy["difference_low"] <= 0:
        # above the majority's accuracy here, but not surely: the paired interval says so
        flags.append(Flag("no better than majority", _no_better_than_majority(exam)))
    p = exam.probabilities
    if p["max"] < 0.5:
        flags.append(Flag("below threshold", f"no test probability reaches 0.5: the largest "
                                             f"is {p['max']:.3f}"))
    if p["relative_spread"] < SQUEEZED:
        flags.append(Flag("squeezed", f"the probabilities are squeezed: their spread "
                                      f"(standard deviation {p['std']:.3f}) is "
                                      f"{p['relative_spread']:.0%} of a perfect ranker's"))
    if exam.nearly_equal:
        flags.append(Flag("equal to the label", "equal or nearly equal to the label: " +
                          "; ".join(f"{c} ({why})" for c, why in exam.nearly_equal.items())))
    if exam.id_like:
        flags.append(Flag("id-like", "ID-like columns: " +
                          "; ".join(f"{c} ({why})" for c, why in exam.id_like.items())))
    dup = exam.duplicates
    if dup["share"] >= DUPLICATE_SHARE:
        flags.append(Flag("duplicates", f"{dup['rows']:,} of {n_test:,} test rows "
                                        f"({dup['share']:.1%}) repeat a training row, "
                                        f"{dup['same_label']:,} with the same label"))
    majority_class = negative if exam.parts.loc["train", "prevalence"] < 0.5 else positive
    majority_row = exam.scores.loc[f"F1 ({majority_class})"]
    if majority_row["difference_low"] <= 0:
        flags.append(Flag("f1 of the majority", (
            f"{majority_row.name} is {majority_row['model']:.3f}, but predicting that class "
            f"for everyone gets {majority_row['model'] - majority_row['difference']:.3f} "
            f"(difference {_signed(majority_row['difference'])} "
            f"{_interval(majority_row['difference_low'], majority_row['difference_high'])})")))
    if exam.costs is not None:
        difference = exam.costs["difference"]
        if difference.high >= 0:
            flags.append(Flag("costly", (
                f"no sure saving: at the cost-optimal threshold "
                f"({exam.costs['threshold']:.3g}) the model's cost a row minus that of "
                f"'{exam.costs['cheapest_trivial']}' is {_signed(difference.mean)} "
                f"{_interval(difference.low, difference.high)}")))
    if target.merged:
        flags.append(Flag("merged classes", f"{len(target.merged)} classes "
                                            f"({', '.join(target.merged[:10])}) form the "
                                            f"negative class {negative}"))
    return sorted(flags, key=lambda flag: 99 if flag.row is None else flag.row)
