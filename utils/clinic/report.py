"""The clinic's report: sections built once, printed as text or laid out as HTML.

:func:`sections` turns an :class:`~utils.clinic.examination.Examination` into titled
sections of lines and tables (of formatted strings); :func:`render_text` prints them
for a terminal, :mod:`utils.clinic.html_report` for a page. The two never disagree
because they share the sections.
"""

import math
import textwrap
from dataclasses import dataclass, field

import pandas as pd

from utils.clinic.guide import NEXT_STEP
from utils.diagnostics import MIN_TEST_POSITIVES

WIDTH = 100


@dataclass
class Section:
    """A titled part of the report: lines, then optionally a table, then more lines."""

    title: str
    lines: list = field(default_factory=list)
    table: pd.DataFrame | None = None
    after: list = field(default_factory=list)
    key: str = ""


def number(value, digits=3, sign=False):
    """Format a number for the report, or "n/a" when it is undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if round(value, digits) == 0:
        value = 0.0  # never "-0.000"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def interval(low, high, sign=False):
    """Format ``[low, high]``, or "[n/a]" when either end is undefined."""
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        return "[n/a]"
    return f"[{number(low, sign=sign)}, {number(high, sign=sign)}]"


def _listing(names, limit=12):
    names = [str(n) for n in names]
    if not names:
        return "none"
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more"
                                       if len(names) > limit else "")


def _header(exam):
    target = exam.target
    lines = [f"data: {exam.data.describe()}"]
    if exam.test is not None:
        lines.append(f"test: {exam.test.describe()}")
    lines += [
        f"target: {target.column}; positive class: {target.positive_name} ({target.choice}); "
        f"negative class: {target.negative_name}",
        f"model: {exam.description}",
        f"split: {exam.split}; intervals: 95%, {exam.n_resamples:,} bootstrap resamples of "
        f"the test rows (seed {exam.seed})",
    ]
    return Section("Clinic report", lines, key="header")


def _missing(exam):
    missing = exam.missing[exam.missing > 0].sort_values(ascending=False, kind="stable")
    if missing.empty:
        return "none"
    return _listing([f"{name} {count:,} ({count / exam.n_rows:.1%})"
                     for name, count in missing.items()], 8)


def _columns(exam):
    dropped = exam.plan.dropped
    lines = [f"used: {len(exam.columns['numbers'])} numeric "
             f"({_listing(exam.columns['numbers'], 8)}), {len(exam.columns['text'])} text "
             f"({_listing(exam.columns['text'], 8)})",
             f"missing values (imputed inside the pipeline): {_missing(exam)}",
             f"dropped, all missing: {_listing(dropped['all missing'])}",
             f"dropped, constant: {_listing(dropped['constant'])}"]
    lines += [f"note: {note}" for note in exam.notes]
    return Section("Columns", lines, key="columns")


def _parts(exam):
    table = pd.DataFrame({
        "rows": exam.parts["rows"].map(lambda v: f"{int(v):,}"),
        "positives": exam.parts["positives"].map(lambda v: f"{int(v):,}"),
        "prevalence": exam.parts["prevalence"].map(number),
        "95% interval": [interval(lo, hi) for lo, hi in zip(exam.parts["low"],
                                                            exam.parts["high"], strict=True)],
    })
    after = []
    positives = int(exam.parts.loc["test", "positives"])
    if positives < MIN_TEST_POSITIVES:
        low, high = exam.parts.loc["test", ["low", "high"]]
        after.append(f"WARNING: {positives} positives in the test part are too few to judge "
                     f"any score (checklist row 4): the prevalence alone could be anywhere from "
                     f"{number(low)} to {number(high)}, and the intervals below are wide or "
                     "undefined (n/a).")
    lines = [f"positive class: {exam.target.positive_name}; prevalence interval: exact "
             "binomial (Clopper-Pearson)"]
    return Section("Rows and positives", lines, table, after, key="parts")


def _scores(exam):
    rows = {}
    for metric, row in exam.scores.iterrows():
        marks = {name: "*" if row["against"] == name else "" for name in
                 ("all negative", "all positive")}
        rows[metric] = {
            "model [95% interval]": f"{number(row['model'])} {interval(row['low'], row['high'])}",
            "all negative": number(row["all negative"]) + marks["all negative"],
            "all positive": number(row["all positive"]) + marks["all positive"],
            "random": number(row["random"]),
            "model - trivial* [95%]": "" if not row["against"] else (
                f"{number(row['difference'], sign=True)} "
                f"{interval(row['difference_low'], row['difference_high'], sign=True)}"),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    lines = [f"decisions at threshold 0.5; trivial predictors at the test prevalence "
             f"({number(exam.parts.loc['test', 'prevalence'])}), which ignore the features: "
             "everyone negative, everyone positive, positive at random at the prevalence"]
    after = ["* the trivial predictor the model is compared with: the difference's interval is "
             "a paired bootstrap (the same resampled rows for both)"]
    return Section("Scores on the test part, beside trivial predictors", lines, table, after,
                   key="scores")


def _checklist(exam):
    d, p, target = exam.diagnosis, exam.probabilities, exam.target
    positive, negative = target.positive_name, target.negative_name
    ranking = exam.leakage
    top = ", ".join(f"{name} {row.auc:.3f}" for name, row in ranking.head(5).iterrows()) \
        if ranking is not None and len(ranking) else "no numeric column to rank"
    dup = exam.duplicates
    scores = exam.scores
    f1_positive, f1_negative = scores.loc[f"F1 ({positive})"], scores.loc[f"F1 ({negative})"]
    positives = int(exam.y_test.sum())
    lines = [
        f"1. predictions at 0.5: predicted {negative}: {d.predicted_counts[0]:,}, predicted "
        f"{positive}: {d.predicted_counts[1]:,} (true {positive}: {positives:,}); test ROC AUC "
        f"{number(d.test_auc)} (0.5 for a score that ignores the features)",
        f"2. probabilities: largest {number(p['max'])}, spread (std) {number(p['std'])}, "
        f"{p['relative_spread']:.0%} of a perfect ranker's; {p['share_positive']:.1%} of test "
        f"rows at 0.5 or above (prevalence {number(exam.parts.loc['train', 'prevalence'])})",
        f"3. ROC AUC: training part {number(d.train_auc)}, test part {number(d.test_auc)}, "
        f"gap {number(d.gap, sign=True)}",
        f"4. test positives: {positives:,}" + (" (too few to judge)" if positives <
                                              MIN_TEST_POSITIVES else ""),
        "5. leakage screen (training part):",
        f"   strongest single features (AUC; 0.5 = no signal): {top}",
        f"   equal or nearly equal to the label: {_listing(exam.nearly_equal)}",
        f"   ID-like columns: {_listing(exam.id_like)}",
        f"   duplicate rows: {dup['rows']:,} of {len(exam.y_test):,} test rows "
        f"({dup['share']:.1%}) repeat a training row ({dup['same_label']:,} with the same "
        f"label); {dup['within_train']:,} training rows repeat another training row",
        f"6. F1 of {positive}: {number(f1_positive['model'])} (predicting {positive} for "
        f"everyone: {number(f1_positive['all positive'])}); F1 of {negative}: "
        f"{number(f1_negative['model'])} (predicting {negative} for everyone: "
        f"{number(f1_negative['all negative'])})",
    ]
    if exam.costs is None:
        lines.append("7. costs: not given; --costs FP,FN prices the two mistakes and gives the "
                     "cost-optimal threshold")
    else:
        c = exam.costs
        lines.append(f"7. costs: see below; cost-optimal threshold {c['threshold']:.3g}")
    row, chapters, text = NEXT_STEP
    lines.append(f"{row}. to choose a fix: {text}; chapters {', '.join(chapters)}")
    return Section("The checklist's tests, in order", lines, key="checklist")


def _costs(exam):
    c = exam.costs
    fp, fn = c["prices"]
    table = pd.DataFrame({"expected cost a row": c["costs"].map(number)})
    model_row = f"model, threshold {c['threshold']:.3g}"
    table.loc[model_row, "expected cost a row"] += f" {interval(*c['interval'])}"
    difference = c["difference"]
    lines = [f"a false positive costs {fp:g}, a false negative {fn:g}; the cost-optimal "
             f"threshold for calibrated probabilities is {fp:g} / ({fp:g} + {fn:g}) = "
             f"{c['threshold']:.3g} (utils.costs.cost_optimal_threshold)"]
    after = [f"model at {c['threshold']:.3g} minus {c['cheapest_trivial']} (the cheaper trivial "
             f"policy): {number(difference.mean, sign=True)} "
             f"{interval(difference.low, difference.high, sign=True)} a row (paired bootstrap)"]
    return Section("Costs", lines, table, after, key="costs")


def _flags(exam):
    if not exam.flags:
        return Section("Flags", ["none: no test of the checklist found a symptom"], key="flags")
    lines = []
    for flag in exam.flags:
        lines.append(f"! {flag.text}")
        lines.append(f"  {flag.advice}; {flag.where}")
    return Section("Flags", lines, key="flags")


def sections(exam):
    """Return the report's sections, in order.

    Parameters
    ----------
    exam : Examination

    Returns
    -------
    list of Section
    """
    parts = [_header(exam), _columns(exam), _parts(exam), _scores(exam), _checklist(exam)]
    if exam.costs is not None:
        parts.append(_costs(exam))
    parts.append(_flags(exam))
    return parts


def _wrap(lines):
    """Indent each line by two spaces and wrap it at :data:`WIDTH`, keeping its own indent."""
    for line in lines:
        indent = "  " + " " * (len(line) - len(line.lstrip()))
        yield from textwrap.wrap(line.strip(), WIDTH, initial_indent=indent,
                                 subsequent_indent=indent + "  ", break_on_hyphens=False)


def render_text(parts):
    """Print the sections as plain text, for a terminal.

    Parameters
    ----------
    parts : list of Section

    Returns
    -------
    str
    """
    out = []
    for section in parts:
        out.append(section.title)
        out.append("=" * len(section.title) if section.key == "header"
                   else "-" * len(section.title))
        out.extend(_wrap(section.lines))
        if section.table is not None:
            out.extend("  " + line.rstrip() for line in
                       section.table.to_string(justify="left").splitlines())
        out.extend(_wrap(section.after))
        out.append("")
    return "\n".join(out)
