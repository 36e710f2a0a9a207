"""The clinic on your own data: one command that examines a table.

``python -m utils.clinic DATA --target COLUMN`` reads a CSV, TSV or Parquet table,
splits it (stratified, seeded), fits a reference model inside a pipeline, and runs the
clinic checklist's tests in order (``book/clinic_checklist.md``): rows and positives
per part, every score beside the trivial predictors' with intervals, what the model
predicts, the train/test gap, a leakage screen and, with prices for the two mistakes,
the cost-optimal threshold. Each flag names the checklist row that explains it and
the chapter to read. ``--help`` shows an example.

Modules, in the order the command uses them:

``tables``
    Reading the file (separator, encoding, decimal mark), the target and the
    positive class, and the columns dropped before modelling.
``reference_models``
    The reference pipelines (logistic regression, random forest, gradient boosting).
``screens``
    The leakage screen's extra tests: columns equal to the label, ID-like columns,
    duplicate rows across the split.
``scores``, ``resampled_metrics``
    Scores with bootstrap intervals, beside the trivial predictors, and the costs; the
    metrics of a thousand resamples at a time.
``examination``
    :func:`examine`, which runs everything on data frames and returns an
    :class:`Examination`; the Python entry point, for notebooks.
``guide``
    Each flag's checklist row and chapter, as data.
``report``, ``figures``, ``html_report``
    The plain-text report, the figures and the self-contained HTML page.
``errors``, ``progress``
    The one error reported as a sentence, and the progress line of slow steps.

:func:`utils.diagnostics.diagnose` remains the one-call check of a model already
fitted in a notebook; the clinic calls it.
"""

from utils.clinic.errors import InputError

__all__ = ["InputError"]
