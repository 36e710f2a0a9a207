import numpy as np
import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline as ImblearnPipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from utils.models import standardised_logistic

X, y = make_classification(n_samples=400, n_features=6, weights=[0.9], random_state=0)


def test_the_model_is_a_scaler_then_a_logistic_regression_with_1000_iterations():
    model = standardised_logistic()
    assert type(model) is Pipeline
    assert [type(step) for _, step in model.steps] == [StandardScaler, LogisticRegression]
    # exactly the configuration the course wrote out before: only max_iter differs
    # from scikit-learn's defaults
    assert repr(model) == repr(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)))
    assert model[-1].get_params() == LogisticRegression(max_iter=1000).get_params()


def test_keyword_arguments_reach_the_logistic_regression():
    model = standardised_logistic(class_weight="balanced", C=0.1)
    assert model[-1].class_weight == "balanced" and model[-1].C == 0.1
    assert model[-1].max_iter == 1000


def test_a_sampler_goes_between_the_scaler_and_the_classifier():
    sampler = RandomUnderSampler(random_state=0)
    model = standardised_logistic(sampler, class_weight="balanced")
    assert type(model) is ImblearnPipeline
    assert [type(step) for _, step in model.steps] == [
        StandardScaler, RandomUnderSampler, LogisticRegression]
    assert model[1] is sampler and model[-1].class_weight == "balanced"
    written_out = make_pipeline(StandardScaler(), RandomUnderSampler(random_state=0),
                                LogisticRegression(max_iter=1000, class_weight="balanced"))
    assert repr(model) == repr(written_out)


def test_fits_are_the_written_out_pipelines_and_repeat_exactly():
    shared = standardised_logistic().fit(X, y).predict_proba(X)
    written_out = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    np.testing.assert_array_equal(shared, written_out.fit(X, y).predict_proba(X))
    smote = standardised_logistic(SMOTE(random_state=0))
    first = clone(smote).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, clone(smote).fit(X, y).predict_proba(X))
    # resampling happens while fitting only: every row is predicted
    assert first.shape == (len(y), 2)


def test_each_call_builds_a_new_unfitted_model():
    first, second = standardised_logistic(), standardised_logistic()
    assert first is not second and first[-1] is not second[-1]
    first.fit(X, y)
    assert not hasattr(second[-1], "coef_")


@pytest.mark.parametrize("sampler", [StandardScaler(), RandomUnderSampler, "undersample", 0.5])
def test_bad_sampler_is_named(sampler):
    with pytest.raises(TypeError, match="sampler must be an imbalanced-learn sampler"):
        standardised_logistic(sampler)


@pytest.mark.parametrize("params, name", [({"max_iters": 10}, "max_iters"),
                                           ({"max_iter": 50}, "max_iter")])
def test_unknown_or_fixed_logistic_parameter_is_named(params, name):
    with pytest.raises(TypeError, match=name):
        standardised_logistic(**params)


def test_the_boosted_trees_stop_early_with_a_seeded_split():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from utils.models import BOOSTING_SEED, boosted_trees

    model = boosted_trees()
    assert type(model) is HistGradientBoostingClassifier
    # exactly chapter 5's configuration: only early stopping and the seed differ from the
    # defaults, whose "auto" would leave early stopping off on Caravan's few thousand rows
    assert model.get_params() == HistGradientBoostingClassifier(
        early_stopping=True, random_state=BOOSTING_SEED).get_params()
    weighted = boosted_trees(class_weight="balanced")
    assert weighted.class_weight == "balanced" and weighted.early_stopping is True
    assert boosted_trees(early_stopping=False).early_stopping is False


def test_the_boosted_trees_stop_before_their_last_iteration():
    from utils.models import boosted_trees

    big_X, big_y = make_classification(n_samples=2000, n_features=6, weights=[0.9],
                                       random_state=0)
    fitted = boosted_trees().fit(big_X, big_y)
    assert fitted.n_iter_ < fitted.max_iter and fitted.validation_score_.size > 0


def test_small_boosted_trees_are_the_course_trees_made_small():
    from utils.models import SMALL_TREES, small_boosted_trees

    model = small_boosted_trees(class_weight="balanced")
    params = model.get_params()
    assert all(params[key] == value for key, value in SMALL_TREES.items())
    assert params["random_state"] == 0 and params["class_weight"] == "balanced"
    assert small_boosted_trees(max_iter=10).max_iter == 10
