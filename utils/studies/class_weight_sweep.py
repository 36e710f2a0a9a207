"""Chapter 7's study: the class-weight sweep of "Adventures in Imbalanced Learning".

The experiment follows the blog post "Adventures in Imbalanced Learning and Class Weight"
(andersource, 2025): data from :func:`sklearn.datasets.make_classification` with 1 % positives,
the default :func:`~sklearn.model_selection.train_test_split`, a default
:class:`~sklearn.tree.DecisionTreeClassifier` fitted with ``sample_weight`` ``alpha`` on the
positives (1 on the negatives), and the F1 score of the positive class on the test split, over a
grid of ``class_sep`` (a stand-in for how good the trade-off curve is) and ``alpha``.

The post ran 1000 independent repetitions per cell. This engine reaches the same precision on the
quantity the post's claim is about -- the *contrast* ``F1(alpha) - F1(1)`` -- with fewer fits:

* **Paired design.** One dataset, one split and one tree ``random_state`` per
  ``(class_sep, repetition)`` are shared by every ``alpha``, so each repetition yields a paired
  contrast and the noise the weights share (dataset, split, test sampling) cancels.
* **Planned repetitions.** :func:`plan_repetitions` turns a pilot run into the number of
  repetitions each cell needs for the standard error of its paired contrast to be no larger
  than the post's unpaired design gives at 1000 repetitions; :func:`run_to_target` runs the
  pilot, the plan, and top-ups (:func:`top_up_repetitions`) for any cell that still misses the
  target once its own repetitions are in.
* **Order-free seeds.** Every random seed comes from :class:`numpy.random.SeedSequence` keyed
  by ``(seed, class_sep, repetition)``, so results do not depend on the grid passed, the number
  of workers or the chunking. Repetitions ``0..n-1`` of a short run are exactly the first
  repetitions of a longer one.
* **The scaffold.** Blocks of repetitions run through :func:`utils.studies.scaffold.parallel_map`
  (joblib, so ``joblib.parallel_config(backend="dask")`` runs the sweep unchanged) and are
  cached on disk by :func:`utils.studies.scaffold.cached`, keyed by every argument and the
  library versions.

A cell of the committed summary is one ``(class_sep, alpha)``; its re-run replays the cell's
committed number of repetitions, and the same repetitions of the unweighted baseline. F1 is
undefined when a tree predicts no positive on the test split; the engine follows
scikit-learn's ``zero_division=0`` convention (F1 = 0 there) and records ``n_pred_pos`` so such
repetitions can be counted. ``python -m utils.studies class_weight_sweep --help`` for the
command line.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from utils._validation import check_scalar
from utils.studies.scaffold import Parameter, Study, cached, check_n_jobs, parallel_map

#: ``class_sep`` grid of the post.
DEFAULT_CLASS_SEPS = np.linspace(0.05, 3, 15).round(2)
#: ``alpha`` grid of the post: 15 log-spaced weights from 1 to 10**2.5.
DEFAULT_ALPHAS = np.logspace(0, 2.5, 15)
#: Base seed of the committed run.
DEFAULT_SEED = 20250505
#: Repetitions per cell in the post's design; the precision target is its contrast SE.
AUTHOR_REPETITIONS = 1000
#: Arguments of :func:`sklearn.datasets.make_classification` fixed by the post.
DATASET_PARAMS = {
    "n_samples": 10_000,
    "n_features": 10,
    "n_informative": 5,
    "n_redundant": 0,
    "weights": (0.99,),
    "n_clusters_per_class": 2,
    "flip_y": 0,
}
NAME = "class_weight_sweep"
# First entry of every SeedSequence spawn key: the committed run's seeds; another design
# (the benchmark's unpaired one) keys its own stream.
_STREAM_PAIRED = 0
# Repetitions per joblib task: one task is then 10-150 fits, seconds of work, so dispatch
# overhead is negligible; plans round repetition counts to this multiple.
_BLOCK_SIZE = 10
_RESULT_COLUMNS = [
    "class_sep",
    "alpha",
    "repetition",
    "f1",
    "precision",
    "recall",
    "tnr",
    "balanced_accuracy",
    "n_pred_pos",
    "n_test_pos",
    "n_leaves",
]


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------


def _positive_grid(name, values):
    """Return ``values`` as a 1-D float array of distinct positive finite numbers."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable | np.ndarray):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    values = list(np.ravel(np.asarray(values, dtype=object)))
    if not values:
        raise ValueError(f"{name} must not be empty")
    for v in values:
        if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name} must contain only real numbers, got {v!r}")
    arr = np.asarray(values, dtype=float)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite")
    if (arr <= 0).any():
        raise ValueError(f"{name} must be > 0, got {arr[arr <= 0][0]!r}")
    if np.unique(arr).size != arr.size:
        raise ValueError(f"{name} must not contain duplicates")
    return arr


def _key(name, value):
    """Integer key of a grid value in millionths, for seeding independent of its position."""
    key = round(float(value) * 1_000_000)
    if key <= 0 or key >= 2**63:
        raise ValueError(f"{name}={value!r} is outside the range the seeds can key")
    return key


