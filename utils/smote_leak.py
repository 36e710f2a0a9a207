"""Chapter 3's experiment: SMOTE before the split, on pure noise, and its two causes.

"Why is the model exhibiting perfect class imbalance?" (2025) applies SMOTE to its
990/10 uniform-noise data *before* ``train_test_split`` and reads the classification
report as SMOTE mitigating the imbalance. :func:`smote_experiment` re-creates that
procedure for one seed of the data and three models, beside the honest one (a
stratified split first, SMOTE on the training set only), and runs two experiments
that each isolate one cause of the gap:

* **prevalence**: the honest models scored on real points at 50% prevalence (the
  honest test set's negatives and as many fresh positives, drawn like the real ones);
* **interpolation**: the leaky models scored on the leaky test set with its
  positives, nearly all synthetic, replaced by as many fresh real positives.

Twenty seeds take about half a minute of CPU time (the random forests dominate), so
the chapter reads a committed summary and re-runs one seed to check it. Regenerate
the summary with ``python -m utils.smote_leak``; results are cached on disk under
``utils/_cache/`` by seed and library versions.
"""

import argparse
import numbers
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from imblearn.over_sampling import SMOTE
from joblib import Memory, Parallel, delayed
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from utils._validation import check_scalar
from utils.datasets import make_noise_imbalanced
from utils.reruns import changed_predictions

#: The three models, each built from the seed (only the forest uses it).
MODELS = {
    "logistic regression": lambda seed: LogisticRegression(),
    "5-nearest neighbours": lambda seed: KNeighborsClassifier(),
    "random forest": lambda seed: RandomForestClassifier(random_state=seed),
}
#: The columns :func:`smote_experiment` returns, besides ``seed`` and ``model``.
SCORES = (
    "leaky F1",
    "honest F1",
    "honest F1, test at 50%",
    "leaky F1, real positives",
    "leaky recall, synthetic positives",
    "leaky recall, real positives",
    "leaky test prevalence",
    "synthetic share of leaky test positives",
)
DEFAULT_SEEDS = 20
CACHE_DIR = Path(__file__).resolve().parent / "_cache" / "smote_leak"
SUMMARY_CSV = Path(__file__).resolve().parent / "results" / "smote_before_split.csv"
#: Predictions per model and test set that may differ when a seed is re-run on another
#: machine.
CHANGED_PER_SET = 1
HEADER = "# Written by `python -m utils.smote_leak`; run it again to regenerate this file.\n"


def smote_experiment(seed):
    """Run the text's SMOTE-before-split example, its honest version and two experiments.

    Parameters
    ----------
    seed : int
        Seed of the noise data (990 negatives, 10 positives, two uniform features) and
        of the fresh points; SMOTE and the splits use the text's ``random_state=42``.

    Returns
    -------
    list of dict
        One row per model of :data:`MODELS`, with ``seed``, ``model`` and the
        scores named in :data:`SCORES`.
    """
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    X, y, leaky, honest = _splits(seed)
    Xl_train, Xl_test, yl_train, yl_test, id_test = leaky
    Xh_train, Xh_test, yh_train, yh_test = honest
    rng = np.random.default_rng(1000 + seed)  # fresh points for the two experiments
    Xh_resampled, yh_resampled = SMOTE(random_state=42).fit_resample(Xh_train, yh_train)

    # Experiment 1 (prevalence only): real points at 50% prevalence, the honest test
    # set's negatives with as many fresh positives, drawn like the real ones.
    n_negatives = int((yh_test == 0).sum())
    X_half = np.vstack([Xh_test[yh_test == 0], rng.random((n_negatives, 2))])
    y_half = np.repeat([0, 1], n_negatives)
    # Experiment 2 (interpolation only): the leaky test set, its positives replaced
    # by as many fresh real ones.
    X_swapped = Xl_test.copy()
    X_swapped[yl_test == 1] = rng.random((int(yl_test.sum()), 2))

    rows = []
    for name, make_model in MODELS.items():
        leaky = make_model(seed).fit(Xl_train, yl_train)
        honest = make_model(seed).fit(Xh_resampled, yh_resampled)
        leaky_test_pred, leaky_swapped_pred = leaky.predict(Xl_test), leaky.predict(X_swapped)
        rows.append({
            "seed": seed,
            "model": name,
            "leaky F1": f1_score(yl_test, leaky_test_pred),
            "honest F1": f1_score(yh_test, honest.predict(Xh_test), zero_division=0),
            "honest F1, test at 50%": f1_score(y_half, honest.predict(X_half)),
            "leaky F1, real positives": f1_score(yl_test, leaky_swapped_pred),
            "leaky recall, synthetic positives": recall_score(yl_test, leaky_test_pred),
            "leaky recall, real positives": recall_score(yl_test, leaky_swapped_pred),
            "leaky test prevalence": float(yl_test.mean()),
            "synthetic share of leaky test positives": float(
                np.mean(id_test[yl_test == 1] >= len(y))),
        })
    return rows


def _splits(seed):
    """Return the noise data, the text's split after SMOTE (leaky) and the honest split."""
    X, y = make_noise_imbalanced(990, 10, 2, random_state=seed)
    # As in the text: SMOTE on everything, then split.
    X_smote, y_smote = SMOTE(random_state=42).fit_resample(X, y)
    row_id = np.arange(len(y_smote))  # SMOTE appends its synthetic rows after the real ones
    Xl_train, Xl_test, yl_train, yl_test, _, id_test = train_test_split(
        X_smote, y_smote, row_id, test_size=0.2, random_state=42)
    # Honest: split (stratified), then SMOTE on the training set only.
    honest = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
    return X, y, (Xl_train, Xl_test, yl_train, yl_test, id_test), honest


