"""Read the reader's table, find its target and positive class, and choose the columns.

Everything here raises :class:`~utils.clinic.errors.InputError` with one sentence for
input the clinic cannot use. pandas reads the files; this module only chooses how
(separator, encoding, decimal mark), and refuses what it must not read: a pickle runs
code when it is loaded, so the clinic never loads one.
"""

import bz2
import codecs
import csv
import difflib
import gzip
import importlib
import importlib.util
import lzma
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils.multiclass import type_of_target

from utils.clinic.errors import InputError

#: The default limit on rows (``--max-rows``): past it, examine a sample.
MAX_ROWS = 2_000_000
#: Bytes read to sniff the separator, the encoding and the decimal mark.
SAMPLE_BYTES = 64 * 1024
#: Separators the sniffer may choose from.
SEPARATORS = ",;\t|"
#: A text column is read as numbers when at least this share of its values are numbers
#: (the rest, such as "?" or "n/a", become missing values).
NUMERIC_SHARE = 0.95

_PICKLES = {".pkl", ".pickle", ".joblib", ".dill"}
_SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
_PARQUET = {".parquet", ".pq"}
_TABS = {".tsv", ".tab"}
_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


@dataclass
class Table:
    """A table as read, with how it was read.

    Attributes
    ----------
    frame : DataFrame
        The rows, as pandas read them.
    name : str
        The file's name as given.
    format : str
        ``"CSV"`` or ``"Parquet"``.
    sep, encoding, decimal : str or None
        How a text file was read (None for Parquet).
    """

    frame: pd.DataFrame
    name: str
    format: str
    sep: str | None = None
    encoding: str | None = None
    decimal: str | None = None

    def describe(self):
        """Return one line: the file, its size and how it was read."""
        rows, columns = self.frame.shape
        how = self.format
        if self.format == "CSV":
            sep = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}.get(self.sep, repr(self.sep))
            how = f"text, separator {sep}, encoding {self.encoding}, decimal mark '{self.decimal}'"
        return f"{self.name}: {rows:,} rows, {columns} columns ({how})"


def read_table(path, *, sep=None, encoding=None, decimal=None, max_rows=MAX_ROWS):
    """Read a CSV, TSV or Parquet file, sniffing what is not given.

    Parameters
    ----------
    path : str or Path
        The file. ``.parquet``/``.pq`` (or a file starting with Parquet's magic bytes)
        is read as Parquet, which needs pyarrow; anything else as delimited text,
        compressed or not (``.gz``, ``.bz2``, ``.xz``).
    sep : str, optional
        The separator; sniffed with :class:`csv.Sniffer` among ``, ; tab |`` when None
        (tab for ``.tsv`` files).
    encoding : str, optional
        The text encoding; UTF-8 (with or without a byte-order mark) when None, then
        Latin-1 if the file is not valid UTF-8. UTF-16 is recognised by its mark.
    decimal : str, optional
        The decimal mark; ``","`` when None, the separator is ``";"`` and the sample
        holds more numbers written ``1,5`` than ``1.5``; else ``"."``.
    max_rows : int, default :data:`MAX_ROWS`
        More rows than this is an error (only this many plus one are read).

    Returns
    -------
    Table
    """
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(f"Cannot read {name}: there is no such file.")
    if path.is_dir():
        raise InputError(f"Cannot read {name}: it is a folder, not a file.")
    suffixes = [suffix.lower() for suffix in path.suffixes]
    suffix = suffixes[-1] if suffixes else ""
    if suffix in _PICKLES:
        raise InputError(f"{name} looks like a pickle, which the clinic never loads (loading "
                         "one can run any code in it); save the table as CSV or Parquet.")
    if suffix in _SPREADSHEETS:
        raise InputError(f"{name} is a spreadsheet; save the sheet as CSV first.")
    try:
        with open(path, "rb") as stream:
            raw = stream.read(SAMPLE_BYTES)
    except OSError as error:
        raise InputError(f"Cannot read {name}: {(error.strerror or str(error)).lower()}.") \
            from error
    if not raw:
        raise InputError(f"{name} is empty: there is no table to examine.")
    if raw[:4] == b"PAR1" or suffix in _PARQUET:
        return _read_parquet(path, name, max_rows)
    if raw[:4] == b"PK\x03\x04":
        raise InputError(f"{name} is a zip archive or a spreadsheet, not a text table; "
                         "extract it, or save the sheet as CSV.")
    head = _decompressed_head(path, name, suffix, raw)
    if not head.strip():
        raise InputError(f"{name} is empty: there is no table to examine.")
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as error:
            raise InputError(f"Unknown encoding {encoding!r} (--encoding); try utf-8 or "
                             "latin-1.") from error
    guessed = encoding is None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = encoding or "utf-16"
    elif b"\x00" in head:
        raise InputError(f"{name} is a binary file, not a CSV or TSV table (pickles are "
                         "never loaded: loading one can run code); save the table as CSV.")
    encoding = encoding or "utf-8-sig"  # utf-8, skipping a byte-order mark if there is one
    text = head.decode(encoding if encoding != "utf-16" else "utf-16", errors="replace")
    base_suffix = suffixes[-2] if suffix in _OPENERS and len(suffixes) > 1 else suffix
    sep = sep or _sniff_separator(text, base_suffix)
    decimal = decimal or _guess_decimal(text, sep)
    frame, encoding = _read_text(path, name, sep=sep, encoding=encoding, decimal=decimal,
                                 max_rows=max_rows, guessed=guessed)
    shown = {"utf-8-sig": "utf-8", "iso8859-1": "latin-1"}.get(encoding, encoding)
    return Table(_clean_names(frame), name, "CSV", sep=sep, encoding=shown, decimal=decimal)


