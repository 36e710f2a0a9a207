"""The command line of every study: ``python -m utils.studies NAME {run,rerun,show}``.

``run`` computes every cell and writes the tables and their provenance; ``rerun``
recomputes one committed cell and exits with 1 when it differs from the file beyond
the study's tolerances; ``show`` prints the provenance of the committed result and the
cell a bare ``rerun`` recomputes. A bad argument prints one line and exits with 2.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import pandas as pd

from utils.studies import NAMES, get
from utils.studies.scaffold import (
    RESULTS_DIR,
    check_n_jobs,
    check_parameters,
    committed_cell,
    load,
    rerun,
    run,
    save,
)

PROG = "python -m utils.studies"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, without the usage."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _cell_item(text):
    """Parse ``COLUMN=VALUE``."""
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return name, value


def _describe_cell(cell):
    return " ".join(f"{name}={value!r}" if isinstance(value, str) and " " in value
                    else f"{name}={value}" for name, value in cell.items())


def build_parser():
    """Return the parser: one sub-command per study, the same actions and flags for each."""
    parser = _Parser(prog=PROG, description="Run a study of the course, re-run one of its "
                     "committed cells at its tolerances, or show its provenance.")
    studies = parser.add_subparsers(dest="study", required=True, metavar="NAME",
                                    title="studies")
    for name in NAMES:
        study = get(name)
        one = studies.add_parser(name, help=study.description, description=study.description)
        actions = one.add_subparsers(dest="action", required=True, metavar="ACTION",
                                     title="actions")
        running = actions.add_parser("run", help="compute every cell, write the tables and "
                                     "their provenance")
        for key, spec in study.parameters.items():
            running.add_argument(f"--{key.replace('_', '-')}", dest=key, default=spec.default,
                                 type=type(spec.default), choices=spec.choices or None,
                                 help=f"{spec.help} (default: %(default)s)")
        running.add_argument("--n-jobs", type=int, default=2,
                             help="joblib workers; the numbers do not depend on them "
                                  "(default: %(default)s)")
        running.add_argument("--no-cache", action="store_true", help="recompute every cell")
        running.add_argument("--out", type=Path, default=RESULTS_DIR,
                             help="folder to write to (default: utils/studies/results)")
        cell = _describe_cell(study.default_cell)
        again = actions.add_parser("rerun", help="recompute one committed cell and compare it "
                                   "with the file at its tolerances")
        again.add_argument("--cell", nargs="+", type=_cell_item, metavar="COLUMN=VALUE",
                           help=f"the cell to recompute (default: {cell})")
        again.add_argument("--results", type=Path, default=RESULTS_DIR,
                           help="folder of the committed files (default: "
                                "utils/studies/results)")
        show = actions.add_parser("show", help="print the committed result's provenance")
        show.add_argument("--results", type=Path, default=RESULTS_DIR,
                          help="folder of the committed files (default: "
                               "utils/studies/results)")
    return parser


def _check(args, study):
    """Validate the arguments before any work: a bad one raises, naming it."""
    if args.action == "run":
        check_n_jobs(args.n_jobs)
        check_parameters(study, {key: getattr(args, key) for key in study.parameters})
    elif args.action == "rerun":
        committed_cell(study, None if args.cell is None else dict(args.cell),
                       folder=args.results)
    else:
        load(study, args.results)


def _run(args, study):
    parameters = {key: getattr(args, key) for key in study.parameters}
    result = run(study, n_jobs=args.n_jobs, cache=not args.no_cache, progress=True,
                 **parameters)
    written = save(result, args.out)
    print(f"wrote {', '.join(str(path) for path in written)} in "
          f"{result.provenance['wall_time_s']:.0f} s")
    return 0


def _rerun(args, study):
    cell = None if args.cell is None else dict(args.cell)
    check = rerun(study, cell, folder=args.results)
    print(f"{study.name}, cell {_describe_cell(check.cell)}:")
    with pd.option_context("display.max_columns", None, "display.width", 120):
        print(check.report.to_string())
    verdict = "within" if check.within else "outside"
    print(f"{verdict} the tolerances of {args.results / (study.name + '.json')} "
          f"({check.seconds:.1f} s){'; ' + check.failures if check.failures else ''}")
    return 0 if check.within else 1


def _show(args, study):
    result = load(study, args.results)
    print(json.dumps(result.provenance, indent=2))
    print(f"a bare rerun recomputes the cell {_describe_cell(study.default_cell)}")
    return 0


def main(argv=None):
    """Entry point of ``python -m utils.studies``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 when a re-run differs from the file beyond its tolerances, 2 on
        a bad argument (one line on stderr, no traceback).
    """
    args = build_parser().parse_args(argv)
    study = get(args.study)
    try:
        _check(args, study)
    except (ValueError, TypeError, KeyError, FileNotFoundError) as error:
        message = error.args[0] if error.args else type(error).__name__
        print(f"{PROG} {args.study} {args.action}: {message}", file=sys.stderr)
        return 2
    return {"run": _run, "rerun": _rerun, "show": _show}[args.action](args, study)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader of the output (``| head``) has gone: stop quietly, as a pipe expects.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; finished cells stay in the cache", file=sys.stderr)
        sys.exit(130)
