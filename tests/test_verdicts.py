import pytest

from utils import verdicts
from utils.verdicts import arithmetic, causes, compound, effect, equivalence, existence, new


@pytest.mark.parametrize(("interval", "expected", "reason"), [
    ((0.02, 0.05), "reproduced", "beyond the margin"),
    ((0.01, 0.05), "qualified", "into the margin"),  # low endpoint on the margin: inside
    ((0.0100001, 0.05), "reproduced", "beyond the margin"),
    ((-0.01, 0.01), "refuted", "inside the margin"),  # both endpoints on the margin
    ((-0.005, 0.03), "qualified", "cannot tell"),
    ((-0.005, 0.0), "refuted", "inside the margin"),  # on the wrong side, within the margin
    ((-0.05, -0.02), "refuted", "other side of zero"),
    ((-0.08, 0.0), "qualified", "cannot tell"),  # touches zero: not on the other side
    ((-0.08, -1e-9), "refuted", "other side of zero"),
])
def test_effect_increase(interval, expected, reason):
    result = effect(interval, margin=0.01, direction="increase")
    assert result.verdict == expected and reason in result.reason
    assert result.inputs["interval"] == tuple(map(float, interval))


def test_effect_decrease_mirrors_increase():
    assert effect((-0.05, -0.02), margin=0.01, direction="decrease").verdict == "reproduced"
    assert effect((0.02, 0.05), margin=0.01, direction="decrease").verdict == "refuted"
    assert effect((-0.05, -0.01), margin=0.01, direction="decrease").verdict == "qualified"


def test_effect_claimed_size():
    # The claimed size at the interval's edge is held; just outside it is excluded.
    held = effect((0.02, 0.05), margin=0.01, direction="increase", claimed_size=0.05)
    assert held.verdict == "reproduced" and "claimed size" in held.reason
    missed = effect((0.02, 0.05), margin=0.01, direction="increase", claimed_size=0.06)
    assert missed.verdict == "refuted" and "excludes the claimed size" in missed.reason
    unsure = effect((-0.01, 0.05), margin=0.005, direction="increase", claimed_size=0.04)
    assert unsure.verdict == "qualified"


def test_effect_only_under_a_named_condition():
    # The rule's "holds only under a condition the course names" clause.
    held = effect((0.02, 0.05), margin=0.01, direction="increase",
                  only_under="comparisons across test sets")
    assert held.verdict == "qualified" and "only under comparisons across" in held.reason
    assert held.inputs["only under"] == "comparisons across test sets"
    assert "only under comparisons across test sets" in held.describe()
    # A condition does not rescue an interval that refutes or cannot tell.
    assert effect((-0.05, -0.02), margin=0.01, direction="increase",
                  only_under="x").verdict == "refuted"
    assert effect((-0.005, 0.03), margin=0.01, direction="increase",
                  only_under="x").reason.startswith("interval reaches")


@pytest.mark.parametrize(("interval", "expected"), [
    ((-0.005, 0.005), "reproduced"),
    ((-0.01, 0.01), "reproduced"),  # endpoints on the margin count as inside
    ((-0.02, 0.005), "qualified"),
    ((-0.03, 0.03), "qualified"),  # holds the whole margin and more
    ((0.01, 0.03), "qualified"),  # touches the margin from outside
    ((0.0100001, 0.03), "refuted"),
    ((-0.05, -0.02), "refuted"),
])
def test_equivalence(interval, expected):
    assert equivalence(interval, margin=0.01).verdict == expected


def test_arithmetic():
    assert arithmetic(0.3333, 0.33, decimals=2).verdict == "reproduced"
    assert arithmetic(0.335, 0.33, decimals=2).verdict == "reproduced"  # rounds to it
    assert arithmetic(0.3351, 0.33, decimals=2).verdict == "refuted"
    assert arithmetic(0.527, 0.527, decimals=3,
                      contradicted_by="the all-positive baseline").verdict == "refuted"
    qualified = arithmetic(0.98, 0.98, decimals=2, only_under="one reading of the counts")
    assert qualified.verdict == "qualified" and "one reading" in qualified.reason