def _decompressed_head(path, name, suffix, raw):
    """Return the first bytes of the text, decompressed when the file is."""
    opener = _OPENERS.get(suffix)
    if opener is None:
        return raw
    try:
        with opener(path, "rb") as stream:
            return stream.read(SAMPLE_BYTES)
    except (OSError, EOFError, lzma.LZMAError) as error:
        raise InputError(f"Cannot read {name}: it is not a valid {suffix} file.") from error


def _read_parquet(path, name, max_rows):
    if importlib.util.find_spec("pyarrow") is None:
        raise InputError(f"Reading Parquet ({name}) needs the pyarrow package, which is not "
                         "installed: install it (pip install pyarrow) or save the table as "
                         "CSV.")
    # pyarrow is optional, not a dependency of the course: imported by name, when present
    arrow = importlib.import_module("pyarrow")
    parquet = importlib.import_module("pyarrow.parquet")
    try:
        rows = parquet.ParquetFile(path).metadata.num_rows
        _check_rows(rows, name, max_rows)
        frame = pd.read_parquet(path, engine="pyarrow")
    except (arrow.ArrowException, OSError) as error:
        raise InputError(f"Cannot read {name} as Parquet: {str(error).rstrip('.')}.") from error
    _check_not_empty(frame, name)
    return Table(_clean_names(frame), name, "Parquet")


def _sniff_separator(text, suffix):
    if suffix in _TABS:
        return "\t"
    lines = text.splitlines()
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may end inside a line
    sample = "\n".join(lines[:100])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:  # one column, or nothing regular: fall back on the header
        header = lines[0] if lines else ""
        return max(SEPARATORS, key=header.count) if any(c in header for c in SEPARATORS) \
            else ","


def _guess_decimal(text, sep):
    if sep != ";":  # a decimal comma needs another separator than the comma
        return "."
    comma = len(re.findall(r"(?<![\w.,])-?\d+,\d+(?![\w.,])", text))
    dot = len(re.findall(r"(?<![\w.,])-?\d+\.\d+(?![\w.,])", text))
    return "," if comma > dot else "."


def _read_text(path, name, *, sep, encoding, decimal, max_rows, guessed):
    try:
        frame = pd.read_csv(path, sep=sep, encoding=encoding, decimal=decimal,
                            nrows=max_rows + 1, low_memory=False)
    except UnicodeDecodeError as error:
        if guessed and encoding == "utf-8-sig":  # not UTF-8: Latin-1 decodes any byte
            return _read_text(path, name, sep=sep, encoding="latin-1", decimal=decimal,
                              max_rows=max_rows, guessed=False)
        raise InputError(f"{name} is not valid {encoding} text; give its encoding with "
                         "--encoding (latin-1 reads any byte).") from error
    except pd.errors.EmptyDataError as error:
        raise InputError(f"{name} holds no table: no column could be read.") from error
    except pd.errors.ParserError as error:
        reason = str(error).strip().splitlines()[-1].rstrip(".")
        raise InputError(f"{name} could not be read as a table with the separator {sep!r} "
                         f"({reason}); give the separator with --sep.") from error
    _check_rows(len(frame), name, max_rows)
    _check_not_empty(frame, name)
    return frame, encoding


