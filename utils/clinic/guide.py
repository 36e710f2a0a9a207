"""Where each flag is explained: its row of the clinic checklist and the chapter to read.

Data, not code: the report prints these beside each flag, and the checklist page
(``book/clinic_checklist.md``) numbers its rows the same way.
"""

from dataclasses import dataclass

#: The chapters a flag can point to, by file name, with their titles.
CHAPTERS = {
    "01_accuracy_trap": "The accuracy trap",
    "02_per_class_metrics": "Per-class metrics and the F1 asymmetry",
    "03_leakage": "Leakage",
    "04_resampling": "Resampling",
    "05_class_weights": "Class weights in practice",
    "06_thresholds_costs": "Thresholds, costs and choosing the metric",
    "07_class_weight_theory": "Class-weighting theory",
    "08_case_study_clinic": "Case study and clinic",
    "10_multiclass": "More than two classes",
}

#: Flag -> (checklist row or None, chapter, what to look at next).
GUIDE = {
    "one class": (1, "01_accuracy_trap",
                  "a test ROC AUC well above 0.5 means a threshold problem, near 0.5 no signal"),
    "rarely positive": (1, "06_thresholds_costs",
                        "under imbalance the default threshold 0.5 is rarely reached; "
                        "choose the threshold from the costs"),
    "no better than majority": (1, "01_accuracy_trap",
                                "accuracy alone cannot tell this model from predicting "
                                "the majority class"),
    "no ranking signal": (1, "01_accuracy_trap",
                          "the scores rank the classes little better than chance: better "
                          "features, not a threshold, are the fix"),
    "below threshold": (2, "06_thresholds_costs",
                        "no probability reaches 0.5; their spread says whether a lower "
                        "threshold would help"),
    "squeezed": (2, "08_case_study_clinic",
                 "all probabilities sit near the prevalence: over-strong regularisation, "
                 "or no signal"),
    "overfits": (3, "08_case_study_clinic",
                 "the model ranks its training rows much better than the test rows: "
                 "regularise or simplify"),
    "few positives": (4, "02_per_class_metrics",
                      "with so few positives no score is reliable: see the intervals"),
    "leakage suspect": (5, "03_leakage",
                        "one column alone separates the classes: check when it is recorded"),
    "equal to the label": (5, "03_leakage",
                           "a column gives the label away: drop it unless it is known "
                           "before the decision"),
    "id-like": (5, "03_leakage",
                "an identifier can be memorised, and its order can carry the label: drop it"),
    "duplicates": (5, "03_leakage",
                   "test rows that repeat training rows measure memory, not "
                   "generalisation: split by entity, or remove the repeats"),
    "too good": (5, "03_leakage", "scores this high usually mean a leak"),
    "f1 of the majority": (6, "02_per_class_metrics",
                           "a high F1 for the majority class is what predicting it for "
                           "everyone gets: judge the minority class"),
    "costly": (7, "06_thresholds_costs",
               "at the cost-optimal threshold the model saves nothing sure over a "
               "trivial policy"),
    "merged classes": (None, "10_multiclass",
                       "several classes were merged into the negative one"),
}

#: :func:`utils.diagnostics.diagnose`'s flags, by how they start, to the keys above.
DIAGNOSE_FLAGS = {
    "predicts one class": "one class",
    "predicts the positive class rarely": "rarely positive",
    "too few test positives": "few positives",
    "no better than the majority baseline": "no better than majority",
    "no ranking signal": "no ranking signal",
    "overfits": "overfits",
    "leakage suspect": "leakage suspect",
    "too good to be true": "too good",
}

#: The checklist's last row: once the flags are understood, how to choose a fix.
NEXT_STEP = (8, ("04_resampling", "05_class_weights", "06_thresholds_costs"),
             "compare fixes (weights, resampling, a threshold) on the same folds with the "
             "decision's cost (utils.comparison.compare_methods)")


@dataclass(frozen=True)
class Flag:
    """A symptom found, with where the checklist and the book explain it."""

    key: str
    text: str

    @property
    def row(self):
        """The checklist row that explains the flag, or None."""
        return GUIDE[self.key][0]

    @property
    def chapter(self):
        """The chapter to read, by file name."""
        return GUIDE[self.key][1]

    @property
    def advice(self):
        """What the flag means, in a clause."""
        return GUIDE[self.key][2]

    @property
    def where(self):
        """Checklist row and chapter, in words."""
        row = f"checklist row {self.row}; " if self.row is not None else ""
        return f"{row}chapter {self.chapter} ({CHAPTERS[self.chapter]})"


def from_diagnosis(text):
    """Return the :class:`Flag` of one of ``diagnose``'s flags."""
    for start, key in DIAGNOSE_FLAGS.items():
        if text.startswith(start):
            return Flag(key, text)
    raise KeyError(f"no guide entry for the flag {text!r}")
