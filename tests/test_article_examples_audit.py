import numpy as np
import pytest

from utils import studies
from utils.studies import article_examples_audit as audit


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: audit.compute({"example": "weights", "repetition": 0}), ValueError,
         "example must be one of"),
        (lambda: audit.compute({"example": "scaling", "repetition": "42"}), TypeError,
         "repetition must be an instance of int, not str"),
        (lambda: studies.run(audit.STUDY, repetitions=0), ValueError,
         "repetitions == 0, must be >= 1"),
        (lambda: studies.run(audit.STUDY, repetitions=2, n_jobs=0), ValueError,
         "n_jobs == 0 in Parallel has no meaning"),
        (lambda: audit.tolerances({"a": 1}), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.fixture(scope="module")
def weights_rows():
    return audit.compute({"example": "class weights", "repetition": 42})


def test_a_repetition_scores_both_variants_and_the_baselines(weights_rows):
    rows = weights_rows.set_index("model")
    assert list(rows.index) == [*audit.EXAMPLES["class weights"], *audit.BASELINES]
    assert rows.loc["all positive", "predicted_positive"] == 200
    pi = rows.loc["all positive", "test_positive"] / 200
    assert rows.loc["all positive", "f1_minority"] == pytest.approx(2 * pi / (1 + pi))
    assert rows.loc["no weights", "changed"] == 0
    assert rows["changed"].isna()["uniform dummy"]
    assert str(rows["n_iter"].dtype) == "Int64"


def test_scaling_leaves_a_forest_unchanged():
    rows = audit.compute({"example": "scaling", "repetition": 5}).set_index("model")
    assert rows.loc["StandardScaler", "changed"] == 0


def test_committed_table_holds_the_articles_seed():
    committed = studies.load("article_examples_audit")
    table = committed.table
    assert audit.ARTICLE_SEED in set(table["repetition"])
    assert table["repetition"].nunique() == committed.provenance["parameters"]["repetitions"]
    assert str(table["changed"].dtype) == "Int64" and np.isnan(
        table["max_proba_change"].iloc[-1])