def _check_rows(rows, name, max_rows):
    if rows > max_rows:
        raise InputError(f"{name} has more than {max_rows:,} rows, the limit (--max-rows); "
                         "examine a random sample of it, or raise the limit.")


def _check_not_empty(frame, name):
    if frame.shape[1] == 0:
        raise InputError(f"{name} holds no table: no column could be read.")
    if len(frame) == 0:
        raise InputError(f"{name} has a header but no rows.")


def _clean_names(frame):
    """Column names as stripped strings (a space after each separator is common)."""
    names = [str(column).strip() for column in frame.columns]
    if len(set(names)) == len(names):
        frame.columns = names
    return frame


@dataclass
class Target:
    """The label column, its positive class and how it was chosen.

    Attributes
    ----------
    column : str
        The target column's name.
    positive : object
        The positive class, as it appears in the column.
    positive_name, negative_name : str
        How to print the two classes; the negative class may gather several.
    counts : Series
        Rows per class in the table the target was found in, most frequent first.
    choice : str
        Why this class is the positive one.
    merged : list of str
        The classes merged into the negative class (more than two classes).
    """

    column: str
    positive: object
    positive_name: str
    negative_name: str
    counts: pd.Series
    choice: str
    merged: list = field(default_factory=list)

    def labels(self, frame):
        """Return the rows that have a label and their labels, 1 for the positive class.

        Parameters
        ----------
        frame : DataFrame
            A table holding the target column.

        Returns
        -------
        features : DataFrame
            The other columns of the labelled rows.
        y : ndarray of int
            1 where the label is the positive class, else 0.
        missing : int
            Rows dropped because their label is missing.
        """
        present = frame[self.column].notna().to_numpy()
        labelled = frame.loc[present]
        y = (labelled[self.column] == self.positive).to_numpy().astype(int)
        return (labelled.drop(columns=self.column).reset_index(drop=True), y,
                int((~present).sum()))


def _listing(names, limit=30):
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f", and {len(names) - limit} more" if len(names) > limit else "")


def _class_listing(counts, limit=10):
    parts = [f"{value!s} ({count:,} row{'s' if count != 1 else ''})"
             for value, count in counts.items()]
    return _listing(parts, limit)


def _match_class(classes, wanted):
    """Return the class whose text is ``wanted``: exactly, as a number, or ignoring case."""
    exact = [value for value in classes if str(value) == wanted]
    if not exact:
        try:
            number = float(wanted)
        except ValueError:
            number = None
        if number is not None:
            exact = [value for value in classes if isinstance(value, (int, float, np.number))
                     and not isinstance(value, (bool, np.bool_)) and float(value) == number]
    if not exact:
        exact = [value for value in classes if str(value).casefold() == wanted.casefold()]
    return exact[0] if len(exact) == 1 else None