def test_existence_causes_new():
    assert existence(True, frequency="4 of 50 splits").verdict == "reproduced"
    assert existence(True, impossible=True).verdict == "refuted"
    assert existence(False).verdict == "qualified"
    assert causes({"a": True, "b": True}).verdict == "reproduced"
    assert causes({"a": True, "b": True}, missing=["c"]).verdict == "qualified"
    assert causes({"a": True, "b": False}).verdict == "qualified"
    assert causes({"a": False, "b": False}, missing=["c"]).verdict == "refuted"
    assert new(True, what="alpha* = 2/F* - 1").verdict == "new"
    with pytest.raises(ValueError, match="holds"):
        new(False, what="x")


def test_compound_with_mixed_parts():
    up = effect((0.02, 0.05), margin=0.01, direction="increase")
    same = equivalence((-0.005, 0.005), margin=0.01)
    off = equivalence((0.02, 0.03), margin=0.01)
    assert compound(up, same).verdict == "reproduced"
    assert compound(off, effect((-0.05, -0.02), margin=0.01, direction="increase")).verdict \
        == "refuted"
    mixed = compound(up, off)
    assert mixed.verdict == "qualified"
    text = mixed.describe()
    assert "part 1: reproduced" in text and "part 2: refuted" in text
    assert str(mixed) == "qualified"


def test_describe_lists_the_inputs():
    text = effect((-0.0123, 0.0456), margin=0.01, direction="increase").describe()
    assert text.startswith("effect: ") and "[-0.0123, 0.0456]" in text and "margin 0.01" in text


def test_bad_input_names_the_parameter():
    with pytest.raises(TypeError, match="interval must be a pair"):
        effect(0.1, margin=0.01, direction="increase")
    with pytest.raises(ValueError, match="low <= high"):
        effect((0.2, 0.1), margin=0.01, direction="increase")
    with pytest.raises(ValueError, match="margin must be a non-negative number"):
        equivalence((0, 1), margin=-1)
    with pytest.raises(ValueError, match="direction must be"):
        effect((0, 1), margin=0.1, direction="up")
    with pytest.raises(ValueError, match="decimals"):
        arithmetic(1, 1, decimals=1.5)
    with pytest.raises(ValueError, match="compound needs two"):
        compound(equivalence((0, 0), margin=0.1))
    with pytest.raises(ValueError, match="shown must be"):
        causes({})
    assert set(verdicts.VERDICTS) == {"reproduced", "qualified", "refuted", "new"}


def test_several_numbers_are_as_strong_as_the_weakest():
    right = verdicts.arithmetic(0.18, 0.18, decimals=2)
    wrong = verdicts.arithmetic(0.5, 0.18, decimals=2)
    named = verdicts.arithmetic(0.2, 0.2, decimals=1, only_under="one model")
    assert str(verdicts.several(right, right)) == "reproduced"
    assert str(verdicts.several(right, named)) == "qualified"
    # one wrong number refutes the claim, where compound would qualify it
    assert str(verdicts.several(right, wrong)) == "refuted"
    assert str(verdicts.compound(right, wrong)) == "qualified"
    described = verdicts.several(right, wrong).describe()
    assert "part 1: reproduced" in described and "part 2: refuted" in described


@pytest.mark.parametrize("parts, message", [
    ((), "two or more"),
    (("reproduced", "refuted"), "two or more"),
])
def test_several_refuses_what_is_not_verdicts(parts, message):
    with pytest.raises(ValueError, match=message):
        verdicts.several(*parts)


def test_several_refuses_parts_of_different_kinds():
    with pytest.raises(ValueError, match="one kind"):
        verdicts.several(verdicts.arithmetic(1.0, 1.0, decimals=1),
                         verdicts.equivalence((-0.001, 0.001), margin=0.01))
