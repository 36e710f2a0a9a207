"""The report's figures: precision-recall curve, reliability diagram, score histograms.

Each function draws on the test part and returns a matplotlib ``Figure`` with its alt
text. Figures are made without pyplot (no global state, no display needed) in the
course style and palette (:mod:`utils.plotting`, Okabe-Ito, safe for colour-blind
readers); curves differ by line style as well as colour.
"""

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from sklearn.calibration import CalibrationDisplay
from sklearn.metrics import PrecisionRecallDisplay

from utils.plotting import PALETTE, use_course_style

SIZE = (6.4, 4.0)


def _figure():
    fig = Figure(figsize=SIZE, layout="constrained")
    return fig, fig.add_subplot()


def precision_recall(y, proba, positive_name):
    """Precision-recall curve of the test part, with the line of a score that ignores the features.

    Returns
    -------
    fig : Figure
    alt : str
    """
    with mpl.rc_context():
        use_course_style()
        fig, ax = _figure()
        display = PrecisionRecallDisplay.from_predictions(
            y, proba, ax=ax, name="reference model", curve_kwargs={"color": PALETTE["blue"]},
            plot_chance_level=True,
            chance_level_kw={"color": PALETTE["black"], "linestyle": "--",
                             "label": f"no skill (prevalence {np.mean(y):.3f})"})
        ax.set_xlabel(f"Recall (share of the {positive_name} rows found)")
        ax.set_ylabel(f"Precision (share of predicted {positive_name} that are)")
        ax.set_aspect("auto")  # scikit-learn draws it square: fill the figure as the others
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.set_title("Precision-recall curve, test part")
        ax.legend(loc="best")  # the curve of a good model fills the upper right
    ap = display.average_precision
    alt = (f"Precision-recall curve of the reference model on {len(y):,} test rows: "
           f"average precision {ap:.3f}, against {np.mean(y):.3f} for a score that ignores "
           "the features (a dashed horizontal line at the prevalence).")
    return fig, alt


def reliability(y, proba, positive_name):
    """Reliability diagram: mean predicted probability against the observed share, by bins.

    Quantile bins (ten, with equal rows), so that a rare class still fills each bin.

    Returns
    -------
    fig : Figure
    alt : str
    """
    with mpl.rc_context():
        use_course_style()
        fig, ax = _figure()
        display = CalibrationDisplay.from_predictions(
            y, proba, n_bins=10, strategy="quantile", ax=ax, name="reference model",
            color=PALETTE["blue"], marker="o",
            ref_line=True)
        for line in ax.get_lines():
            if line.get_label() == "Perfectly calibrated":
                line.set_color(PALETTE["black"])
        ax.set_xlabel(f"Mean predicted probability of {positive_name} (ten bins of equal rows)")
        ax.set_ylabel(f"Observed share of {positive_name}")
        ax.set_title("Reliability diagram, test part")
        ax.legend(loc="upper left")
    gap = np.abs(display.prob_true - display.prob_pred).max()
    alt = (f"Reliability diagram on {len(y):,} test rows: observed share of {positive_name} "
           f"against the mean predicted probability in ten bins of equal rows; the points "
           f"lie at most {gap:.3f} from the diagonal of perfect calibration (dotted).")
    return fig, alt


def score_histograms(y, proba, positive_name, negative_name, threshold=None):
    """Histograms of the predicted probability, one per true class, with the thresholds.

    Each class's histogram is normalised to its own rows, so the rare class is visible.

    Returns
    -------
    fig : Figure
    alt : str
    """
    bins = np.linspace(0, 1, 41)
    with mpl.rc_context():
        use_course_style()
        fig, ax = _figure()
        ax.hist(proba[y == 0], bins=bins, density=True, histtype="step", linewidth=2,
                color=PALETTE["blue"], label=f"true {negative_name}")
        ax.hist(proba[y == 1], bins=bins, density=True, histtype="step", linewidth=2,
                linestyle="--", color=PALETTE["vermillion"], label=f"true {positive_name}")
        ax.axvline(0.5, color=PALETTE["black"], linestyle=":", label="threshold 0.5")
        if threshold is not None:
            ax.axvline(threshold, color=PALETTE["green"], linestyle="-.",
                       label=f"cost-optimal threshold {threshold:.3g}")
        ax.set_xlabel(f"Predicted probability of {positive_name}")
        ax.set_ylabel("Density (each class's rows sum to 1)")
        ax.set_xlim(0, 1)
        ax.set_title("Predicted probabilities by true class, test part")
        ax.legend(loc="best")
    medians = (np.median(proba[y == 0]), np.median(proba[y == 1]))
    alt = (f"Histograms of the predicted probability of {positive_name} on the test part, "
           f"one per true class: the median is {medians[0]:.3f} for the {negative_name} rows "
           f"and {medians[1]:.3f} for the {positive_name} rows; a dotted line marks the "
           "threshold 0.5" + (f" and a dash-dotted one the cost-optimal threshold "
                              f"{threshold:.3g}." if threshold is not None else "."))
    return fig, alt
