"""Estimators several chapters, exercises, self-checks and studies share.

One definition each, so that "chapter 1's logistic regression" means the same model
wherever it is fitted: in a chapter, in an exercise's set-up, in the self-check that
recomputes the exercise's answer, and in the studies whose committed results the
chapters read.
"""

from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

#: The seed of every gradient-boosted model of the course (its early-stopping split).
BOOSTING_SEED = 0


def standardised_logistic(sampler=None, **logistic_params):
    """Return the course's standardised logistic regression, unfitted.

    A ``StandardScaler`` followed by ``LogisticRegression(max_iter=1000)``, otherwise
    scikit-learn's defaults (lbfgs, L2 penalty, ``C=1``); 1000 iterations, not the
    default 100, because the fits with balanced class weights on Caravan need more.
    Chapter 1 introduces it; later chapters, exercises, self-checks and the studies on
    Caravan reuse it.

    Parameters
    ----------
    sampler : imbalanced-learn sampler, optional
        Placed between the scaler and the classifier, in imbalanced-learn's pipeline,
        which resamples the training rows while fitting only.
    **logistic_params
        Passed to ``LogisticRegression``: ``class_weight="balanced"``, ``C=0.1``...

    Returns
    -------
    Pipeline
        scikit-learn's ``Pipeline`` without a sampler, imbalanced-learn's with one.
    """
    classifier = LogisticRegression(max_iter=1000, **logistic_params)
    if sampler is None:
        return make_pipeline(StandardScaler(), classifier)
    if not (isinstance(sampler, BaseEstimator) and hasattr(sampler, "fit_resample")):
        raise TypeError(f"sampler must be an imbalanced-learn sampler or None, "
                        f"got {sampler!r}")
    return make_imblearn_pipeline(StandardScaler(), sampler, classifier)


def boosted_trees(**params):
    """Return the course's gradient-boosted trees, unfitted.

    ``HistGradientBoostingClassifier(early_stopping=True, random_state=0)``, otherwise
    scikit-learn's defaults: at most 100 iterations, stopped when the log-loss on a
    seeded tenth of the training rows has not improved for 10 iterations. scikit-learn
    turns early stopping on by itself only above 10 000 training rows ("auto"), so
    left at its default it is on for some data sets and off for Caravan's folds; the
    course sets it on everywhere, so that "the boosted trees" are one model in every
    chapter (chapter 5's comparison, chapters 6 and 8's study on Caravan).

    Parameters
    ----------
    **params
        Passed to ``HistGradientBoostingClassifier``: ``class_weight="balanced"``...
        ``early_stopping`` and ``random_state`` may be overridden.

    Returns
    -------
    HistGradientBoostingClassifier
    """
    settings = {"early_stopping": True, "random_state": BOOSTING_SEED}
    settings.update(params)
    return HistGradientBoostingClassifier(**settings)


#: The settings of chapter 10's smaller boosted trees: fifty rounds of small trees.
SMALL_TREES = {"max_iter": 50, "learning_rate": 0.2, "max_leaf_nodes": 15,
               "early_stopping": False}


def small_boosted_trees(**params):
    """Return the course's boosted trees made small for speed, as chapter 10 fits them.

    :func:`boosted_trees` with :data:`SMALL_TREES`: fifty rounds of trees of at most
    fifteen leaves, learning rate 0.2, no early stopping (so every fit has the same
    number of rounds), seed 0. Pandas categories (the computing jobs' ``protocol`` and
    ``day``) are handled as categories, scikit-learn's default.

    Parameters
    ----------
    **params
        Passed on, overriding the settings: ``class_weight="balanced"``...

    Returns
    -------
    HistGradientBoostingClassifier
    """
    return boosted_trees(**{**SMALL_TREES, **params})
