r"""Map probabilities learned at a resampled prevalence back to the true prevalence.

A classifier trained on resampled data (undersampled negatives, oversampled or
synthesised positives) learns the posterior of the *resampled* population. When
resampling changes only the class proportions and leaves each class's feature
distribution alone, Bayes' rule links the two posteriors through the priors alone
(Saerens, Latinne and Decaestecker, 2002): the odds scale by a constant,

.. math::

    \frac{p}{1 - p} = \beta \, \frac{p_s}{1 - p_s}, \qquad
    \beta = \frac{\pi / (1 - \pi)}{\pi_s / (1 - \pi_s)},

where :math:`\pi` is the true prevalence and :math:`\pi_s` the resampled one.
Solved for :math:`p` this is the form Dal Pozzolo, Caelen, Johnson and Bontempi
(2015) give for undersampling, where :math:`\beta` is the share of negatives kept:
:math:`p = \beta p_s / (\beta p_s - p_s + 1)`.

scikit-learn and imbalanced-learn (checked for versions 1.9 and 0.14) do not
provide this correction; :class:`PriorShiftCorrected` wraps any fitted resampling
pipeline so that it can be cross-validated like any classifier.
"""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d

from utils._validation import check_scalar

#: A prevalence lies strictly between 0 and 1.
_PRIOR = {"min_val": 0, "max_val": 1, "include_boundaries": "neither"}


def undersampling_beta(prior, resampled_prior):
    r"""Odds ratio between the true and the resampled prevalence.

    For random undersampling of the negatives this is the share of negatives kept:
    keeping a fraction :math:`\beta` of them turns prevalence :math:`\pi` into
    :math:`\pi_s = \pi / (\pi + \beta (1 - \pi))`.

    Parameters
    ----------
    prior : float
        True prevalence of the positive class, in (0, 1).
    resampled_prior : float
        Prevalence of the positive class after resampling, in (0, 1).

    Returns
    -------
    float
        :math:`\beta = \pi (1 - \pi_s) / ((1 - \pi) \pi_s)`.

    Examples
    --------
    >>> round(undersampling_beta(0.1, 0.5), 4)  # keep 1 negative in 9
    0.1111
    """
    prior = check_scalar(prior, "prior", numbers.Real, **_PRIOR)
    resampled_prior = check_scalar(resampled_prior, "resampled_prior", numbers.Real, **_PRIOR)
    return prior * (1.0 - resampled_prior) / ((1.0 - prior) * resampled_prior)


def correct_probabilities(proba, prior, resampled_prior):
    """Map positive-class probabilities from the resampled prevalence to the true one.

    Parameters
    ----------
    proba : array-like of float
        Probabilities of the positive class predicted by a model trained at
        prevalence ``resampled_prior``; each in [0, 1].
    prior : float
        True prevalence of the positive class (where the model is used), in (0, 1).
    resampled_prior : float
        Prevalence of the positive class in the data the model was trained on, in (0, 1).

    Returns
    -------
    ndarray of float
        The corrected probabilities, same shape as ``proba``: ``beta * p / (beta * p
        - p + 1)`` with ``beta = undersampling_beta(prior, resampled_prior)``.

    Examples
    --------
    >>> correct_probabilities([0.5], prior=0.1, resampled_prior=0.5).round(4)
    array([0.1])
    """
    beta = undersampling_beta(prior, resampled_prior)
    if isinstance(proba, (str, bytes)):
        raise TypeError("proba must be an array of numbers, got a string")
    proba = np.asarray(proba, dtype=float)
    if np.isnan(proba).any():
        raise ValueError("proba contains NaN")
    if ((proba < 0) | (proba > 1)).any():
        raise ValueError("proba must lie in [0, 1]")
    return beta * proba / (beta * proba - proba + 1.0)


def _is_sampler(step):
    """Whether a pipeline step resamples (imbalanced-learn's sampler interface)."""
    return hasattr(step, "fit_resample")