def rerun_tolerances(committed):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    SMOTE's synthetic points and the models' probabilities differ across machines in
    the last bits, so a prediction near a model's threshold can flip: each F1 and
    recall may differ by what :data:`CHANGED_PER_SET` changed predictions can do on
    its test set. The prevalence and the synthetic share count labels, not
    decisions; they are ratios compared at relative :data:`utils.reruns.RTOL`.

    Parameters
    ----------
    committed : DataFrame
        Rows of the runs (:func:`load_runs`), for any seeds.

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    _check_runs(committed)
    counts = {}
    for seed in committed["seed"].unique():
        _, _, leaky, honest = _splits(int(seed))
        leaky_test, honest_test = leaky[3], honest[3]
        n_half = int((honest_test == 0).sum())
        counts[seed] = {"leaky": (leaky_test.sum(), (leaky_test == 0).sum()),
                        "honest": (honest_test.sum(), (honest_test == 0).sum()),
                        "half": (n_half, n_half)}
    k = CHANGED_PER_SET

    def bound(metric, test):
        pairs = np.array([counts[seed][test] for seed in committed["seed"]])
        return changed_predictions(metric, pairs[:, 0], pairs[:, 1], k)

    return {
        "seed": "exact", "model": "exact",
        "leaky F1": bound("f1", "leaky"),
        "honest F1": bound("f1", "honest"),
        "honest F1, test at 50%": bound("f1", "half"),
        "leaky F1, real positives": bound("f1", "leaky"),
        "leaky recall, synthetic positives": bound("recall", "leaky"),
        "leaky recall, real positives": bound("recall", "leaky"),
        "leaky test prevalence": "relative",
        "synthetic share of leaky test positives": "relative",
    }


def _cached(cache):
    if cache is False or cache is None:
        return smote_experiment
    location = CACHE_DIR if cache is True else Path(cache)
    memory = Memory(location, verbose=0)
    versioned = memory.cache(_versioned_experiment)
    return lambda seed: versioned(seed, sklearn.__version__, np.__version__)


def _versioned_experiment(seed, sklearn_version, numpy_version):
    """:func:`smote_experiment`, with the versions in the cache key."""
    return smote_experiment(seed)


def run(n_seeds=DEFAULT_SEEDS, *, n_jobs=None, cache=True):
    """Run :func:`smote_experiment` for seeds ``0 .. n_seeds - 1``.

    Parameters
    ----------
    n_seeds : int, default 20
        Number of data seeds.
    n_jobs : int, optional
        Seeds run in parallel by joblib; the results do not depend on it.
    cache : bool or path-like, default True
        Cache each seed's rows on disk (under ``utils/_cache/smote_leak`` if True),
        keyed by the seed and the numpy and scikit-learn versions.

    Returns
    -------
    DataFrame
        One row per seed and model: ``seed``, ``model`` and :data:`SCORES`.
    """
    n_seeds = check_scalar(n_seeds, "n_seeds", numbers.Integral, min_val=1)
    if not (cache is True or cache is False or cache is None
            or isinstance(cache, (str, Path))):
        raise TypeError(f"cache must be True, False or a directory, got {cache!r}")
    experiment = _cached(cache)
    per_seed = Parallel(n_jobs=n_jobs)(delayed(experiment)(seed) for seed in range(n_seeds))
    return pd.DataFrame([row for rows in per_seed for row in rows])


def save_runs(runs, path=SUMMARY_CSV):
    """Write ``runs`` as CSV under a header naming the command that regenerates it.

    Parameters
    ----------
    runs : DataFrame
        The output of :func:`run`.
    path : path-like, default utils/results/smote_before_split.csv
        Where to write.
    """
    _check_runs(runs)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        handle.write(HEADER)
        runs.to_csv(handle, index=False, float_format="%.10g")


def load_runs(path=SUMMARY_CSV):
    """Read the runs written by :func:`save_runs`.

    Parameters
    ----------
    path : path-like, default utils/results/smote_before_split.csv
        The file.

    Returns
    -------
    DataFrame
        One row per seed and model, as :func:`run` returns.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; create it with "
                                "`python -m utils.smote_leak`")
    runs = pd.read_csv(path, comment="#")
    _check_runs(runs)
    return runs


def _check_runs(runs):
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"runs must be a DataFrame, got {type(runs).__name__}")
    missing = {"seed", "model", *SCORES} - set(runs.columns)
    if missing:
        raise ValueError(f"runs lack the columns {sorted(missing)}")
    if runs.empty:
        raise ValueError("runs are empty")


def main(argv=None):
    """Command line: run the seeds and write the committed summary."""
    parser = argparse.ArgumentParser(
        prog="python -m utils.smote_leak",
        description="Chapter 3: SMOTE before the split on pure noise, 3 models, and "
                    "the two experiments that separate its causes.")
    parser.add_argument("--seeds", type=int, default=DEFAULT_SEEDS,
                        help="number of data seeds (default %(default)s)")
    parser.add_argument("--n-jobs", type=int, default=-1,
                        help="parallel workers (default %(default)s: all cores)")
    parser.add_argument("--output", type=Path, default=SUMMARY_CSV,
                        help="CSV to write (default utils/results/smote_before_split.csv)")
    parser.add_argument("--no-cache", action="store_true", help="recompute every seed")
    args = parser.parse_args(argv)
    runs = run(args.seeds, n_jobs=args.n_jobs, cache=not args.no_cache)
    save_runs(runs, args.output)
    means = runs.groupby("model", sort=False)[["leaky F1", "honest F1"]].mean()
    print(means.round(3).to_string())
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
