import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import TunedThresholdClassifierCV

from utils.costs import (
    CARAVAN_MAILING_COST,
    CARAVAN_SALE_MARGIN,
    caravan_cost_matrix,
    cost_optimal_threshold,
    decision_cost,
    expected_cost,
    loan_amounts,
    make_cost_scorer,
    scheduled_interest,
)
from utils.datasets import load_lending_club

MATRIX = np.array([[0.0, 1.0], [4.0, 0.0]])


def test_expected_cost_counts_each_mistake():
    y_true = np.array([0, 0, 1, 1])
    y_pred = np.array([1, 0, 0, 1])  # one false positive, one false negative
    assert expected_cost(y_true, y_pred, cost_matrix=MATRIX) == pytest.approx(5 / 4)
    assert expected_cost(y_true, y_true, cost_matrix=MATRIX) == 0


def test_threshold_is_elkans_formula():
    assert cost_optimal_threshold(MATRIX) == pytest.approx(1 / 5)
    shifted = MATRIX + np.array([[1.0, 1.0], [0.5, 0.5]])  # a non-zero diagonal
    assert cost_optimal_threshold(shifted) == pytest.approx(1 / 5)
    assert cost_optimal_threshold(caravan_cost_matrix()) == pytest.approx(
        CARAVAN_MAILING_COST / CARAVAN_SALE_MARGIN)


def test_scorer_is_minus_the_cost_and_drives_a_tuner():
    X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    model = LogisticRegression().fit(X, y)
    scorer = make_cost_scorer(MATRIX)
    assert scorer(model, X, y) == pytest.approx(-expected_cost(y, model.predict(X),
                                                               cost_matrix=MATRIX))
    tuned = TunedThresholdClassifierCV(LogisticRegression(), scoring=scorer).fit(X, y)
    assert 0 < tuned.best_threshold_ < 0.5


@pytest.mark.parametrize("bad, error", [
    ("x", TypeError), ([[0, 1]], ValueError), ([[0, 1], [1, np.nan]], ValueError),
    ([[1, 0], [0, 1]], ValueError), ([["a", "b"], ["c", "d"]], TypeError),
])
def test_bad_cost_matrix_is_named(bad, error):
    with pytest.raises(error, match="cost_matrix"):
        cost_optimal_threshold(bad)


def test_caravan_cost_matrix_and_its_errors():
    assert caravan_cost_matrix(5, 50).tolist() == [[0, 5], [45, 0]]
    with pytest.raises(ValueError, match="sale_margin"):
        caravan_cost_matrix(10, 5)
    with pytest.raises(TypeError, match="mailing_cost must be an instance of float, not str"):
        caravan_cost_matrix("5", 50)
    with pytest.raises(ValueError, match="mailing_cost == -1, must be > 0"):
        caravan_cost_matrix(-1, 50)
    with pytest.raises(ValueError, match="sale_margin == inf, must be < inf"):
        caravan_cost_matrix(5, np.inf)


def test_scheduled_interest_matches_an_amortisation_table():
    # 1200 at 12% a year over 12 months: instalment 106.6185, interest 79.42.
    assert scheduled_interest(1200, 12, 12) == pytest.approx(79.4219, abs=1e-3)
    with pytest.raises(ValueError, match="months"):
        scheduled_interest(1000, 10, 0)
    with pytest.raises(TypeError, match="principal"):
        scheduled_interest("a lot", 10, 12)


def test_lending_club_and_its_amounts():
    X, y = load_lending_club()
    assert X.shape == (9857, 22) and int(y.sum()) == 517
    amounts = loan_amounts(X)
    assert (amounts["interest"] > 0).all() and (amounts["loss"] == X["funded_amnt"]).all()
    long = X["term"] == "term_60"
    ratio = amounts["interest"] / X["funded_amnt"]
    assert ratio[long].mean() > ratio[~long].mean()  # longer loans pay more interest
    half = loan_amounts(X, loss_given_default=0.5)
    assert np.allclose(half["loss"], 0.5 * amounts["loss"])


def test_loan_amounts_errors():
    frame = pd.DataFrame({"funded_amnt": [1000], "int_rate": [10.0], "term": ["term_36"]})
    assert loan_amounts(frame).shape == (1, 2)
    with pytest.raises(TypeError, match="DataFrame"):
        loan_amounts(frame.to_numpy())
    with pytest.raises(ValueError, match="int_rate"):
        loan_amounts(frame.drop(columns="int_rate"))
    with pytest.raises(ValueError, match="loss_given_default == 1.5, must be <= 1"):
        loan_amounts(frame, loss_given_default=1.5)
    with pytest.raises(ValueError, match="term"):
        loan_amounts(frame.assign(term="three years"))