def resampled_prevalence(pipeline, X, y):
    """Prevalence of the positive class after a fitted pipeline's resampling steps.

    The training data are passed again through the pipeline's steps before its final
    estimator: fitted transformers transform them, and each sampler is cloned and
    applied again. imbalanced-learn's samplers produce class counts that do not depend
    on their random state (random under- and over-sampling, SMOTE and its variants,
    and the deterministic cleaning methods), so this recovers the prevalence the final
    estimator was trained at.

    Parameters
    ----------
    pipeline : imblearn.pipeline.Pipeline
        A fitted pipeline holding at least one sampler before its final step.
    X : array-like of shape (n_samples, n_features)
        The training features the pipeline was fitted on.
    y : array-like of shape (n_samples,)
        The training labels, binary.

    Returns
    -------
    float
        Share of the positive class (the larger label) among the resampled labels.
    """
    steps = getattr(pipeline, "steps", None)
    if steps is None:
        raise TypeError(
            f"pipeline must be an imblearn Pipeline, got {type(pipeline).__name__}; "
            "give resampled_prior explicitly for other estimators"
        )
    X_resampled, y_resampled = X, np.asarray(y)
    found = False
    for _, step in steps[:-1]:
        if step is None or step == "passthrough":
            continue
        if _is_sampler(step):
            X_resampled, y_resampled = clone(step).fit_resample(X_resampled, y_resampled)
            found = True
        else:
            X_resampled = step.transform(X_resampled)
    if not found:
        raise ValueError("pipeline has no sampler step: give resampled_prior explicitly")
    classes = np.unique(np.asarray(y))
    return float(np.mean(np.asarray(y_resampled) == classes[-1]))


class PriorShiftCorrected(ClassifierMixin, BaseEstimator):
    """A resampling classifier whose probabilities are mapped back to the true prevalence.

    Fits a clone of ``estimator`` (typically an imbalanced-learn pipeline ending with
    a sampler and a classifier) and corrects its positive-class probabilities with
    :func:`correct_probabilities`, from the prevalence it was trained at to the
    prevalence of the labels passed to :meth:`fit` (or ``prior``).

    Parameters
    ----------
    estimator : classifier with predict_proba
        The resampling model, unfitted.
    prior : float, optional
        The true prevalence to map to; by default the prevalence of ``y`` in :meth:`fit`.
    resampled_prior : float, optional
        The prevalence the model is trained at; by default measured with
        :func:`resampled_prevalence` (``estimator`` must then be a pipeline).

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
    classes_ : ndarray of shape (2,)
        The class labels; the second is the positive class.
    prior_ : float
        The prevalence probabilities are mapped to.
    resampled_prior_ : float
        The prevalence the model was trained at.
    """

    def __init__(self, estimator, *, prior=None, resampled_prior=None):
        self.estimator = estimator
        self.prior = prior
        self.resampled_prior = resampled_prior

    def fit(self, X, y, **fit_params):
        """Fit the wrapped model and record the two prevalences.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training features.
        y : array-like of shape (n_samples,)
            Binary training labels.
        **fit_params : dict
            Passed to the wrapped estimator's ``fit``.

        Returns
        -------
        PriorShiftCorrected
            The fitted estimator.
        """
        if not hasattr(self.estimator, "predict_proba"):
            raise TypeError("estimator must have predict_proba")
        labels = column_or_1d(y)
        target, n_classes = type_of_target(labels, input_name="y"), np.unique(labels).size
        if target != "binary" or n_classes != 2:
            raise ValueError(f"y must hold exactly two classes, got a {target} target "
                             f"with {n_classes}")
        self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        self.classes_ = self.estimator_.classes_
        if self.prior is None:
            self.prior_ = float(np.mean(labels == self.classes_[1]))
        else:
            self.prior_ = check_scalar(self.prior, "prior", numbers.Real, **_PRIOR)
        if self.resampled_prior is None:
            self.resampled_prior_ = resampled_prevalence(self.estimator_, X, y)
        else:
            self.resampled_prior_ = check_scalar(self.resampled_prior, "resampled_prior",
                                                 numbers.Real, **_PRIOR)
        return self

    def predict_proba(self, X):
        """Class probabilities at the true prevalence.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Probabilities of ``classes_[0]`` and ``classes_[1]``.
        """
        check_is_fitted(self, "estimator_")
        positive = self.estimator_.predict_proba(X)[:, 1]
        corrected = correct_probabilities(positive, self.prior_, self.resampled_prior_)
        return np.column_stack([1.0 - corrected, corrected])

    def predict(self, X):
        """Predict the class with the larger corrected probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        ndarray of shape (n_samples,)
            Predicted labels.
        """
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
