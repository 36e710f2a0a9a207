"""The scaffold every study runs on: cells, a cache, parallel runs, committed files, re-runs.

A study is a grid of independent *cells* (one seed, one repetition of a
cross-validation, one method...), each computed by one function into rows of a table.
A study module declares its cells, the function and the tolerances of a re-run in a
:class:`Study`; the scaffold does the rest, the same way for every study:

* :func:`run` computes the cells in parallel with joblib, each with one BLAS/OpenMP
  thread (so the numbers do not depend on the number of workers), caches each on disk
  under ``utils/_cache/<study>/``, keyed by the cell, the parameters it depends on, the
  study's version and the library versions (:func:`utils.versions.library_versions`),
  and shows a progress bar when asked (the command line does);
* :func:`save` writes one CSV per table, floats at full round-trip precision, and one
  JSON file of provenance: the command that regenerates the result, the seeds, the
  parameters, the design, the library versions, the machine and the wall time;
  :func:`load` reads them back bit for bit, with their column types;
* :func:`rerun` recomputes one committed cell from scratch and compares it with the
  file at the study's tolerances (:func:`utils.reruns.compare_rerun`).
"""

import json
import numbers
import os
import platform
import shlex
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Memory, Parallel, delayed, effective_n_jobs
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from utils._validation import check_scalar
from utils.reruns import compare_rerun, failures
from utils.versions import library_versions

#: Where the committed tables and their provenance live.
RESULTS_DIR = Path(__file__).resolve().parent / "results"
#: The on-disk cache, one folder per study (git-ignored, removed by ``make clean``).
CACHE_DIR = Path(__file__).resolve().parent.parent / "_cache"
#: What the provenance of a converted result says of a field its run did not record.
NOT_RECORDED = "not recorded"
#: A float given to name a cell matches the nearest committed value within this relative
#: distance, so that ``alpha=1.51`` names 1.5085...; grids step by far more.
CELL_MATCH_RTOL = 1e-2


@dataclass(frozen=True)
class Parameter:
    """A parameter of a study's run.

    Attributes
    ----------
    default : int, float or str
        Its value unless the command line gives another; its type is the parameter's.
    help : str
        What it sets, one line for ``--help``.
    grid : bool, default False
        True when it only sizes the run (how many seeds, repetitions...): a cell's numbers
        do not depend on it, so it is left out of the cache key and of what ``compute``
        receives, and a longer run reuses a shorter one's cells.
    choices : tuple, default ()
        The values allowed, if only some are.
    min_val : int or float, optional
        The smallest value allowed, for a number.
    """

    default: int | float | str
    help: str
    grid: bool = False
    choices: tuple = ()
    min_val: int | float | None = None


