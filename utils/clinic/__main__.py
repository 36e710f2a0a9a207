"""Command line of the clinic: ``python -m utils.clinic DATA --target COLUMN``.

Bad input gets one sentence on stderr and exit status 1 (2 for a malformed option);
the report goes to stdout, progress on slow steps to stderr.
"""

import argparse
import math
import sys
from pathlib import Path

from utils.clinic.errors import InputError
from utils.clinic.reference_models import MODELS
from utils.clinic.tables import MAX_ROWS

EXAMPLE = """\
example:
  python -m utils.clinic churn.csv --target churn --positive yes --costs 1,10 \\
      --html churn_report.html

  prints: rows, positives and prevalence per part (with intervals); each test score
  beside the trivial predictors' (with bootstrap intervals); the checklist's tests in
  order (predicted-class counts, probabilities, train/test gap, leakage screen, F1 per
  class, costs); and flags, each with its checklist row and the chapter to read.

DATA is a CSV or TSV file (separator, encoding and decimal mark sniffed; .gz, .bz2
and .xz read too) or Parquet (needs pyarrow). Pickles are never read.
"""


DESCRIPTION = """\
Examine a table for a binary classification problem: split it, fit a reference model
in a pipeline, and run the clinic checklist's tests (book/clinic_checklist.md),
printing a short report.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, with a malformed option reported in one line rather than the usage."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message}; see --help.\n")


def _costs(text):
    parts = text.split(",")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) != 2 or not all(math.isfinite(v) and v > 0 for v in values):
        raise argparse.ArgumentTypeError(
            f"must be two positive numbers FP,FN (the price of a false positive, then of a "
            f"false negative), such as 1,10; got {text!r}")
    return tuple(values)


def _share(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be a share of the rows between 0 and 1, such "
                                         f"as 0.25; got {text!r}")
    return value


def _count(minimum):
    def parse(text):
        try:
            value = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            value = -1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number of at least {minimum}; "
                                             f"got {text!r}")
        return value
    return parse


def _separator(text):
    value = {"tab": "\t", "\\t": "\t", "TAB": "\t"}.get(text, text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"must be one character, such as ';' or 'tab'; got "
                                         f"{text!r}")
    return value


def parser():
    """Return the command's argument parser."""
    p = _Parser(
        prog="python -m utils.clinic",
        description=DESCRIPTION,
        epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", metavar="DATA", help="the table: CSV, TSV or Parquet")
    p.add_argument("--target", required=True, metavar="COLUMN", help="the label column")
    p.add_argument("--positive", metavar="VALUE",
                   help="the class to detect (default: the rarer of two classes; required "
                        "with more than two, the others becoming the negative class)")
    p.add_argument("--costs", type=_costs, metavar="FP,FN",
                   help="price of a false positive and of a false negative, e.g. 1,10: adds "
                        "the cost-optimal threshold and the expected costs")
    p.add_argument("--model", choices=MODELS, default="logistic",
                   help="the reference model (default: logistic)")
    split = p.add_mutually_exclusive_group()
    split.add_argument("--test", metavar="DATA2",
                       help="a separate test table with the same columns")
    split.add_argument("--test-size", type=_share, default=0.25, metavar="F",
                       help="share of the rows held out, stratified (default: 0.25)")
    p.add_argument("--html", metavar="REPORT.html",
                   help="also write a self-contained page with the figures")
    p.add_argument("--max-rows", type=_count(1), default=MAX_ROWS, metavar="N",
                   help=f"refuse tables with more rows (default: {MAX_ROWS:,})")
    p.add_argument("--sep", type=_separator, metavar="CHAR",
                   help="the separator (default: sniffed among , ; tab |)")
    p.add_argument("--encoding", metavar="NAME",
                   help="the text encoding (default: utf-8, else latin-1)")
    p.add_argument("--decimal", choices=(".", ","), metavar="MARK",
                   help="the decimal mark, '.' or ',' (default: ',' for ';'-separated files "
                        "written so)")
    p.add_argument("--seed", type=_count(0), default=0,
                   help="seed of the split, the model and the bootstrap (default: 0)")
    p.add_argument("--resamples", type=_count(100), default=1000, metavar="N",
                   help="bootstrap resamples of the test rows (default: 1000)")
    return p


def run(args, out=None):
    """Examine the table the parsed ``args`` name; print the report to ``out``.

    Raises
    ------
    InputError
        For input the clinic cannot examine.
    """
    from utils.clinic.examination import examine  # after parsing: --help stays instant
    from utils.clinic.progress import Progress
    from utils.clinic.report import render_text, sections
    from utils.clinic.tables import read_table

    out = out or sys.stdout
    progress = Progress()
    how = {"sep": args.sep, "encoding": args.encoding, "decimal": args.decimal,
           "max_rows": args.max_rows}
    with progress.step(f"reading {args.data}"):
        data = read_table(args.data, **how)
        test = None if args.test is None else read_table(args.test, **how)
    exam = examine(data, args.target, positive=args.positive, test=test,
                   test_size=args.test_size, model=args.model, costs=args.costs,
                   seed=args.seed, n_resamples=args.resamples, progress=progress)
    parts = sections(exam)
    out.write(render_text(parts))
    if args.html:
        from utils.clinic.html_report import render_html

        with progress.step("drawing the figures"):
            page = render_html(exam, parts)
        path = Path(args.html)
        try:
            path.write_text(page, encoding="utf-8")
        except OSError as error:
            raise InputError(f"Cannot write the report to {path}: "
                             f"{(error.strerror or str(error)).lower()}.") from error
        out.write(f"HTML report: {path}\n")
    return exam


def main(argv=None):
    """Run the command; return its exit status (0, or 1 for input it cannot examine)."""
    for stream in (sys.stdout, sys.stderr):  # a column name the terminal cannot show
        if hasattr(stream, "reconfigure"):       # must not stop the report
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        run(args)
    except InputError as error:
        sys.stderr.write(f"clinic: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("clinic: interrupted\n")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
