"""Screen features for target leakage: how well each one alone separates the classes.

A feature recorded after the outcome (or computed from it) often separates the
classes on its own far better than any honest feature. Ranking features by their
single-feature ROC AUC is a cheap first screen: an AUC of 1 or 0 is the label in
disguise, and anything far from 0.5 deserves a look at how and when the column was
recorded. It is only a screen. A leak can hide in the middle of the ranking (when
it is informative for only some rows), and an honest feature can top it; chapter 3
compares it with permutation importance, a tree's first splits and reading the
column descriptions, and chapter 8's clinic reuses it.

scikit-learn computes each AUC (:func:`sklearn.metrics.roc_auc_score`); this module
adds the validation, the orientation and the ranking.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_consistent_length, column_or_1d

NAN_POLICIES = ("raise", "omit")


def _as_frame(X):
    """Return ``X`` as a DataFrame with string column names, or raise naming X."""
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, pd.Series):
        raise TypeError("X must be 2-D (one column per feature), got a Series; "
                        "use series.to_frame()")
    else:
        if isinstance(X, (str, bytes)) or not hasattr(X, "__len__"):
            raise TypeError(f"X must be a DataFrame or a 2-D array, got {type(X).__name__}")
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(f"X must be 2-D (rows by features), got {array.ndim} dimension(s)")
        frame = pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])
    if frame.shape[1] == 0:
        raise ValueError("X has no columns: there is no feature to rank")
    if frame.shape[0] == 0:
        raise ValueError("X has no rows")
    names = [str(column) for column in frame.columns]
    if len(set(names)) != len(names):
        duplicated = sorted({name for name in names if names.count(name) > 1})
        raise ValueError(f"X has duplicated column names: {duplicated}")
    return frame.set_axis(names, axis=1)


def _numeric(frame):
    """Return ``frame`` as floats, or raise naming the non-numeric columns."""
    bad = [
        name for name, dtype in frame.dtypes.items()
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))
    ]
    if bad:
        raise TypeError(
            f"X has non-numeric columns {bad}: encode them as numbers first "
            "(an AUC needs an order), or drop them"
        )
    return frame.astype(float)


def _binary_target(y, frame, pos_label):
    """Return ``y`` as a boolean array (True = positive), or raise naming y."""
    labels = column_or_1d(y)
    check_consistent_length(frame, labels)
    if pd.isna(labels).any():  # before type_of_target, which fails obscurely on text with gaps
        raise ValueError(f"y has {int(pd.isna(labels).sum())} missing label(s)")
    target = type_of_target(labels, input_name="y")
    classes = pd.unique(labels)
    if target != "binary" or len(classes) != 2:
        raise ValueError(
            f"y must be binary (two classes), got {len(classes)}: "
            f"{sorted(map(repr, classes))[:10]}"
        )
    if pos_label is None:
        if set(classes.tolist()) <= {0, 1} or set(classes.tolist()) <= {-1, 1}:
            pos_label = 1
        else:
            raise ValueError(
                f"y's classes are {sorted(map(repr, classes))}: say which is positive "
                "with pos_label"
            )
    if pos_label not in set(classes.tolist()):
        raise ValueError(f"pos_label={pos_label!r} is not one of y's classes "
                         f"{sorted(map(repr, classes))}")
    return labels == pos_label


def single_feature_auc(X, y, *, pos_label=None, nan_policy="raise"):
    """Rank features by how well each one alone separates the two classes.

    For each column, the ROC AUC of the column's raw values as a score for the
    positive class: 1 when every positive has a larger value than every negative,
    0 when every positive has a smaller one, 0.5 when the column says nothing (by
    itself, monotonically). Columns are sorted by ``distance = |auc - 0.5|``,
    largest first, so that a feature that predicts the label downwards ranks as
    high as one that predicts it upwards.

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, n_features)
        Numeric or boolean features. An array's columns are named ``x0``,
        ``x1``, ...
    y : array-like of shape (n_samples,)
        Binary labels, without missing values.
    pos_label : scalar, optional
        The positive class. Needed unless the labels are {0, 1}, {-1, 1} or
        booleans, where it is 1 (True).
    nan_policy : {"raise", "omit"}, default "raise"
        What to do with missing values in ``X``: raise an error naming the
        columns, or compute each column's AUC on the rows where that column is
        present (their count is returned).

    Returns
    -------
    DataFrame
        Indexed by feature name, sorted by ``distance`` (ties keep the column
        order), with columns ``auc``, ``distance``, ``direction`` ("higher",
        "lower" or "none": which values point to the positive class) and
        ``n_used`` (rows the AUC is computed on).

    Raises
    ------
    TypeError
        If ``X`` is not tabular or has non-numeric columns.
    ValueError
        If ``y`` is not a 1-D array, ``X`` and ``y`` differ in length, ``y`` is not
        binary or has missing labels, ``pos_label`` is not a class, a column is
        constant, holds infinite values, holds missing values (with
        ``nan_policy="raise"``), or has only one class among its present rows (with
        ``"omit"``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 200)
    >>> X = np.column_stack([rng.random(200), y + rng.random(200)])
    >>> single_feature_auc(X, y).index.tolist()
    ['x1', 'x0']
    >>> float(single_feature_auc(X, y).loc["x1", "auc"])
    1.0
    """
    if nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be one of {NAN_POLICIES}, got {nan_policy!r}")
    frame = _numeric(_as_frame(X))
    positive = _binary_target(y, frame, pos_label)

    values = frame.to_numpy()
    infinite = [name for name, bad in zip(frame.columns, np.isinf(values).any(axis=0),
                                          strict=True) if bad]
    if infinite:
        raise ValueError(f"X has infinite values in columns {infinite}")
    missing = frame.isna().sum()
    if nan_policy == "raise" and missing.any():
        counts = {name: int(count) for name, count in missing[missing > 0].items()}
        raise ValueError(
            f"X has missing values (column: count) {counts}; impute or drop them, "
            "or pass nan_policy='omit' to rank each column on its present rows"
        )
    constant = [name for name in frame.columns if frame[name].nunique(dropna=True) < 2]
    if constant:
        raise ValueError(f"X has constant columns {constant}: they cannot rank anything; "
                         "drop them")

    rows = []
    for name in frame.columns:
        present = frame[name].notna().to_numpy()
        column_positive = positive[present]
        if column_positive.all() or not column_positive.any():
            raise ValueError(f"column {name!r} is present only on rows of one class: "
                             "its AUC is undefined")
        auc = float(roc_auc_score(column_positive, frame[name].to_numpy()[present]))
        direction = "higher" if auc > 0.5 else "lower" if auc < 0.5 else "none"
        rows.append({"feature": name, "auc": auc, "distance": abs(auc - 0.5),
                     "direction": direction, "n_used": int(present.sum())})
    table = pd.DataFrame(rows).set_index("feature")
    return table.sort_values("distance", ascending=False, kind="stable")
