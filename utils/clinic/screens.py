"""The leakage screen's tests beyond the single-feature AUC ranking.

Chapter 3's ranking (:func:`utils.diagnostics.leakage_ranking`) scores numeric columns
one at a time. Three more ways a table gives the label away are checked here:

* a column equal, or nearly equal, to the label: a category that maps onto the
  classes, a number that separates them, or a column whose *missingness* is the label
  (a value recorded only after the outcome);
* a column that identifies the row (a unique number or text per row, text with a
  different value in nearly every row such as a time stamp, or a name such as
  ``customer_id``): the model can memorise it, and an order in the file can carry
  the label;
* rows of the test part that repeat a training row: the score on them measures
  memory, not generalisation.
"""

import re

import numpy as np
import pandas as pd
from sklearn.metrics import balanced_accuracy_score

#: A rule from one column agreeing with the label at least this well (balanced
#: accuracy, in-sample) marks the column as nearly equal to the label.
NEARLY_EQUAL = 0.98
#: Columns with at most this many values are tested value by value.
MAX_LEVELS = 50
#: Tables with fewer rows are too small to call a column unique per row.
MIN_ROWS_FOR_ID = 20
#: A text column with distinct values in at least this share of its rows (a time
#: stamp, a free-text note, a name) identifies rows rather than describes them.
NEARLY_UNIQUE = 0.9
#: "id" as a word at the end of a name: ``id``, ``customer_id``, ``Customer ID``...
_WORD_ID = re.compile(r"(^|[^A-Za-z])id$", re.IGNORECASE)
#: ... or in camel case: ``CustomerID``, ``userId`` (but not ``paid`` or ``valid``).
_CAMEL_ID = re.compile(r"[a-z](Id|ID)$")


def _is_id_name(name):
    name = str(name).strip()
    return bool(_WORD_ID.search(name) or _CAMEL_ID.search(name))


def id_like_columns(X):
    """Columns that identify rows rather than describe them.

    Parameters
    ----------
    X : DataFrame
        The feature columns (the whole table the reader gave, before the split).

    Returns
    -------
    dict of str to str
        Column name -> why it looks like an identifier.
    """
    found = {}
    n = len(X)
    for name in X.columns:
        column = X[name]
        reasons = []
        if n >= MIN_ROWS_FOR_ID and column.notna().all() and column.nunique() == n:
            numeric = pd.api.types.is_numeric_dtype(column) \
                and not pd.api.types.is_bool_dtype(column)
            if numeric and np.all(np.mod(column.to_numpy(dtype=float), 1) == 0):
                reasons.append("a unique integer per row")
            elif not numeric:
                reasons.append("a unique value per row")
        elif n >= MIN_ROWS_FOR_ID and not pd.api.types.is_numeric_dtype(column) \
                and not pd.api.types.is_bool_dtype(column) \
                and column.nunique() >= NEARLY_UNIQUE * n:
            reasons.append(f"text with {column.nunique():,} different values in {n:,} rows")
        if _is_id_name(name):
            reasons.append("named like an identifier")
        if reasons:
            found[str(name)] = " and ".join(reasons)
    return found


def _agreement(y, rule):
    return float(balanced_accuracy_score(y, rule))


def nearly_equal_columns(X, y, ranking=None):
    """Columns from which a one-column rule recovers the label almost perfectly.

    Three rules, each scored by its balanced accuracy on the rows given (in-sample, so
    only columns with few values are tested value by value):

    * missingness: the label is "the value is missing" (or present);
    * values: each of at most :data:`MAX_LEVELS` values predicts its majority class;
    * order: a numeric column whose single-feature AUC (from ``ranking``) is within
      ``1 - NEARLY_EQUAL`` of 0 or 1.

    Parameters
    ----------
    X : DataFrame
        Feature columns of the training part, as the model sees them.
    y : ndarray
        Labels, 1 for the positive class.
    ranking : DataFrame, optional
        :func:`utils.diagnostics.leakage_ranking` of the same rows.

    Returns
    -------
    dict of str to str
        Column name -> how it gives the label away.
    """
    found = {}
    y = np.asarray(y)
    levels_cap = min(MAX_LEVELS, max(2, len(y) // 20))
    for name in X.columns:
        column = X[name]
        missing = column.isna().to_numpy()
        if 0 < missing.sum() < len(missing):
            score = max(_agreement(y, missing), _agreement(y, ~missing))
            if score >= NEARLY_EQUAL:
                found[str(name)] = (f"whether it is missing gives the label: balanced "
                                    f"accuracy {score:.3f}")
                continue
        values = column.astype(object).where(column.notna(), "(missing)")
        if 1 < values.nunique() <= levels_cap:
            rate = pd.Series(y, index=values.index).groupby(values).mean()
            rule = values.map(rate > 0.5).to_numpy(dtype=bool)
            score = _agreement(y, rule)
            if score >= NEARLY_EQUAL:
                found[str(name)] = (f"its {values.nunique()} values map onto the classes: "
                                    f"balanced accuracy {score:.3f}")
                continue
        if ranking is not None and name in ranking.index:
            auc = float(ranking.loc[name, "auc"])
            if abs(auc - 0.5) >= NEARLY_EQUAL - 0.5:
                found[str(name)] = f"one threshold on it separates the classes: AUC {auc:.3f}"
    return found


def duplicates_across(X_train, y_train, X_test, y_test):
    """Count the test rows whose features repeat a training row's.

    Parameters
    ----------
    X_train, X_test : DataFrame
        The two parts' feature columns (same columns).
    y_train, y_test : ndarray
        Their labels.

    Returns
    -------
    dict
        ``rows`` (test rows repeating a training row), ``same_label`` (of those, rows
        whose label a repeated training row shares), ``share`` (of the test rows) and
        ``within_train`` (training rows repeating an earlier training row).
    """
    def hashes(X):  # one 64-bit hash per row: equal rows, equal hashes (missing included)
        return pd.util.hash_pandas_object(X, index=False).to_numpy()

    train, test = hashes(X_train), hashes(X_test)
    repeated = np.isin(test, train)
    pairs = set(zip(train.tolist(), np.asarray(y_train).tolist(), strict=True))
    same = [(h, label) in pairs for h, label in zip(test[repeated].tolist(),
                                                  np.asarray(y_test)[repeated].tolist(),
                                                  strict=True)]
    return {"rows": int(repeated.sum()), "same_label": int(sum(same)),
            "share": float(repeated.mean()) if len(test) else 0.0,
            "within_train": int(pd.Series(train).duplicated().sum())}
