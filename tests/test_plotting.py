import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from utils.plotting import PALETTE, plot_fold_scores, use_course_style  # noqa: E402


def test_style_uses_the_colour_blind_safe_palette():
    use_course_style()
    colours = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert colours == list(PALETTE.values())


def test_fold_scores_plot_labels_its_axes():
    fig, ax = plt.subplots()
    plot_fold_scores(pd.DataFrame({"a": [0.1, 0.2], "b": [0.3, 0.4]}), ax,
                     baseline=0.2, xlabel="accuracy")
    assert ax.get_xlabel() == "accuracy"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    plt.close(fig)


@pytest.mark.parametrize("bad, error", [
    ([0.1, 0.2], TypeError), (pd.DataFrame(), TypeError),
    (pd.DataFrame({"a": [0.1, float("nan")]}), ValueError)])
def test_fold_scores_plot_bad_input(bad, error):
    fig, ax = plt.subplots()
    with pytest.raises(error):
        plot_fold_scores(bad, ax)
    plt.close(fig)