@dataclass(frozen=True)
class Study:
    """Declare a study: its cells, how to compute one, and its re-run tolerances.

    :func:`run`, :func:`save`, :func:`load` and :func:`rerun` do the rest.

    Attributes
    ----------
    name : str
        The command-line name, and the stem of its files in ``results/``.
    description : str
        One line for ``python -m utils.studies --help``.
    cells : callable
        ``cells(**parameters)``: the cells of a run, in table order, each a dict from
        column name to value; these columns identify the cell's rows in its table.
    compute : callable
        ``compute(cell, **cell_parameters)``: the rows of one cell, a DataFrame that
        holds the cell's columns. ``cell_parameters`` are the parameters not marked
        ``grid``.
    tolerances : callable
        ``tolerances(committed, **cell_parameters)``: for committed rows of one table,
        column name to tolerance, as :func:`utils.reruns.compare_rerun` takes them.
    default_cell : dict
        The cell :func:`rerun` recomputes when none is named: a cheap one. Its keys are
        the columns that name a cell.
    describe : callable
        ``describe(**parameters)``: the design, for the provenance; a dict whose key
        ``"seeds"`` says how every random number is seeded.
    parameters : dict of str to Parameter, default {}
        The parameters of a run, each a command-line flag.
    version : int, default 1
        Bump it when what a cell computes changes: joblib's cache sees the code of one
        function only, not of the functions it calls.
    changed : int, default 1
        Predictions per test set that the tolerances let flip, for the report.
    table_of : callable, optional
        ``table_of(cell)``: the table a cell's rows belong to, when a study writes
        several (:attr:`tables`); by default its one table, named after the study.
    tables : tuple of str, optional
        The tables a study writes, the main one first; by default ``(name,)``.
    run : callable, optional
        ``run(parameters, *, n_jobs, cache, progress)``, returning the tables (dict of
        name to DataFrame) and a dict of outcomes for the provenance: replaces the
        cell-by-cell run for a study whose cells are planned as it goes (the class-weight
        sweep), which then uses :func:`cached` and :func:`parallel_map` itself.
    recompute : callable, optional
        ``recompute(cell, committed, **cell_parameters)``: replaces ``compute`` in a
        re-run, for a study whose cell depends on what its run decided (the sweep's
        repetitions), read from the committed rows.
    """

    name: str
    description: str
    cells: Callable
    compute: Callable
    tolerances: Callable
    default_cell: dict
    describe: Callable
    parameters: dict = field(default_factory=dict)
    version: int = 1
    changed: int = 1
    table_of: Callable | None = None
    tables: tuple = ()
    run: Callable | None = None
    recompute: Callable | None = None

    @property
    def table_names(self):
        """The tables the study writes, the main one first."""
        return tuple(self.tables) or (self.name,)

    def table_for(self, cell):
        """Return the name of the table that holds ``cell``'s rows."""
        return self.name if self.table_of is None else self.table_of(cell)

    def cell_parameters(self, parameters):
        """Return the parameters a cell's numbers depend on (those not marked ``grid``)."""
        return {key: value for key, value in parameters.items()
                if not self.parameters[key].grid}


@dataclass
class Result:
    """A study's tables and their provenance, as :func:`run` returns and :func:`load` reads.

    Attributes
    ----------
    study : str
        The study's name.
    tables : dict of str to DataFrame
        Its tables, the main one first.
    provenance : dict
        The command, seeds, parameters, design, versions, machine and wall time.
    """

    study: str
    tables: dict
    provenance: dict

    @property
    def table(self):
        """The main table."""
        return next(iter(self.tables.values()))


@dataclass
class Rerun:
    """One committed cell recomputed, beside its committed rows, and their comparison.

    Attributes
    ----------
    cell : dict
        The cell, with floats resolved to their committed values.
    recomputed, committed : DataFrame
        The same rows and columns, from the re-run and from the file.
    report : DataFrame
        :func:`utils.reruns.compare_rerun`'s report: each column's tolerance, largest
        difference, and whether it is within.
    seconds : float
        Wall time of the recomputation.
    """

    cell: dict
    recomputed: pd.DataFrame
    committed: pd.DataFrame
    report: pd.DataFrame
    seconds: float

    @property
    def within(self):
        """Whether every column is within its tolerance."""
        return bool(self.report["within"].all())

    @property
    def failures(self):
        """The columns outside their tolerance, in one line (empty when within)."""
        return failures(self.report)


# ------------------------------------------------------------------------------------------
# Cache and parallel map, also for a study with a run of its own
# ------------------------------------------------------------------------------------------


def _call(function, key, args, kwargs):
    """Call ``function``; ``key`` (study and library versions) only enters the cache key."""
    return function(*args, **kwargs)


class _Cached:
    """``function`` with its results cached by a :class:`joblib.Memory`, or not cached."""

    def __init__(self, function, memory, key):
        self.function = function
        self.memorized = None if memory is None else memory.cache(_call)
        self.key = key

    def __call__(self, *args, **kwargs):
        if self.memorized is None:
            return self.function(*args, **kwargs)
        return self.memorized(self.function, self.key, args, kwargs)

    def in_cache(self, *args, **kwargs):
        """Whether a call with these arguments would be read from the cache."""
        return self.memorized is not None and self.memorized.check_call_in_cache(
            self.function, self.key, args, kwargs)