def find_target(frame, column, positive=None, *, name="the table"):
    """Find the target column and decide which class is positive.

    Parameters
    ----------
    frame : DataFrame
        The table.
    column : str
        The target column's name.
    positive : str, optional
        The positive class as typed on the command line; the rarer class of a binary
        target when None.
    name : str
        The table's name, for messages.

    Returns
    -------
    Target
    """
    if column not in frame.columns:
        names = [str(c) for c in frame.columns]
        close = difflib.get_close_matches(column, names, n=1, cutoff=0.75)
        close = close or [c for c in names if c.casefold() == column.casefold()]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"There is no column {column!r} in {name}{hint}; its columns are: "
                         f"{_listing(names)}.")
    values = frame[column].dropna()
    if values.empty:
        raise InputError(f"The target column {column!r} is empty: every value is missing.")
    counts = values.value_counts(sort=True)
    if len(counts) == 1:
        raise InputError(f"The target column {column!r} has one class ({counts.index[0]!s} "
                         f"in all {int(counts.iloc[0]):,} labelled rows): there is nothing "
                         "to classify.")
    if (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
            and type_of_target(values.to_numpy()) == "continuous" and len(counts) > 10):
        raise InputError(f"The target column {column!r} holds {len(counts):,} different "
                         "numbers: it looks like a quantity, not classes; cut it into two "
                         "classes first, or name another column.")
    if positive is None:
        if len(counts) > 2:
            raise InputError(
                f"The target column {column!r} has {len(counts)} classes "
                f"({_class_listing(counts)}): pick the one to detect with --positive VALUE, "
                "the others becoming the negative class, or read chapter 10, \"More than "
                "two classes\" (10_multiclass), to score every class.")
        rarer = counts.sort_values(kind="stable")
        tie = rarer.iloc[0] == rarer.iloc[1]
        chosen = sorted(counts.index, key=str)[-1] if tie else rarer.index[0]
        choice = ("the two classes are equally frequent: the last in sorted order"
                  if tie else "the rarer class")
        choice += "; choose the other with --positive"
    else:
        chosen = _match_class(list(counts.index), positive)
        if chosen is None:
            raise InputError(f"The positive class {positive!r} does not occur in the target "
                             f"column {column!r}; its classes are: {_class_listing(counts)}.")
        choice = "given with --positive"
    others = [str(value) for value in counts.index if value != chosen]
    negative_name = others[0] if len(others) == 1 else f"not {chosen!s}"
    return Target(column, chosen, str(chosen), negative_name, counts, choice,
                  merged=others if len(others) > 1 else [])


@dataclass
class ColumnPlan:
    """Which feature columns to drop or convert, decided on the training table only.

    The decisions look at the feature values, never at the label, so taking them before
    the split lets nothing about the test labels in.

    Attributes
    ----------
    dropped : dict of str to list of str
        ``{"all missing": [...], "constant": [...]}``.
    numbers_in_text : dict of str to list of str
        Text columns read as numbers, with the values that were not numbers (read as
        missing: "?", "n/a"...).
    """

    dropped: dict
    numbers_in_text: dict

    def apply(self, X):
        """Return ``X`` with the plan applied: columns dropped, types made model-ready.

        Numbers stay numbers (booleans become 0/1, infinities missing), text columns
        hold strings with missing values kept missing, for the pipeline's imputer and
        one-hot encoder.
        """
        X = X.drop(columns=[c for columns in self.dropped.values() for c in columns])
        columns = {}
        for name in X.columns:
            column = X[name]
            if name in self.numbers_in_text:
                column = pd.to_numeric(column, errors="coerce")
            if pd.api.types.is_bool_dtype(column):
                column = column.astype(float)
            if pd.api.types.is_numeric_dtype(column):
                column = column.astype(float).replace([np.inf, -np.inf], np.nan)
            else:
                column = column.astype(object).where(column.notna(), np.nan)
                column = column.map(str, na_action="ignore").astype(object)
            columns[name] = column
        return pd.DataFrame(columns, index=X.index)


def plan_columns(X):
    """Decide which columns to drop (all missing, constant) and which text holds numbers.

    Parameters
    ----------
    X : DataFrame
        The feature columns of the training table.

    Returns
    -------
    ColumnPlan
    """
    all_missing = [c for c in X.columns if X[c].isna().all()]
    # one value and no gap: a column with gaps still says which rows are missing
    constant = [c for c in X.columns if c not in all_missing and X[c].nunique(dropna=False) == 1]
    numbers_in_text = {}
    for name in X.columns:
        column = X[name].dropna()
        if name in all_missing or name in constant or pd.api.types.is_numeric_dtype(column) \
                or pd.api.types.is_bool_dtype(column):
            continue
        numbers = pd.to_numeric(column.astype(str), errors="coerce")
        share = float(numbers.notna().mean())
        if NUMERIC_SHARE <= share:
            others = column[numbers.isna()].astype(str).value_counts().index[:3]
            numbers_in_text[name] = list(others)
    return ColumnPlan({"all missing": all_missing, "constant": constant}, numbers_in_text)


def check_same_columns(data, test, *, data_name, test_name):
    """Raise unless the two tables have the same columns (in any order)."""
    missing = [c for c in data.columns if c not in set(test.columns)]
    extra = [c for c in test.columns if c not in set(data.columns)]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{test_name} lacks {_listing(missing, 10)}")
        if extra:
            parts.append(f"{test_name} has {_listing(extra, 10)}, which {data_name} lacks")
        raise InputError(f"The test file's columns differ from the data's: {'; '.join(parts)}.")
