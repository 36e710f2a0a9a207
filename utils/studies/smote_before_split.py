"""Chapter 3's study: SMOTE before the split, on pure noise, and its two causes.

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

A cell is one seed; twenty take about half a minute, so the chapter reads the
committed result and re-runs one seed. ``python -m utils.studies smote_before_split
--help`` for the command line.
"""

import numbers

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from utils._validation import check_scalar
from utils.datasets import make_noise_imbalanced
from utils.reruns import changed_predictions
from utils.studies.scaffold import Parameter, Study

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
#: Predictions per model and test set that may differ when a seed is re-run on another
#: machine.
CHANGED_PER_SET = 1


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


def cells(seeds):
    """Return the cells of a run: one per data seed ``0 .. seeds - 1``.

    Parameters
    ----------
    seeds : int
        Number of data seeds.

    Returns
    -------
    list of dict
    """
    return [{"seed": seed} for seed in range(seeds)]


def compute(cell):
    """Return the rows of one cell: :func:`smote_experiment` of its seed, as a DataFrame."""
    return pd.DataFrame(smote_experiment(cell["seed"]))


def tolerances(committed):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    SMOTE's synthetic points and the models' probabilities differ across machines in
    the last bits, so a prediction near a model's threshold can flip: each F1 and
    recall may differ by what :data:`CHANGED_PER_SET` changed predictions can do on
    its test set. The prevalence and the synthetic share count labels, not
    decisions; they are ratios compared at relative :data:`utils.reruns.RTOL`.

    Parameters
    ----------
    committed : DataFrame
        Committed rows, for any seeds.

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    if not isinstance(committed, pd.DataFrame) or not {"seed", *SCORES} <= set(committed):
        raise ValueError("committed must be rows of the smote_before_split table")
    counts = {}
    for seed in committed["seed"].unique():
        _, _, leaky, honest = _splits(int(seed))
        leaky_test, honest_test = leaky[3], honest[3]
        n_half = int((honest_test == 0).sum())
        counts[seed] = {"leaky": (leaky_test.sum(), (leaky_test == 0).sum()),
                        "honest": (honest_test.sum(), (honest_test == 0).sum()),
                        "half": (n_half, n_half)}

    def bound(metric, test):
        pairs = np.array([counts[seed][test] for seed in committed["seed"]])
        return changed_predictions(metric, pairs[:, 0], pairs[:, 1], CHANGED_PER_SET)

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


def describe(seeds):
    """Return the design of a run with ``seeds`` seeds, for the provenance."""
    return {
        "seeds": f"seed s = 0..{seeds - 1} draws the noise data (make_noise_imbalanced(990, "
                 "10, 2, random_state=s)) and, with default_rng(1000 + s), the fresh points "
                 "of the two experiments; the forest uses random_state=s; SMOTE and both "
                 "splits use the text's random_state=42",
        "data": "990 negatives and 10 positives, two uniform-noise features",
        "models": list(MODELS),
        "test_size": 0.2,
    }


STUDY = Study(
    name="smote_before_split",
    description="Chapter 3: SMOTE before the split on pure noise, three models, and the "
                "two experiments that separate its causes.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"seed": 0},
    describe=describe,
    parameters={"seeds": Parameter(20, "number of data seeds, 0 to N - 1", grid=True,
                                    min_val=1)},
    changed=CHANGED_PER_SET,
)