def _repetitions_per_cell(class_seps, alphas, repetitions):
    """Map each ``class_sep`` to ``{alpha: repetitions}``, from one count or a plan's table."""
    if not isinstance(repetitions, pd.DataFrame):
        n = check_scalar(repetitions, "repetitions", numbers.Integral, min_val=1)
        return {float(cs): dict.fromkeys(map(float, alphas), n) for cs in class_seps}
    if not {"class_sep", "alpha", "planned_reps"} <= set(repetitions.columns):
        raise ValueError("a repetitions table needs the columns class_sep, alpha and "
                         "planned_reps")
    out = {}
    for cs in class_seps:
        same_sep = np.isclose(repetitions["class_sep"], cs, rtol=0, atol=1e-9)
        out[float(cs)] = {}
        for a in alphas:
            hit = same_sep & np.isclose(repetitions["alpha"], a, rtol=1e-9, atol=0)
            if not hit.any():
                raise ValueError(f"repetitions has no entry for class_sep={float(cs)!r}, "
                                 f"alpha={float(a)!r}")
            n = repetitions.loc[hit, "planned_reps"].iloc[0]
            out[float(cs)][float(a)] = check_scalar(n, f"repetitions[{cs!r}, {a!r}]",
                                                    numbers.Integral, min_val=1)
    return out


# ----------------------------------------------------------------------------------------------
# One repetition
# ----------------------------------------------------------------------------------------------


def repetition_seeds(seed, class_sep, repetition):
    """Seeds of the dataset, the split and the tree of one repetition, shared by every alpha.

    Parameters
    ----------
    seed : int
        Base seed of the sweep (non-negative).
    class_sep : float
        ``class_sep`` of the dataset; the seeds depend on its value, not on its position in a
        grid.
    repetition : int
        Repetition index (non-negative).

    Returns
    -------
    tuple of int
        ``(data_seed, split_seed, tree_seed)``, each in ``[0, 2**32)``.

    """
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    repetition = check_scalar(repetition, "repetition", numbers.Integral, min_val=0)
    key = [_STREAM_PAIRED, _key("class_sep", class_sep), repetition]
    states = np.random.SeedSequence(seed, spawn_key=key).generate_state(3, dtype=np.uint32)
    return tuple(int(s) for s in states)


def make_dataset(class_sep, data_seed, split_seed):
    """Generate and split one dataset of the post's experiment.

    Parameters
    ----------
    class_sep : float
        Separation of the classes in :func:`~sklearn.datasets.make_classification`.
    data_seed, split_seed : int
        Seeds of the generator and of :func:`~sklearn.model_selection.train_test_split`.

    Returns
    -------
    X_train, X_test, y_train, y_test : numpy.ndarray
        The default 75 % / 25 % split of 10 000 samples with 1 % positives.

    """
    X, y = make_classification(**DATASET_PARAMS, class_sep=class_sep, random_state=data_seed)
    return train_test_split(X, y, random_state=split_seed)


def fit_weighted_tree(X_train, y_train, alpha, tree_seed):
    """Fit a default decision tree with weight ``alpha`` on the positives and 1 on the negatives.

    Parameters
    ----------
    X_train : numpy.ndarray of shape (n_samples, n_features)
        Training features.
    y_train : numpy.ndarray of shape (n_samples,)
        Training labels in {0, 1}.
    alpha : float
        Weight of each positive training example.
    tree_seed : int
        ``random_state`` of the tree (it breaks ties between equally good splits).

    Returns
    -------
    sklearn.tree.DecisionTreeClassifier
        The fitted, unpruned tree.

    """
    sample_weight = np.where(y_train == 1, float(alpha), 1.0)
    return DecisionTreeClassifier(random_state=tree_seed).fit(
        X_train, y_train, sample_weight=sample_weight
    )


def score_predictions(y_true, y_pred):
    """Test metrics of the positive class, from one scikit-learn call.

    Parameters
    ----------
    y_true, y_pred : numpy.ndarray of shape (n_samples,)
        True and predicted labels in {0, 1}.

    Returns
    -------
    dict
        ``f1``, ``precision``, ``recall`` (true-positive rate, the theory's x), ``tnr``
        (true-negative rate, the theory's z), ``balanced_accuracy`` (their mean, as
        :func:`sklearn.metrics.balanced_accuracy_score` defines it), ``n_pred_pos`` and
        ``n_test_pos``. Undefined ratios are 0 (``zero_division=0``): F1 and precision are 0
        when nothing is predicted positive.

    """
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=[0, 1], average=None, zero_division=0
    )
    return {
        "f1": float(f1[1]),
        "precision": float(precision[1]),
        "recall": float(recall[1]),
        "tnr": float(recall[0]),
        "balanced_accuracy": float((recall[0] + recall[1]) / 2),
        "n_pred_pos": int(np.count_nonzero(y_pred == 1)),
        "n_test_pos": int(support[1]),
    }


