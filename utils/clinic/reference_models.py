"""The clinic's reference models: one pipeline each, fitted on the training part only.

Every step that learns from data (the imputers' medians, the scaler's means, the
encoder's categories) sits inside the pipeline, so nothing is fitted on the test rows:
chapter 3's rule. The models are references, not tuned: a score well below what the
reader's own model reaches says the reader's model adds something; one well above says
to look for a leak in the reader's pipeline.
"""

from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from utils.models import standardised_logistic

#: The reference models, by their ``--model`` name.
MODELS = ("logistic", "forest", "boosting")
#: A text column keeps at most this many categories (the rarer ones are grouped), so a
#: free-text or identifier column cannot add thousands of one-hot columns.
MAX_CATEGORIES = 30

DESCRIPTIONS = {
    "logistic": "logistic regression (the course's: max_iter=1000, otherwise "
                "scikit-learn's defaults)",
    "forest": "random forest (scikit-learn's defaults, 100 trees)",
    "boosting": "histogram gradient boosting (scikit-learn's defaults)",
}
PREPROCESSING = (f"numbers: median imputation with missing-value indicators{{scaling}}; "
                 f"text: one-hot encoding (at most {MAX_CATEGORIES} categories a column, "
                 "missing as its own category, categories unseen in training ignored)")


def describe(kind):
    """Return one sentence on the model and its preprocessing."""
    _check_kind(kind)
    scaling = ", then scaling" if kind == "logistic" else ""
    return f"{DESCRIPTIONS[kind]}; {PREPROCESSING.format(scaling=scaling)}"


def _check_kind(kind):
    if kind not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {kind!r}")


def make_reference_model(kind="logistic", *, random_state=0):
    """Return an unfitted pipeline: preprocessing by column type, then the classifier.

    Parameters
    ----------
    kind : {"logistic", "forest", "boosting"}, default "logistic"
        The classifier: chapter 1's logistic regression
        (:func:`utils.models.standardised_logistic`), a random forest, or histogram
        gradient boosting.
    random_state : int, default 0
        Seed of the forest and of boosting's early-stopping split.

    Returns
    -------
    Pipeline
        Numeric columns are imputed with their training median, with an indicator of
        the missing values (missingness can be informative), and scaled for the
        logistic model; other columns are filled with ``"(missing)"`` and one-hot
        encoded. Columns are chosen by their dtype when the pipeline is fitted.
    """
    _check_kind(kind)
    numeric_steps = [SimpleImputer(strategy="median", add_indicator=True)]
    if kind == "logistic":
        numeric_steps.append(StandardScaler())
    text = make_pipeline(
        SimpleImputer(strategy="constant", fill_value="(missing)"),
        # boosting needs dense input; the category cap keeps it small
        OneHotEncoder(handle_unknown="ignore", max_categories=MAX_CATEGORIES,
                      sparse_output=kind != "boosting"),
    )
    columns = ColumnTransformer([
        ("numbers", make_pipeline(*numeric_steps), make_column_selector(dtype_include="number")),
        ("text", text, make_column_selector(dtype_exclude="number")),
    ])
    if kind == "logistic":
        classifier = standardised_logistic().steps[-1][1]  # chapter 1's classifier
    elif kind == "forest":
        classifier = RandomForestClassifier(random_state=random_state)
    else:
        classifier = HistGradientBoostingClassifier(random_state=random_state)
    return Pipeline([("columns", columns), ("classifier", classifier)])
