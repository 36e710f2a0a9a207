"""Estimators several chapters, exercises, self-checks and studies share.

One definition each, so that "chapter 1's logistic regression" means the same model
wherever it is fitted: in a chapter, in an exercise's set-up, in the self-check that
recomputes the exercise's answer, and in the studies whose committed results the
chapters read.
"""

from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


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