def _simulate_block(class_sep, alphas, rep_start, rep_stop, seed):
    """Run repetitions ``rep_start..rep_stop-1`` of one ``class_sep`` for every ``alpha``.

    Returns the block's results and the seconds it took to compute them.
    """
    start = time.perf_counter()
    rows = []
    for rep in range(rep_start, rep_stop):
        data_seed, split_seed, tree_seed = repetition_seeds(seed, class_sep, rep)
        X_train, X_test, y_train, y_test = make_dataset(class_sep, data_seed, split_seed)
        for alpha in alphas:
            tree = fit_weighted_tree(X_train, y_train, alpha, tree_seed)
            row = score_predictions(y_test, tree.predict(X_test))
            row.update(class_sep=class_sep, alpha=alpha, repetition=rep,
                       n_leaves=tree.get_n_leaves())
            rows.append(row)
    # The compute time travels with the cached block, so a resumed run still knows the cost.
    return pd.DataFrame(rows, columns=_RESULT_COLUMNS), time.perf_counter() - start


def _blocks(reps, block_size):
    """Blocks ``(class_sep, alphas, start, stop)`` of repetitions that share their alphas.

    Blocks are cut at multiples of ``block_size`` -- so a short run's blocks are a subset of a
    longer run's and the cache is reused -- and wherever an alpha's repetitions end. Each block
    lists, in increasing order, the alphas that need all of its repetitions.
    """
    blocks = []
    for cs, per_alpha in reps.items():
        longest = max(per_alpha.values())
        cuts = sorted(set(range(0, longest, block_size)) | set(per_alpha.values()))
        for start, stop in zip(cuts[:-1], cuts[1:], strict=True):
            active = sorted(a for a, n in per_alpha.items() if n >= stop)
            blocks.append((cs, active, start, stop))
    return blocks


def _finish(frames):
    """Concatenate result blocks into one frame in a fixed row order."""
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["class_sep", "alpha", "repetition"], kind="stable", ignore_index=True)
    return df.astype({"repetition": "int64", "n_pred_pos": "int64", "n_test_pos": "int64",
                      "n_leaves": "int64"})


# ----------------------------------------------------------------------------------------------
# Sweeps
# ----------------------------------------------------------------------------------------------


def run_sweep(
    class_seps=DEFAULT_CLASS_SEPS,
    alphas=DEFAULT_ALPHAS,
    repetitions=50,
    *,
    seed=DEFAULT_SEED,
    n_jobs=1,
    cache=True,
    progress=False,
    block_size=_BLOCK_SIZE,
):
    """Run the paired sweep: one dataset per ``(class_sep, repetition)``, shared by every alpha.

    Parameters
    ----------
    class_seps : sequence of float, default DEFAULT_CLASS_SEPS
        Values of ``class_sep`` (positive, distinct).
    alphas : sequence of float, default DEFAULT_ALPHAS
        Positive-class weights (positive, distinct). Include 1.0 to get contrasts from
        :func:`summarise`.
    repetitions : int or pandas.DataFrame, default 50
        Repetitions ``0..n-1``: one count for every cell (a pilot), or a table with columns
        ``class_sep``, ``alpha`` and ``planned_reps`` giving each cell its own count (the
        output of :func:`plan_repetitions`).
    seed : int, default DEFAULT_SEED
        Base seed; every dataset, split and tree seed is derived from it, the ``class_sep``
        value and the repetition index (see :func:`repetition_seeds`).
    n_jobs : int or None, default 1
        Workers for :class:`joblib.Parallel` (``-1``: all cores; ``None``: the active
        ``joblib.parallel_config``). The results do not depend on it.
    cache : bool or path-like, default True
        ``True`` caches blocks under ``utils/_cache/class_weight_sweep``; a path caches there;
        ``False`` or ``None`` disables caching.
    progress : bool, default False
        Show a progress bar (for the command line; chapters keep it off).
    block_size : int, default 10
        Repetitions per task, large enough to amortise the dispatch overhead. The results do
        not depend on it; cache entries do.

    Returns
    -------
    pandas.DataFrame
        One row per ``(class_sep, alpha, repetition)``, sorted, with columns ``class_sep``,
        ``alpha``, ``repetition``, ``f1``, ``precision``, ``recall``, ``tnr``,
        ``balanced_accuracy``, ``n_pred_pos``, ``n_test_pos`` and ``n_leaves``.
        ``df.attrs`` holds ``seed``, ``blocks_cached``, ``blocks_computed`` and
        ``compute_seconds`` (one-worker seconds spent on all blocks, including cached ones
        when they were first computed).

    Raises
    ------
    TypeError, ValueError
        On a non-numeric, non-positive, NaN or duplicate grid value, a bad repetition count,
        seed, ``n_jobs``, ``block_size`` or ``cache``.

    """
    class_seps = _positive_grid("class_seps", class_seps)
    alphas = _positive_grid("alphas", alphas)
    for cs in class_seps:
        _key("class_sep", cs)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    n_jobs = check_n_jobs(n_jobs)
    block_size = check_scalar(block_size, "block_size", numbers.Integral, min_val=1)
    reps = _repetitions_per_cell(class_seps, alphas, repetitions)
    return _execute(_blocks(reps, block_size), seed, n_jobs, cache, progress)


def _execute(blocks, seed, n_jobs, cache, progress):
    """Run blocks ``(class_sep, alphas, start, stop)`` through joblib and the cache."""
    simulate = cached(STUDY, _simulate_block, cache)
    tasks = [(cs, active, a, b, seed) for cs, active, a, b in blocks]
    in_cache = sum(simulate.in_cache(*task) for task in tasks)
    results = parallel_map(simulate, tasks, n_jobs=n_jobs, progress=progress,
                           desc="class-weight sweep", unit="fit",
                           total=sum(len(active) * (b - a) for _, active, a, b in blocks),
                           size=lambda result: len(result[0]))
    df = _finish([frame for frame, _ in results])
    df.attrs.update(seed=seed, blocks_cached=int(in_cache),
                    blocks_computed=len(tasks) - int(in_cache),
                    compute_seconds=sum(seconds for _, seconds in results))
    return df