def cached(study, function, cache=True):
    """Return ``function`` with its results cached on disk for ``study``.

    Parameters
    ----------
    study : Study
        The study; its cache is ``utils/_cache/<name>/``.
    function : callable
        A module-level function (joblib names it in the cache key).
    cache : bool or path-like, default True
        False computes every call; a path caches there instead.

    Returns
    -------
    callable
        Called like ``function``; the cache key holds every argument, the study's
        :attr:`~Study.version` and :func:`utils.versions.library_versions`, so an
        upgrade recomputes instead of reusing. Its ``in_cache(*args)`` says whether a
        call would be read from the cache.
    """
    if cache is False or cache is None:
        return _Cached(function, None, None)
    if cache is True:
        location = CACHE_DIR / study.name
    elif isinstance(cache, str | os.PathLike):
        location = Path(cache)
    else:
        raise TypeError(f"cache must be True, False or a directory, got {cache!r}")
    return _Cached(function, Memory(location, verbose=0), (study.version, library_versions()))


def _one_thread(function, *args):
    """Call ``function`` with one BLAS/OpenMP thread, so the numbers do not depend on n_jobs."""
    with threadpool_limits(1):
        return function(*args)


def check_n_jobs(n_jobs):
    """Return ``n_jobs`` if joblib accepts it (an integer other than 0, or None)."""
    if n_jobs is not None:
        n_jobs = check_scalar(n_jobs, "n_jobs", numbers.Integral)
        effective_n_jobs(n_jobs)  # joblib refuses 0
    return n_jobs


def parallel_map(function, tasks, *, n_jobs=1, progress=False, desc=None, unit="cell",
                 total=None, size=None):
    """Return ``[function(*task) for task in tasks]``, run by joblib with one thread each.

    Parameters
    ----------
    function : callable
        A picklable function (module level, or :func:`cached`'s result).
    tasks : list of tuple
        The arguments of each call.
    n_jobs : int or None, default 1
        joblib workers (None: the active ``joblib.parallel_config``).
    progress : bool, default False
        Show a tqdm bar on stderr (the command line does; notebooks do not).
    desc, unit : str
        The bar's label and unit.
    total : int, optional
        The bar's total; ``len(tasks)`` by default.
    size : callable, optional
        ``size(result)``: how far one result moves the bar; 1 by default.

    Returns
    -------
    list
        The results, in the order of ``tasks``.
    """
    n_jobs = check_n_jobs(n_jobs)
    jobs = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_one_thread)(function, *task) for task in tasks)
    results = []
    with tqdm(total=len(tasks) if total is None else total, desc=desc, unit=unit,
              file=sys.stderr, disable=not progress) as bar:
        for result in jobs:
            results.append(result)
            bar.update(1 if size is None else size(result))
    return results


# ------------------------------------------------------------------------------------------
# Run, save, load
# ------------------------------------------------------------------------------------------


def _study(study):
    """Return a study's declaration from its name (or itself), through the registry."""
    from utils.studies import get  # the registry imports this module: import it late

    return get(study)


def check_parameters(study, parameters):
    """Return every parameter of ``study``, defaults filled in, or raise naming a bad one.

    Parameters
    ----------
    study : Study
        The study.
    parameters : dict
        Some of its parameters.

    Returns
    -------
    dict
        Every parameter, in declaration order.
    """
    unknown = sorted(set(parameters) - set(study.parameters))
    if unknown:
        raise ValueError(f"{study.name} has no parameter {unknown[0]!r}; its parameters are "
                         f"{list(study.parameters) or 'none'}")
    checked = {}
    for name, spec in study.parameters.items():
        value = parameters.get(name, spec.default)
        if isinstance(spec.default, str):
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a string, got {value!r}")
        else:
            kind = numbers.Integral if isinstance(spec.default, int) else numbers.Real
            value = check_scalar(value, name, kind, min_val=spec.min_val)
        if spec.choices and value not in spec.choices:
            raise ValueError(f"{name} must be one of {list(spec.choices)}, got {value!r}")
        checked[name] = value
    return checked


def command(study, parameters, n_jobs):
    """Return the command line that regenerates a result, every parameter spelled out.

    Parameters
    ----------
    study : Study
        The study.
    parameters : dict
        Every parameter of the run.
    n_jobs : int or None
        The workers it ran with (the numbers do not depend on them).

    Returns
    -------
    str
        ``python -m utils.studies NAME run --PARAMETER VALUE ... --n-jobs N``.
    """
    words = ["python", "-m", "utils.studies", study.name, "run"]
    for name, value in parameters.items():
        words += [f"--{name.replace('_', '-')}", str(value)]
    if n_jobs is not None:
        words += ["--n-jobs", str(n_jobs)]
    return shlex.join(words)


