"""Shared code for the course *Imbalanced classification, honestly measured*.

Each module holds one kind of thing the chapters need and the libraries lack.

Used across chapters
    ``datasets`` (loaders with their origin and licence, and Caravan's shared split),
    ``models`` (the estimators several chapters fit), ``article_examples`` (the three
    examples of "great F1 in one class" that chapter 5 audits), ``baselines`` (what
    trivial predictors score at a given prevalence), ``comparison`` (methods compared
    on the same folds and scorers, and paired differences with their intervals),
    ``verdicts`` (the claims ledger's verdict rule), ``reruns`` (re-runs of committed
    results compared at stated tolerances), ``plotting`` (the course's figure style)
    and ``checks`` (self-checks for the exercises, one module per chapter). The
    generator that turns solutions into exercises is a build step:
    ``build_tools/make_exercises.py``.

Tools a practitioner reuses
    ``reported_metrics`` (do reported scores agree with each other and a prevalence?),
    ``leakage`` (single-feature screening for target leakage), ``prior_shift``
    (probabilities mapped back to the true prevalence), ``costs`` (cost matrices,
    their scorer and threshold), ``diagnostics`` (the clinic's first tests in one call),
    ``clinic`` (the checklist's tests on a reader's own table, as a command:
    ``python -m utils.clinic DATA --target COLUMN``) and ``theory`` (expected scores of a
    class-weighted classifier on a trade-off curve).

The heavy studies behind the book's committed results
    ``studies`` (``utils/studies/``): one module per result, on one scaffold and one
    command line, ``python -m utils.studies NAME {run,rerun,show}``; they import the
    helpers above, nothing here imports them, and the students' hand-out leaves them
    out. ``versions`` lists the library versions they record and key their caches by.
"""
