"""The three examples of "great F1 in one class and terrible in another".

The web article "Why is my Machine Learning and Binary Classification model giving
great f1 scores in one class and terrible in another?" (2024) illustrates its
advice with three scikit-learn examples, each on 1000 generated rows (900 of class 0,
then 100 of class 1) split 80/20 by ``train_test_split(..., random_state=42)``:

``class weights``
    Ten uniform-noise features; ``LogisticRegression(solver='liblinear')`` without
    and with ``class_weight='balanced'``.
``scaling``
    Two Gaussian features whose means differ between the classes (feature 1: 0 and
    3, sd 1; feature 2: 2 and 0, sd 0.5); ``RandomForestClassifier(random_state=42)``
    on the raw and on the standardised features.
``L2 strength``
    Ten uniform-noise features, standardised; ``MLPClassifier(hidden_layer_sizes=
    (100,), max_iter=300, random_state=42)`` with the default ``alpha`` (1e-4) and
    with ``alpha=0.1``.

This module re-creates each example's data, models and three baselines that ignore
the features, with any seed (42 is the article's, with the data drawn by numpy's
``default_rng``). Chapter 5's study (:mod:`utils.studies.article_examples_audit`) re-runs
them many times; its exercise 2 and the exercise's self-check re-run them for a few seeds.
"""

import numbers

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from utils._validation import check_scalar
from utils.datasets import make_noise_imbalanced

#: Each example and its two variants, the article's "before" first.
EXAMPLES = {
    "class weights": ("no weights", "class_weight='balanced'"),
    "scaling": ("raw features", "StandardScaler"),
    "L2 strength": ("alpha=0.0001", "alpha=0.1"),
}
#: Predictors that ignore the features, fitted on the same training rows.
BASELINES = ("stratified dummy", "uniform dummy", "all positive")
#: The seed of the article's examples.
ARTICLE_SEED = 42
#: Rows of class 0, then of class 1, in each example's data.
N_MAJORITY, N_MINORITY = 900, 100
#: Share of the rows each example holds out for testing.
TEST_SIZE = 0.2


def _check_example(example):
    if not isinstance(example, str) or example not in EXAMPLES:
        raise ValueError(f"example must be one of {list(EXAMPLES)}, got {example!r}")
    return example


def make_example_data(example, seed):
    """Generate the data of one example: 900 rows of class 0, then 100 of class 1.

    Parameters
    ----------
    example : str
        One of :data:`EXAMPLES`.
    seed : int
        Seed of the generator.

    Returns
    -------
    X : ndarray of shape (1000, 10) or (1000, 2)
        Uniform noise (``class weights``, ``L2 strength``) or the two Gaussian
        features of ``scaling``.
    y : ndarray of shape (1000,)
        0 for the first 900 rows, 1 for the last 100.
    """
    _check_example(example)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    if example != "scaling":
        return make_noise_imbalanced(N_MAJORITY, N_MINORITY, 10, random_state=seed)
    rng = np.random.default_rng(seed)
    feature1 = np.concatenate([rng.normal(0, 1, N_MAJORITY), rng.normal(3, 1, N_MINORITY)])
    feature2 = np.concatenate([rng.normal(2, 0.5, N_MAJORITY), rng.normal(0, 0.5, N_MINORITY)])
    y = np.concatenate([np.zeros(N_MAJORITY, dtype=int), np.ones(N_MINORITY, dtype=int)])
    return np.column_stack([feature1, feature2]), y


def make_example_models(example, seed):
    """Build the two variants the article compares, seeded with ``seed``.

    Parameters
    ----------
    example : str
        One of :data:`EXAMPLES`.
    seed : int
        ``random_state`` of the models.

    Returns
    -------
    dict of str to estimator
        The article's "before" and "after" models, keyed as in :data:`EXAMPLES`.
    """
    _check_example(example)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    before, after = EXAMPLES[example]
    if example == "class weights":
        return {
            before: LogisticRegression(solver="liblinear", random_state=seed),
            after: LogisticRegression(solver="liblinear", class_weight="balanced",
                                      random_state=seed),
        }
    if example == "scaling":
        return {
            before: RandomForestClassifier(random_state=seed),
            after: make_pipeline(StandardScaler(), RandomForestClassifier(random_state=seed)),
        }
    return {
        name: make_pipeline(StandardScaler(), MLPClassifier(
            hidden_layer_sizes=(100,), alpha=alpha, max_iter=300, random_state=seed))
        for name, alpha in ((before, 0.0001), (after, 0.1))
    }


def make_baselines(seed):
    """Build the three baselines that ignore the features.

    Parameters
    ----------
    seed : int
        ``random_state`` of the random baselines.

    Returns
    -------
    dict of str to DummyClassifier
        ``stratified dummy`` (positive at the training prevalence), ``uniform dummy``
        (positive with probability 1/2) and ``all positive``.
    """
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    return {
        "stratified dummy": DummyClassifier(strategy="stratified", random_state=seed),
        "uniform dummy": DummyClassifier(strategy="uniform", random_state=seed),
        "all positive": DummyClassifier(strategy="constant", constant=1),
    }
