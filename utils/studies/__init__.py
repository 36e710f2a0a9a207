"""The course's heavy studies: one scaffold, one command line, committed results.

Each study makes one result that a chapter reads, too slow to compute while the
book builds. Its module is named for that result:

``smote_before_split``
    Chapter 3: SMOTE applied before the split, on pure noise, and its two causes.
``resampling_comparison``
    Chapters 4 and 5: resampling, class weights and tuned thresholds on Caravan, by
    repeated cross-validation.
``smote_variants``
    Chapter 4: SMOTENC, SMOTEN and SMOTE with a tuned threshold, on the folds of
    ``resampling_comparison``, to test whether SMOTE's non-integer rows explain its loss.
``ranking_after_balancing``
    Chapter 4: ROC AUC and average precision with and without balancing, on the same
    folds, for the claim about strong and weak classifiers' ranking.
``downsample_upweight``
    Chapter 4: the majority class downsampled and upweighted by the same factor, on the
    folds of ``resampling_comparison``: calibration, training rows and fit time.
``article_examples_audit``
    Chapter 5: the three examples of "great F1 in one class", re-run for many seeds.
``caravan_thresholds``
    Chapters 6 and 8: class weights, undersampling and tuned or fixed thresholds on
    Caravan, cross-validated, and chapter 8's methods refitted and tested.
``class_weight_sweep``
    Chapter 7: the class-weight sweep of "Adventures in Imbalanced Learning and Class
    Weight", with a paired design.
``ensembles_comparison``
    Chapter 9: imbalanced-learn's balanced ensembles and class-weighted boosting on
    Caravan and Lending Club, the resampler catalogue on Caravan, and XGBoost's
    ``scale_pos_weight`` checked as sample weights.

All run on :mod:`utils.studies.scaffold`: a cache keyed by every parameter and the
library versions, joblib workers, a CSV per table and a JSON file of provenance in
``results/``, and a re-run of one committed cell at the study's tolerances. The
command line is the same for every study::

    python -m utils.studies --help
    python -m utils.studies NAME run [--PARAMETER VALUE ...] [--n-jobs N] [--no-cache] [--out DIR]
    python -m utils.studies NAME rerun [--cell COLUMN=VALUE ...] [--results DIR]
    python -m utils.studies NAME show [--results DIR]

and so is the Python interface: :func:`run`, :func:`save`, :func:`load` and
:func:`rerun` take a study's name. Chapters read results with :func:`load` and prove
them with :func:`rerun`; checks never import this package, and the students'
hand-out leaves it out.

To add a study, write ``utils/studies/<result>.py`` with its cells, the function that
computes one, the tolerances of a re-run and a ``STUDY = Study(...)`` at the end (the
smallest, :mod:`utils.studies.smote_before_split`, is the one to copy), add its name
to :data:`NAMES`, run it, and commit ``results/<result>.csv`` and ``.json``.
"""

import importlib

from utils.studies.scaffold import (
    RESULTS_DIR,
    Parameter,
    Rerun,
    Result,
    Study,
    load,
    rerun,
    run,
    save,
)

#: The studies, in the order of the chapters that read them.
NAMES = (
    "smote_before_split",
    "resampling_comparison",
    "smote_variants",
    "ranking_after_balancing",
    "downsample_upweight",
    "article_examples_audit",
    "caravan_thresholds",
    "class_weight_sweep",
    "ensembles_comparison",
)

__all__ = ["NAMES", "RESULTS_DIR", "Parameter", "Result", "Rerun", "Study", "get", "load",
           "rerun", "run", "save"]


def get(study):
    """Return a study's declaration.

    Parameters
    ----------
    study : str or Study
        One of :data:`NAMES`, or a study already.

    Returns
    -------
    Study
    """
    if isinstance(study, Study):
        return study
    if not isinstance(study, str) or study not in NAMES:
        raise ValueError(f"study must be one of {list(NAMES)}, got {study!r}")
    return importlib.import_module(f"utils.studies.{study}").STUDY