def machine():
    """Return what identifies the machine a result was computed on.

    Returns
    -------
    dict
        Platform, processor, number of CPUs and the one-minute load average (a loaded
        machine runs slower; the numbers do not change).
    """
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average_at_end": round(os.getloadavg()[0], 1),
    }


def run(study, *, n_jobs=1, cache=True, progress=False, **parameters):
    """Run every cell of a study.

    Parameters
    ----------
    study : str or Study
        The study, by name (``utils.studies.NAMES``) or itself.
    n_jobs : int or None, default 1
        joblib workers; the numbers do not depend on them.
    cache : bool or path-like, default True
        Cache each cell (see :func:`cached`); False recomputes every one.
    progress : bool, default False
        Show a progress bar (for the command line).
    **parameters
        The study's parameters; the others take their defaults.

    Returns
    -------
    Result
        The tables and their provenance, ready for :func:`save`.
    """
    study = _study(study)
    parameters = check_parameters(study, parameters)
    n_jobs = check_n_jobs(n_jobs)
    start = time.perf_counter()
    if study.run is not None:
        tables, outcome = study.run(parameters, n_jobs=n_jobs, cache=cache, progress=progress)
    else:
        cells = study.cells(**parameters)
        compute = cached(study, study.compute, cache)
        cell_parameters = study.cell_parameters(parameters)
        frames = parallel_map(_compute_cell, [(compute, cell, cell_parameters) for cell in cells],
                              n_jobs=n_jobs, progress=progress, desc=study.name)
        tables = {name: [] for name in study.table_names}
        for cell, frame in zip(cells, frames, strict=True):
            tables[study.table_for(cell)].append(frame)
        tables = {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}
        outcome = {}
    wall = time.perf_counter() - start
    described = dict(study.describe(**parameters))
    provenance = {
        "study": study.name,
        "description": study.description,
        "command": command(study, parameters, n_jobs),
        "parameters": parameters,
        "seeds": described.pop("seeds"),
        "design": described,
        "tables": _table_entries(tables),
        "outcome": outcome,
        "versions": library_versions(),
        "machine": machine(),
        "n_jobs": n_jobs,
        "wall_time_s": round(wall, 1),
        "date": time.strftime("%Y-%m-%d"),
    }
    return Result(study.name, tables, provenance)


def _compute_cell(compute, cell, cell_parameters):
    """Call ``compute(cell, **cell_parameters)``: a module-level function pickles for joblib."""
    return compute(cell, **cell_parameters)


def _table_entries(tables):
    """Return the provenance of each table: its file, rows and column types."""
    return {name: {"file": f"{name}.csv", "rows": len(table),
                   "dtypes": {column: str(dtype) for column, dtype in table.dtypes.items()}}
            for name, table in tables.items()}


def save(result, folder=RESULTS_DIR):
    """Write a result's tables as CSV, floats at full precision, and its provenance as JSON.

    Parameters
    ----------
    result : Result
        What :func:`run` returned.
    folder : path-like, default utils/studies/results
        Where to write ``<table>.csv`` for each table and ``<study>.json``.

    Returns
    -------
    list of Path
        The files written, the provenance last.
    """
    if not isinstance(result, Result):
        raise TypeError(f"result must be a Result, got {type(result).__name__}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in result.tables.items():
        path = folder / result.provenance["tables"][name]["file"]
        # No float_format: pandas writes the shortest string that reads back to the same
        # double, and read_csv parses it back exactly.
        table.to_csv(path, index=False)
        written.append(path)
    path = folder / f"{result.study}.json"
    path.write_text(json.dumps(result.provenance, indent=2) + "\n")
    return [*written, path]


def load(study, folder=RESULTS_DIR):
    """Read a committed result: its tables, bit for bit and with their types, and provenance.

    Parameters
    ----------
    study : str or Study
        The study.
    folder : path-like, default utils/studies/results
        Where its files are.

    Returns
    -------
    Result
    """
    study = _study(study)
    path = Path(folder) / f"{study.name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: `python -m utils.studies {study.name} "
                                "run` writes it")
    provenance = json.loads(path.read_text())
    tables = {}
    for name, entry in provenance["tables"].items():
        table = pd.read_csv(path.parent / entry["file"], dtype=entry["dtypes"])
        if len(table) != entry["rows"]:
            raise ValueError(f"{entry['file']} holds {len(table)} rows, its provenance "
                             f"{entry['rows']}")
        tables[name] = table
    return Result(study.name, tables, provenance)