# ----------------------------------------------------------------------------------------------
# Summaries and planning
# ----------------------------------------------------------------------------------------------


def _check_results(df):
    """Check that ``df`` looks like the output of :func:`run_sweep`."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame of sweep results, got {type(df).__name__}")
    missing = {"class_sep", "alpha", "repetition", "f1"} - set(df.columns)
    if missing:
        raise ValueError(f"sweep results lack the columns {sorted(missing)}")
    if df.empty:
        raise ValueError("sweep results are empty")


def _baseline_value(alphas, baseline_alpha):
    """Return the grid value equal (to rounding) to ``baseline_alpha``."""
    match = alphas[np.isclose(alphas, baseline_alpha, rtol=1e-12, atol=0)]
    if match.size == 0:
        raise ValueError(f"baseline_alpha={baseline_alpha!r} is not among the results' alphas")
    return match[0]


def summarise(df, *, baseline_alpha=1.0, author_repetitions=AUTHOR_REPETITIONS):
    """Per-cell means, standard errors and contrasts against ``baseline_alpha``.

    All statistics are computed with numpy on arrays sorted by repetition, so recomputing a
    cell from the same repetitions reproduces it bit for bit.

    Parameters
    ----------
    df : pandas.DataFrame
        Output of :func:`run_sweep`.
    baseline_alpha : float, default 1.0
        The weight contrasts are taken against (unweighted training).
    author_repetitions : int, default 1000
        Repetitions of the post's unpaired design that define ``target_se``.

    Returns
    -------
    pandas.DataFrame
        One row per ``(class_sep, alpha)`` with ``n_reps``, ``mean_f1``, ``sd_f1``, ``se_f1``,
        ``mean_contrast`` and ``se_contrast`` (F1 minus the baseline's, paired on the cell's
        repetitions), ``target_se`` (the contrast SE the post's unpaired design reaches with
        ``author_repetitions``, ``sqrt(var F1(alpha) + var F1(baseline)) /
        sqrt(author_repetitions)``, estimated from the cell's repetitions), ``meets_target``,
        means of ``precision``, ``recall``, ``tnr`` and
        ``balanced_accuracy`` when present, and ``frac_no_pred_pos`` (share of repetitions
        with no predicted positive, where F1 = 0 by convention).

    """
    _check_results(df)
    author_repetitions = check_scalar(author_repetitions, "author_repetitions", numbers.Integral,
                                      min_val=2)
    df = df.sort_values(["class_sep", "alpha", "repetition"], kind="stable")
    extra = [c for c in ("precision", "recall", "tnr", "balanced_accuracy") if c in df.columns]
    out = []
    for cs, sub in df.groupby("class_sep", sort=True):
        alphas = np.unique(sub["alpha"].to_numpy())
        base_alpha = _baseline_value(alphas, baseline_alpha)
        base = sub[sub["alpha"] == base_alpha]
        base_f1 = pd.Series(base["f1"].to_numpy(dtype=float), index=base["repetition"].to_numpy())
        for alpha in alphas:
            cell = sub[sub["alpha"] == alpha]
            f1 = np.ascontiguousarray(cell["f1"].to_numpy(dtype=float))
            n = f1.size
            var = np.var(f1, ddof=1) if n > 1 else np.nan
            # An alpha may have fewer repetitions than the baseline (per-cell plans): pair it
            # with the baseline on its own repetitions, so the cell's numbers depend on those
            # repetitions only.
            reps = cell["repetition"].to_numpy()
            if not np.isin(reps, base_f1.index).all():
                raise ValueError(
                    f"class_sep={cs!r}, alpha={alpha!r}: some repetitions are missing at "
                    "the baseline, so contrasts cannot be paired"
                )
            paired_base = np.ascontiguousarray(base_f1.loc[reps].to_numpy())
            base_var = np.var(paired_base, ddof=1) if n > 1 else np.nan
            diff = f1 - paired_base
            mean_contrast = np.mean(diff)
            se_contrast = np.std(diff, ddof=1) / np.sqrt(n) if n > 1 else np.nan
            target = np.sqrt(var + base_var) / np.sqrt(author_repetitions)
            row = {
                "class_sep": float(cs),
                "alpha": float(alpha),
                "n_reps": int(n),
                "mean_f1": float(np.mean(f1)),
                "sd_f1": float(np.sqrt(var)),
                "se_f1": float(np.sqrt(var / n)),
                "mean_contrast": float(mean_contrast),
                "se_contrast": float(se_contrast),
                "target_se": float(target),
                # The baseline's contrast is identically 0: nothing to meet.
                "meets_target": bool(alpha == base_alpha or se_contrast <= target),
            }
            for col in extra:
                row[f"mean_{col}"] = float(np.mean(cell[col].to_numpy(dtype=float)))
            if "n_pred_pos" in cell.columns:
                row["frac_no_pred_pos"] = float(np.mean(cell["n_pred_pos"].to_numpy() == 0))
            out.append(row)
    return pd.DataFrame(out)


def _round_up(n, multiple):
    """Round ``n`` up to a multiple of ``multiple``."""
    return int(multiple * math.ceil(n / multiple - 1e-12))


def _check_per(per):
    """Validate the planning granularity."""
    if per not in ("cell", "class_sep"):
        raise ValueError(f"per must be 'cell' or 'class_sep', got {per!r}")
    return per


def plan_repetitions(
    pilot,
    *,
    per="cell",
    baseline_alpha=1.0,
    author_repetitions=AUTHOR_REPETITIONS,
    margin=1.25,
    floor=None,
    multiple=10,
):
    """Repetitions for the paired contrasts to match the precision of the post's design.

    In cell ``(class_sep, alpha)`` the post's unpaired design with ``R = author_repetitions``
    gives a contrast SE of ``sqrt(var F1(alpha) + var F1(1)) / sqrt(R)``; the paired design
    with ``n`` repetitions gives ``sd(F1(alpha) - F1(1)) / sqrt(n)``. Equating them,
    ``n = R * var(diff) / (var F1(alpha) + var F1(1))``, estimated from the pilot, multiplied by
    ``margin`` (the pilot's variances are estimates), rounded up to a multiple of ``multiple``
    and raised to ``floor``.

    Parameters
    ----------
    pilot : pandas.DataFrame
        Paired results from :func:`run_sweep`, the same repetitions (at least 2) for every
        alpha of a class_sep.
    per : {"cell", "class_sep"}, default "cell"
        ``"cell"``: every alpha gets its own count and the baseline, which every contrast
        needs, the largest of its class_sep. ``"class_sep"``: every alpha of a class_sep gets
        the largest count of the class_sep.
    baseline_alpha : float, default 1.0
        The weight contrasts are taken against.
    author_repetitions : int, default 1000
        Repetitions of the post's design.
    margin : float, default 1.25
        Safety factor (>= 1) on the estimated repetitions.
    floor : int, optional
        Minimum repetitions per cell; by default the pilot's, which are already paid for.
    multiple : int, default 10
        Round the repetitions up to a multiple of this (the engine's block size).

    Returns
    -------
    pandas.DataFrame
        One row per ``(class_sep, alpha)``: ``pilot_reps``, ``var_ratio``
        (``var(diff) / (var F1(alpha) + var F1(1))``, 0 at the baseline), ``needed_reps``
        (``author_repetitions * var_ratio``, before margin and floor) and ``planned_reps``.
        Pass it to :func:`run_sweep` as ``repetitions``.

    """
    _check_results(pilot)
    per = _check_per(per)
    author_repetitions = check_scalar(author_repetitions, "author_repetitions", numbers.Integral,
                                      min_val=2)
    if floor is not None:
        floor = check_scalar(floor, "floor", numbers.Integral, min_val=2)
    multiple = check_scalar(multiple, "multiple", numbers.Integral, min_val=1)
    margin = check_scalar(margin, "margin", numbers.Real, min_val=1)
    pilot = pilot.sort_values(["class_sep", "alpha", "repetition"], kind="stable")
    rows = []
    for cs, sub in pilot.groupby("class_sep", sort=True):
        wide = sub.pivot(index="repetition", columns="alpha", values="f1")
        if wide.isna().any().any():
            raise ValueError(f"class_sep={cs!r}: the pilot is not paired (missing cells)")
        if len(wide) < 2:
            raise ValueError(f"class_sep={cs!r}: the pilot needs at least 2 repetitions")
        base = _baseline_value(wide.columns.to_numpy(), baseline_alpha)
        f1 = wide.to_numpy()
        b = wide[base].to_numpy()
        var_diff = np.var(f1 - b[:, None], axis=0, ddof=1)
        var_sum = np.var(f1, axis=0, ddof=1) + np.var(b, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(var_diff == 0, 0.0, var_diff / var_sum)
        if not np.isfinite(ratio).all():
            raise ValueError(
                f"class_sep={cs!r}: F1 does not vary in the pilot, so the target SE is 0; "
                "run a longer pilot"
            )
        lowest = len(wide) if floor is None else floor
        needed = author_repetitions * ratio
        planned = np.array([max(lowest, _round_up(margin * n, multiple)) for n in needed])
        is_base = wide.columns.to_numpy() == base
        if per == "class_sep":
            planned[:] = planned.max()
        planned[is_base] = planned.max()
        for a, r, n, k in zip(wide.columns, ratio, needed, planned, strict=True):
            rows.append({
                "class_sep": float(cs),
                "alpha": float(a),
                "pilot_reps": len(wide),
                "var_ratio": float(r),
                "needed_reps": float(n),
                "planned_reps": int(k),
            })
    return pd.DataFrame(rows)


def top_up_repetitions(summary, *, per="cell", baseline_alpha=1.0, safety=1.1, multiple=10):
    """Repetitions that bring every cell that misses the precision target up to it.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`summarise` for a paired run.
    per : {"cell", "class_sep"}, default "cell"
        As in :func:`plan_repetitions`.
    baseline_alpha : float, default 1.0
        The weight contrasts are taken against.
    safety : float, default 1.1
        Factor (>= 1) on the repetitions the summary's own variance estimates call for,
        ``n * (se_contrast / target_se)**2``.
    multiple : int, default 10
        Round up to a multiple of this.

    Returns
    -------
    pandas.DataFrame
        ``class_sep``, ``alpha`` and ``planned_reps``: the current ``n_reps`` where the target
        is met, more where it is not, and for the baseline the largest of its class_sep.
        Unchanged from ``n_reps`` everywhere when every cell meets the target.

    """
    per = _check_per(per)
    safety = check_scalar(safety, "safety", numbers.Real, min_val=1)
    multiple = check_scalar(multiple, "multiple", numbers.Integral, min_val=1)
    need = {"class_sep", "alpha", "n_reps", "se_contrast", "target_se", "meets_target"}
    if not isinstance(summary, pd.DataFrame) or not need <= set(summary.columns):
        raise ValueError(f"summary must be a DataFrame from summarise() with columns {need}")
    out = summary[["class_sep", "alpha"]].copy()
    grow = summary["n_reps"] * (summary["se_contrast"] / summary["target_se"]) ** 2 * safety
    planned = np.where(summary["meets_target"], summary["n_reps"],
                       [_round_up(g, multiple) if np.isfinite(g) else n
                        for g, n in zip(grow, summary["n_reps"], strict=True)])
    out["planned_reps"] = np.maximum(planned, summary["n_reps"]).astype(int)
    longest = out.groupby("class_sep")["planned_reps"].transform("max")
    is_base = np.isclose(summary["alpha"], baseline_alpha, rtol=1e-12, atol=0)
    if per == "class_sep":
        out["planned_reps"] = longest
    out.loc[is_base, "planned_reps"] = longest[is_base]
    return out.reset_index(drop=True)


def run_to_target(
    class_seps=DEFAULT_CLASS_SEPS,
    alphas=DEFAULT_ALPHAS,
    *,
    pilot_reps=50,
    per="cell",
    margin=1.25,
    max_rounds=4,
    author_repetitions=AUTHOR_REPETITIONS,
    seed=DEFAULT_SEED,
    n_jobs=1,
    cache=True,
    progress=False,
):
    """Pilot, plan, run, and top up until every contrast meets the precision target.

    Repetitions ``0..n-1`` of a short run are those of a longer one, so the pilot's are reused
    (through the cache) and a top-up only adds repetitions. The number of repetitions depends
    on the variances only, never on the means being estimated.

    Parameters
    ----------
    class_seps, alphas : sequence of float
        Grid; ``alphas`` must contain the baseline 1.0.
    pilot_reps : int, default 50
        Repetitions per cell of the pilot; a multiple of 10 (the block size) lets the
        planned run reuse the pilot's blocks from the cache.
    per : {"cell", "class_sep"}, default "cell"
        Planning granularity (see :func:`plan_repetitions`).
    margin : float, default 1.25
        Safety factor of the plan.
    max_rounds : int, default 4
        Runs after the pilot: the planned one and up to ``max_rounds - 1`` top-ups, each
        adding repetitions ``n..m-1`` to the cells that miss the target.
    author_repetitions : int, default 1000
        Repetitions of the post's unpaired design that define the target.
    seed, n_jobs, cache, progress
        As in :func:`run_sweep`.

    Returns
    -------
    results : pandas.DataFrame
        Per-repetition results (see :func:`run_sweep`); the same rows as
        ``run_sweep(class_seps, alphas, rounds[-1])``. ``attrs`` sums the cache statistics
        and compute seconds of every run after the pilot.
    rounds : list of pandas.DataFrame
        Repetitions per cell (``class_sep``, ``alpha``, ``planned_reps``) after each run: the
        plan (with its pilot estimates), then each top-up.

    """
    pilot_reps = check_scalar(pilot_reps, "pilot_reps", numbers.Integral, min_val=2)
    max_rounds = check_scalar(max_rounds, "max_rounds", numbers.Integral, min_val=1)
    common = {"seed": seed, "n_jobs": n_jobs, "cache": cache, "progress": progress}
    pilot = run_sweep(class_seps, alphas, pilot_reps, **common)
    plan = plan_repetitions(pilot, per=per, margin=margin, author_repetitions=author_repetitions)
    # The plan's first blocks are the pilot's (every count is >= the pilot's): cache hits.
    df = run_sweep(class_seps, alphas, plan, **common)
    stats = {k: df.attrs[k] for k in ("blocks_cached", "blocks_computed", "compute_seconds")}
    rounds = [plan]
    block_size = _BLOCK_SIZE
    while len(rounds) < max_rounds:
        summary = summarise(df, author_repetitions=author_repetitions)
        more = top_up_repetitions(summary, per=per, multiple=block_size)
        old = summary["n_reps"].to_numpy()
        new = more["planned_reps"].to_numpy()
        if np.array_equal(old, new):
            break
        rounds.append(more)
        # Only the new repetitions of the cells that grow, grouped by their range.
        ranges = {}
        for cs, alpha, a, b in zip(more["class_sep"], more["alpha"], old, new, strict=True):
            if b > a:
                ranges.setdefault((float(cs), int(a), int(b)), []).append(float(alpha))
        blocks = [(cs, sorted(active), start, min(start + block_size, b))
                  for (cs, a, b), active in sorted(ranges.items())
                  for start in range(a, b, block_size)]
        # seed and n_jobs were checked by the pilot's run_sweep
        extra = _execute(blocks, int(seed), n_jobs, cache, progress)
        for k in stats:
            stats[k] += extra.attrs[k]
        df = _finish([df, extra])
    df.attrs.update(stats, seed=seed)
    return df, rounds


# ----------------------------------------------------------------------------------------------
# The study: a run to the target, and a re-run of one cell
# ----------------------------------------------------------------------------------------------


def _run(parameters, *, n_jobs, cache, progress):
    """Pilot, plan, run and top-ups on the post's grid; the summary and what the run took."""
    df, rounds = run_to_target(
        DEFAULT_CLASS_SEPS, DEFAULT_ALPHAS, pilot_reps=parameters["pilot_reps"],
        per=parameters["per"], margin=parameters["margin"],
        max_rounds=parameters["max_rounds"], seed=parameters["seed"], n_jobs=n_jobs,
        cache=cache, progress=progress)
    summary = summarise(df)
    # The seed in every row: the table alone names the repetitions a cell ran.
    summary.insert(0, "seed", parameters["seed"])
    outcome = {
        "fits_per_round": [int(r["planned_reps"].sum()) for r in rounds],
        "total_fits": len(df),
        "author_fits": AUTHOR_REPETITIONS * len(summary),
        "cells_meeting_target": int(summary["meets_target"].sum()),
        "cells": len(summary),
        "blocks_cached": df.attrs["blocks_cached"],
        "blocks_computed": df.attrs["blocks_computed"],
        "compute_seconds_one_worker": round(df.attrs["compute_seconds"], 1),
    }
    return {NAME: summary}, outcome


def cells(seed, pilot_reps, per, margin, max_rounds):
    """Return the cells of the summary: every ``(class_sep, alpha)`` of the post's grid.

    The run plans each cell's repetitions from a pilot, so the cells are not computed one
    by one; a re-run replays one (:func:`recompute`).

    Returns
    -------
    list of dict
    """
    return [{"class_sep": float(cs), "alpha": float(a)}
            for cs in DEFAULT_CLASS_SEPS for a in DEFAULT_ALPHAS]


def compute(cell, seed, n_reps):
    """Return one cell's summary row from ``n_reps`` repetitions, and as many of the baseline.

    Parameters
    ----------
    cell : dict
        ``class_sep`` and ``alpha``.
    seed : int
        Base seed.
    n_reps : int
        Repetitions ``0 .. n_reps - 1``.

    Returns
    -------
    pandas.DataFrame
        One row, the columns of the committed summary (:func:`summarise` after ``seed``).
    """
    cs, alpha = float(cell["class_sep"]), float(cell["alpha"])
    baseline = float(DEFAULT_ALPHAS[0])  # 1.0, the unweighted tree
    alphas = sorted({alpha, baseline})
    df = run_sweep([cs], alphas, n_reps, seed=seed, cache=False)
    row = summarise(df, baseline_alpha=baseline)
    row = row[row["alpha"] == alpha].reset_index(drop=True)
    row.insert(0, "seed", seed)
    return row


def recompute(cell, committed, seed):
    """Replay a committed cell: its committed number of repetitions, with the same seeds.

    Every repetition of the cell (and the same repetitions of the ``alpha = 1`` baseline
    it is contrasted with) is simulated again and summarised the same way, about
    ``2 * n_reps`` fits.

    Parameters
    ----------
    cell : dict
        ``class_sep`` and ``alpha``.
    committed : pandas.DataFrame
        The cell's committed row.
    seed : int
        Base seed of the committed run.

    Returns
    -------
    pandas.DataFrame
        The recomputed row.
    """
    return compute(cell, seed, int(committed["n_reps"].iloc[0]))


def tolerances(committed, seed=DEFAULT_SEED):
    """Return the tolerance of each column when summary rows are re-run elsewhere.

    The trees see continuous features, so a prediction could only flip on another
    machine if a test row lay within rounding of a split threshold: the re-run cell's
    predictions are stable, and its means, standard deviations and standard errors are
    the same arithmetic on the same counts, compared at relative
    :data:`utils.reruns.RTOL`. The grid, the seed, the repetitions and whether a cell
    meets its precision target are compared exactly.

    Parameters
    ----------
    committed : pandas.DataFrame
        Rows of the summary.
    seed : int, default DEFAULT_SEED
        Base seed (the table holds it too).

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.

    """
    exact = {"seed", "class_sep", "alpha", "n_reps", "meets_target"}
    return {column: "exact" if column in exact else "relative" for column in committed.columns}


def describe(seed, pilot_reps, per, margin, max_rounds):
    """Return the design of the sweep, for the provenance."""
    return {
        "seeds": f"repetition r of class_sep c draws its dataset, split and tree seeds from "
                 f"SeedSequence({seed}, spawn_key=({_STREAM_PAIRED}, round(c * 1e6), r)), "
                 "shared by every alpha",
        "class_seps": [float(c) for c in DEFAULT_CLASS_SEPS],
        "alphas": [float(a) for a in DEFAULT_ALPHAS],
        "dataset": {k: list(v) if isinstance(v, tuple) else v for k, v in DATASET_PARAMS.items()},
        "design": "paired: one dataset, split and tree seed per (class_sep, repetition), "
                  "shared by every alpha",
        "precision_target": f"in every cell, SE of F1(alpha) - F1(1) <= the unpaired design's "
                            f"at {AUTHOR_REPETITIONS} repetitions",
        "zero_division": 0,
    }


# ----------------------------------------------------------------------------------------------
# Threshold shift or different splits?
# ----------------------------------------------------------------------------------------------


def pure_leaf_fraction(tree):
    """Fraction of a fitted tree's leaves whose training examples all share one class.

    Parameters
    ----------
    tree : sklearn.tree.DecisionTreeClassifier
        A fitted tree.

    Returns
    -------
    float
        Share of leaves in which every class but one has zero training weight. A pure leaf's
        ``predict_proba`` is 0 or 1, so moving the decision threshold cannot change its
        prediction.

    """
    if not hasattr(tree, "tree_"):
        raise TypeError("tree must be a fitted DecisionTreeClassifier")
    t = tree.tree_
    leaves = t.children_left == -1
    # Class weights, not the impurity: with sample weights the Gini of a pure leaf can round
    # to 1e-16 instead of 0, while an absent class's weight is exactly 0.
    present = t.value[leaves, 0, :] > 0
    return float(np.mean(present.sum(axis=1) == 1))


def tree_diagnostics(class_seps, alphas, repetitions=5, *, seed=DEFAULT_SEED):
    """Measure whether ``alpha`` acts as a threshold shift or only through the tree's splits.

    For each repetition (the same datasets as :func:`run_sweep`), an unweighted tree and a tree
    weighted by ``alpha`` are fitted. A calibrated model trained with weight ``alpha`` behaves
    like the unweighted model thresholded at ``1 / (1 + alpha)``; this compares that threshold
    shift with what the weights actually do.

    Parameters
    ----------
    class_seps, alphas : sequence of float
        Grids, as in :func:`run_sweep`.
    repetitions : int, default 5
        Repetitions per class_sep.
    seed : int, default DEFAULT_SEED
        Base seed.

    Returns
    -------
    pandas.DataFrame
        One row per ``(class_sep, alpha, repetition)`` with ``n_leaves``,
        ``frac_pure_leaves`` (weighted tree), ``frac_test_proba_fractional`` (test points whose
        predicted probability is strictly between 0 and 1), ``frac_changed_by_threshold``
        (test predictions of the unweighted tree that change when its threshold moves from 1/2
        to ``1 / (1 + alpha)``), ``frac_changed_by_weight`` (test predictions that differ
        between the weighted and the unweighted tree) and ``n_pred_pos``.

    """
    class_seps = _positive_grid("class_seps", class_seps)
    alphas = _positive_grid("alphas", alphas)
    repetitions = check_scalar(repetitions, "repetitions", numbers.Integral, min_val=1)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    rows = []
    for cs in class_seps:
        for rep in range(repetitions):
            data_seed, split_seed, tree_seed = repetition_seeds(seed, cs, rep)
            X_train, X_test, y_train, y_test = make_dataset(cs, data_seed, split_seed)
            plain = fit_weighted_tree(X_train, y_train, 1.0, tree_seed)
            plain_proba = plain.predict_proba(X_test)[:, 1]
            plain_pred = plain.predict(X_test)
            for alpha in alphas:
                tree = fit_weighted_tree(X_train, y_train, alpha, tree_seed)
                proba = tree.predict_proba(X_test)[:, 1]
                pred = tree.predict(X_test)
                # Threshold 1/(1+alpha) on the unweighted posterior (Elkan 2001).
                shifted = (plain_proba > 1.0 / (1.0 + alpha)).astype(plain_pred.dtype)
                rows.append({
                    "class_sep": float(cs),
                    "alpha": float(alpha),
                    "repetition": rep,
                    "n_leaves": int(tree.get_n_leaves()),
                    "frac_pure_leaves": pure_leaf_fraction(tree),
                    "frac_test_proba_fractional": float(np.mean((proba > 0) & (proba < 1))),
                    "frac_changed_by_threshold": float(np.mean(shifted != plain_pred)),
                    "frac_changed_by_weight": float(np.mean(pred != plain_pred)),
                    "n_pred_pos": int(np.count_nonzero(pred == 1)),
                })
    return pd.DataFrame(rows)


STUDY = Study(
    name=NAME,
    description="Chapter 7: the class-weight sweep of the post, paired, planned per cell to "
                "the precision of 1000 unpaired repetitions.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"class_sep": 2.79, "alpha": 1.5085907086001784},
    describe=describe,
    parameters={
        "seed": Parameter(DEFAULT_SEED, "base seed of every dataset, split and tree", min_val=0),
        "pilot_reps": Parameter(50, "repetitions per cell of the pilot", grid=True, min_val=2),
        "per": Parameter("cell", "plan the repetitions per cell or per class_sep", grid=True,
                         choices=("cell", "class_sep")),
        "margin": Parameter(1.25, "safety factor on the planned repetitions", grid=True,
                            min_val=1),
        "max_rounds": Parameter(4, "planned run plus top-ups", grid=True, min_val=1),
    },
    changed=0,
    run=_run,
    recompute=recompute,
)
