import numpy as np
import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours, RandomUnderSampler
from scipy.special import expit
from sklearn.base import is_classifier
from sklearn.datasets import make_classification
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline as sk_make_pipeline
from sklearn.preprocessing import StandardScaler

from utils.prior_shift import (
    PriorShiftCorrected,
    correct_probabilities,
    resampled_prevalence,
    undersampling_beta,
)

X, y = make_classification(n_samples=3000, weights=[0.9], class_sep=0.8, random_state=0)


def test_beta_is_the_share_of_negatives_kept():
    assert undersampling_beta(0.1, 0.5) == pytest.approx(1 / 9)
    assert undersampling_beta(0.3, 0.3) == pytest.approx(1.0)
    # keeping a share beta of the negatives turns pi into pi_s
    pi, beta = 0.08, 0.25
    pi_s = pi / (pi + beta * (1 - pi))
    assert undersampling_beta(pi, pi_s) == pytest.approx(beta)


def test_correction_inverts_the_resampling_map():
    p = np.linspace(0, 1, 101)
    beta = undersampling_beta(0.05, 0.5)
    p_resampled = p / (p + beta * (1 - p))  # the posterior after undersampling
    np.testing.assert_allclose(correct_probabilities(p_resampled, 0.05, 0.5), p, atol=1e-12)
    assert correct_probabilities(0.5, 0.1, 0.5) == pytest.approx(0.1)
    np.testing.assert_array_equal(correct_probabilities([0.0, 1.0], 0.2, 0.5), [0.0, 1.0])
    # no shift when the two prevalences are equal
    np.testing.assert_allclose(correct_probabilities(p, 0.3, 0.3), p)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([0.5], 0.0, 0.5), ValueError, "prior == 0.0, must be > 0"),
        (([0.5], 0.1, 1.0), ValueError, "resampled_prior == 1.0, must be < 1"),
        (([0.5], True, 0.5), TypeError, "prior must be a number, not bool"),
        (([0.5], 0.1, "half"), TypeError, "resampled_prior must be an instance of float, not str"),
        (([1.5], 0.1, 0.5), ValueError, r"proba must lie in \[0, 1\]"),
        (([np.nan], 0.1, 0.5), ValueError, "NaN"),
        (("0.5", 0.1, 0.5), TypeError, "string"),
    ],
)
def test_bad_input_is_named(args, error, match):
    with pytest.raises(error, match=match):
        correct_probabilities(*args)


def test_logistic_regression_correction_is_an_intercept_shift():
    model = make_pipeline(StandardScaler(), RandomUnderSampler(random_state=0),
                          LogisticRegression())
    corrected = PriorShiftCorrected(model).fit(X, y)
    assert corrected.resampled_prior_ == 0.5
    assert corrected.prior_ == pytest.approx(y.mean())
    beta = undersampling_beta(corrected.prior_, 0.5)
    shifted = expit(corrected.estimator_.decision_function(X) + np.log(beta))
    np.testing.assert_allclose(corrected.predict_proba(X)[:, 1], shifted, rtol=1e-10)
    assert set(np.unique(corrected.predict(X))) <= {0, 1}


def test_corrected_probabilities_are_calibrated_in_the_large():
    X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
    model = make_pipeline(StandardScaler(), RandomUnderSampler(random_state=0),
                          LogisticRegression())
    raw = model.fit(X_train, y_train).predict_proba(X_test)[:, 1].mean()
    fixed = PriorShiftCorrected(model).fit(X_train, y_train).predict_proba(X_test)[:, 1].mean()
    assert raw > 2 * y_test.mean()  # trained at prevalence 0.5
    assert abs(fixed - y_test.mean()) < 0.02


def test_resampled_prevalence_is_measured_for_any_sampler():
    smote = make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression())
    assert resampled_prevalence(smote.fit(X, y), X, y) == 0.5
    enn = make_pipeline(StandardScaler(), EditedNearestNeighbours(), LogisticRegression())
    measured = resampled_prevalence(enn.fit(X, y), X, y)
    assert y.mean() < measured < 0.5  # cleaning removes some negatives only
    explicit = PriorShiftCorrected(enn, prior=0.2, resampled_prior=0.25).fit(X, y)
    assert (explicit.prior_, explicit.resampled_prior_) == (0.2, 0.25)


def test_wrapper_is_a_classifier_that_cross_validates():
    model = PriorShiftCorrected(
        make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression()))
    assert is_classifier(model)
    scores = cross_val_score(model, X, y, cv=3, scoring="neg_brier_score")
    assert scores.shape == (3,) and np.all(scores < 0)


def test_wrapper_bad_input():
    with pytest.raises(TypeError, match="imblearn Pipeline"):
        PriorShiftCorrected(LogisticRegression()).fit(X, y)
    with pytest.raises(ValueError, match="no sampler step"):
        PriorShiftCorrected(sk_make_pipeline(StandardScaler(), LogisticRegression())).fit(X, y)
    with pytest.raises(TypeError, match="predict_proba"):
        PriorShiftCorrected(LinearRegression(), resampled_prior=0.5).fit(X, y)
    with pytest.raises(ValueError, match="exactly two classes"):
        PriorShiftCorrected(LogisticRegression(), resampled_prior=0.5).fit(
            X[:30], np.arange(30) % 3)
    with pytest.raises(ValueError, match="prior == 1.5, must be < 1"):
        PriorShiftCorrected(LogisticRegression(), prior=1.5, resampled_prior=0.5).fit(X, y)