# ------------------------------------------------------------------------------------------
# Re-run one cell
# ------------------------------------------------------------------------------------------


def _resolve(cell, table, study):
    """Return ``cell`` with each value as the committed table holds it, or raise."""
    names = list(study.default_cell)
    if sorted(cell) != sorted(names):
        raise ValueError(f"a cell of {study.name} is named by {', '.join(names)}; got "
                         f"{', '.join(cell) or 'nothing'}")
    resolved = {}
    for name in names:
        value, column = cell[name], table[name]
        if pd.api.types.is_float_dtype(column):
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be a number, got {value!r}") from None
            values = np.unique(column.to_numpy())
            distance = np.abs(values / value - 1) if value else np.abs(values)
            if distance.min() > CELL_MATCH_RTOL:
                raise ValueError(f"{name}={value!r} is not a committed value; they run from "
                                 f"{values.min():g} to {values.max():g}")
            value = float(values[np.argmin(distance)])
        elif pd.api.types.is_integer_dtype(column):
            try:
                value = check_scalar(int(value) if isinstance(value, str) else value, name,
                                     numbers.Integral)
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be an integer, got {value!r}") from None
        else:
            value = str(value)
        resolved[name] = value
    return resolved


def committed_cell(study, cell=None, *, folder=RESULTS_DIR):
    """Return a committed cell, its rows and the parameters it was computed with.

    Parameters
    ----------
    study : str or Study
        The study.
    cell : dict, optional
        The cell, column name to value (strings are converted to the column's type; a
        float names the nearest committed value within 1 %); the study's
        :attr:`~Study.default_cell` by default.
    folder : path-like, default utils/studies/results
        Where the committed files are.

    Returns
    -------
    cell : dict
        The cell, its values as the table holds them.
    committed : DataFrame
        Its committed rows.
    parameters : dict
        The parameters its numbers depend on, from the provenance.
    """
    study = _study(study)
    result = load(study, folder)
    cell = study.default_cell if cell is None else cell
    if not isinstance(cell, Mapping):
        raise TypeError(f"cell must be a dict from column to value, got {cell!r}")
    table = result.tables[study.table_for(dict(cell))]
    cell = _resolve(cell, table, study)
    mask = np.logical_and.reduce([table[name] == value for name, value in cell.items()])
    committed = table[mask].reset_index(drop=True)
    if committed.empty:
        raise ValueError(f"{study.name} has no committed rows for the cell {cell}")
    return cell, committed, study.cell_parameters(result.provenance["parameters"])


def rerun(study, cell=None, *, folder=RESULTS_DIR):
    """Recompute one committed cell from scratch (no cache) and compare it with the file.

    Parameters
    ----------
    study : str or Study
        The study.
    cell : dict, optional
        The cell, as :func:`committed_cell` takes it; the study's
        :attr:`~Study.default_cell` by default.
    folder : path-like, default utils/studies/results
        Where the committed files are; their provenance gives the parameters.

    Returns
    -------
    Rerun
        The recomputed and committed rows, compared at the study's tolerances with
        :func:`utils.reruns.compare_rerun`.
    """
    study = _study(study)
    cell, committed, parameters = committed_cell(study, cell, folder=folder)
    start = time.perf_counter()
    with threadpool_limits(1):
        if study.recompute is not None:
            recomputed = study.recompute(cell, committed, **parameters)
        else:
            recomputed = study.compute(cell, **parameters)
    seconds = time.perf_counter() - start
    recomputed = recomputed[list(committed.columns)].reset_index(drop=True).astype(
        committed.dtypes.to_dict())
    report = compare_rerun(recomputed, committed, study.tolerances(committed, **parameters),
                           changed=study.changed)
    return Rerun(cell, recomputed, committed, report, seconds)
