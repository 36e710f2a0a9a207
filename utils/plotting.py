"""The course's figure style and the figures that recur across chapters.

One palette everywhere: Okabe and Ito's colour-blind-safe set. Chapters call
:func:`use_course_style` once, then draw with ``fig, ax = plt.subplots()``.
"""

import matplotlib as mpl
import numpy as np
import pandas as pd

#: Okabe-Ito colours, safe for the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}


def use_course_style():
    """Set matplotlib's defaults to the course style (palette, sizes, grid)."""
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())),
            "figure.figsize": (6.4, 3.8),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 10,
            "legend.frameon": False,
        }
    )


def plot_fold_scores(scores, ax, *, baseline=None, baseline_label="baseline", xlabel="score"):
    """Draw each method's per-fold scores as dots, with their mean as a bar.

    Parameters
    ----------
    scores : DataFrame
        One column per method (in the order to draw, top to bottom), one row per
        fold; the values are the scores.
    ax : matplotlib Axes
        Where to draw.
    baseline : float, optional
        A reference score drawn as a dashed vertical line.
    baseline_label : str, default "baseline"
        Legend text of the reference line.
    xlabel : str, default "score"
        Label of the score axis; name the metric.

    Returns
    -------
    matplotlib Axes
        ``ax``, for chaining.
    """
    if not isinstance(scores, pd.DataFrame) or scores.empty:
        raise TypeError("scores must be a non-empty DataFrame (methods as columns)")
    values = scores.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("scores contain NaN: a fold with an undefined score")
    rng = np.random.default_rng(0)  # fixed jitter: the figure is the same every build
    positions = np.arange(scores.shape[1])[::-1]
    for position, method in zip(positions, scores.columns, strict=True):
        fold_scores = scores[method].to_numpy(dtype=float)
        jitter = rng.uniform(-0.12, 0.12, size=fold_scores.size)
        ax.plot(fold_scores, position + jitter, "o", color=PALETTE["blue"], alpha=0.6, ms=4)
        ax.plot([fold_scores.mean()] * 2, [position - 0.3, position + 0.3],
                color=PALETTE["black"], lw=2)
    if baseline is not None:
        ax.axvline(baseline, color=PALETTE["vermillion"], ls="--", label=baseline_label)
        ax.legend(loc="best")
    ax.set_yticks(positions, [str(column) for column in scores.columns])
    ax.set_xlabel(xlabel)
    return ax