def test_decision_cost():
    amounts = pd.DataFrame({"interest": [10.0, 20.0, 30.0], "loss": [100.0, 200.0, 300.0]})
    y = np.array([0, 0, 1])
    # reject the first good loan (forgo 10) and approve the bad one (lose 300)
    assert decision_cost(y, [1, 0, 0], amounts) == pytest.approx(310 / 3)
    assert decision_cost(y, [0, 0, 1], amounts) == 0
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: \[3, 2, 3\]"):
        decision_cost(y, [1, 0], amounts)
    with pytest.raises(ValueError, match="reject"):
        decision_cost(y, [2, 0, 0], amounts)
    with pytest.raises(TypeError, match="amounts"):
        decision_cost(y, [0, 0, 0], amounts.to_numpy())


def test_hpc_cost_matrix_charges_underestimates_more():
    from utils.costs import hpc_cost_matrix

    costs = hpc_cost_matrix()
    assert list(costs.index) == list(costs.columns) == ["VF", "F", "M", "L"]
    assert (np.diag(costs) == 0).all()
    assert costs.loc["L", "VF"] == 15 and costs.loc["VF", "L"] == 3
    assert costs.loc["M", "F"] == 5 and costs.loc["F", "M"] == 1
    assert hpc_cost_matrix(2, 1).loc["L", "VF"] == 6
    with pytest.raises(ValueError, match="underestimate"):
        hpc_cost_matrix(underestimate=0)
    with pytest.raises(TypeError, match="overestimate"):
        hpc_cost_matrix(overestimate="1")


def test_cost_decision_is_the_argmin_and_follows_the_given_class_order():
    from utils.costs import cost_decision, expected_costs, hpc_cost_matrix

    costs = hpc_cost_matrix()
    job = [0.55, 0.25, 0.12, 0.08]
    expected = expected_costs([job], ["VF", "F", "M", "L"], cost_matrix=costs).iloc[0]
    assert expected.to_dict() == pytest.approx({"VF": 3.65, "F": 1.95, "M": 1.75, "L": 2.27})
    assert cost_decision([job], ["VF", "F", "M", "L"], cost_matrix=costs)[0] == "M"
    # the same job with predict_proba's alphabetical columns F, L, M, VF
    shuffled = [0.25, 0.08, 0.12, 0.55]
    assert cost_decision([shuffled], ["F", "L", "M", "VF"], cost_matrix=costs)[0] == "M"
    # two classes, zero diagonal: Elkan's threshold
    two = pd.DataFrame([[0.0, 1.0], [4.0, 0.0]], index=[0, 1], columns=[0, 1])
    p = np.linspace(0.01, 0.99, 99)
    decided = cost_decision(np.column_stack([1 - p, p]), [0, 1], cost_matrix=two)
    np.testing.assert_array_equal(decided == 1, p > cost_optimal_threshold(two.to_numpy()))


def test_average_cost_counts_each_cell():
    from utils.costs import average_cost, hpc_cost_matrix

    costs = hpc_cost_matrix()
    assert average_cost(["VF", "L"], ["L", "VF"], cost_matrix=costs) == pytest.approx(9.0)
    assert average_cost(["M", "M"], ["M", "M"], cost_matrix=costs) == 0


@pytest.mark.parametrize("call, error, message", [
    (lambda f: f["average_cost"](["VF"], ["X"], cost_matrix=f["costs"]), ValueError,
     "labels"),
    (lambda f: f["average_cost"](["VF"], ["VF"], cost_matrix=np.eye(4)), TypeError,
     "cost_matrix must be a DataFrame"),
    (lambda f: f["expected_costs"]([[0.5, 0.5]], ["VF", "F", "M", "L"],
                                   cost_matrix=f["costs"]), ValueError, "proba"),
    (lambda f: f["expected_costs"]([[0.5, 0.6, 0, 0]], ["VF", "F", "M", "L"],
                                   cost_matrix=f["costs"]), ValueError, "proba"),
    (lambda f: f["cost_decision"]([[1, 0, 0, 0]], ["VF", "F", "M", "X"],
                                  cost_matrix=f["costs"]), ValueError, "classes"),
    (lambda f: f["average_cost"](["VF"], ["VF"], cost_matrix=f["costs"].iloc[:, ::-1]),
     ValueError, "same labels"),
])
def test_multiclass_cost_helpers_name_the_bad_argument(call, error, message):
    from utils.costs import average_cost, cost_decision, expected_costs, hpc_cost_matrix

    helpers = {"average_cost": average_cost, "cost_decision": cost_decision,
               "expected_costs": expected_costs, "costs": hpc_cost_matrix()}
    with pytest.raises(error, match=message):
        call(helpers)
