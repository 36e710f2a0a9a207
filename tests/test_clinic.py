import contextlib
import gzip
import importlib.util
import io
import pickle
import re
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

from utils.clinic import tables
from utils.clinic.__main__ import main, parser
from utils.clinic.progress import Progress
from utils.clinic.resampled_metrics import (
    cell_counts,
    cost_per_row,
    decision_scores,
    levels,
    ranking_scores,
)
from utils.clinic.screens import id_like_columns, nearly_equal_columns
from utils.clinic.tables import find_target, read_table
from utils.costs import expected_cost

FAST = ["--resamples", "200"]  # the intervals' width does not matter here; the time does


def make_table(n=600, seed=0):
    """A churn-like table with every symptom the clinic looks for, planted."""
    X, y = make_classification(n_samples=n, n_features=4, n_informative=3, n_redundant=0,
                               weights=[0.85], random_state=seed)
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(X, columns=["usage", "calls", "tenure", "spend"]).round(4)
    frame["city"] = rng.choice(["Lyon", "Nice", "Paris"], n)
    frame.loc[rng.random(n) < 0.1, "city"] = np.nan
    frame["customer_id"] = rng.permutation(n) + 1000
    frame["refund_issued"] = y + rng.normal(0, 0.01, n)  # recorded after the churn: a leak
    frame["country"] = "FR"
    frame["fax"] = np.nan
    frame["churn"] = np.where(y == 1, "yes", "no")
    copies = frame.iloc[:60].assign(customer_id=frame["customer_id"].iloc[:60])
    return pd.concat([frame, copies], ignore_index=True)


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clinic")
    path = folder / "churn.csv"
    make_table().to_csv(path, index=False)
    return path


def run(argv, capsys):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:  # argparse's exits
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def report(table, tmp_path_factory):
    html = tmp_path_factory.mktemp("html") / "report.html"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(table), "--target", "churn", "--costs", "1,5", "--html", str(html),
                     *FAST])
    return code, out.getvalue(), html


# --- a good run ---------------------------------------------------------------------------


def test_the_report_has_its_sections_in_order(report):
    code, out, _ = report
    assert code == 0
    titles = ["Clinic report", "Columns", "Rows and positives", "Scores on the test part",
              "The checklist's tests, in order", "Costs", "Flags"]
    positions = [out.index(title) for title in titles]
    assert positions == sorted(positions)
    for test in range(1, 9):
        assert f"\n  {test}. " in out


def test_the_report_finds_what_was_planted(report):
    _, out, _ = report
    words = " ".join(out.split())  # the report wraps its long lines
    frame = make_table()
    positives = int((frame["churn"] == "yes").sum())
    assert f"{len(frame):,} rows, 10 columns" in words
    assert "positive class: yes (the rarer class" in words
    # 25% of 660 rows, stratified: 165 test rows, the positives split in proportion
    test_row = re.search(r"test\s+(\d+)\s+(\d+)\s+([\d.]+)", out)
    assert int(test_row[1]) == 165 and abs(int(test_row[2]) - positives / 4) <= 1
    assert "dropped, all missing: fax" in words and "dropped, constant: country" in words
    assert "missing values (imputed inside the pipeline): city" in words
    flags = words[words.index("Flags -----"):]
    assert "leakage suspect, one column alone separates the classes: refund_issued" in flags
    assert "equal or nearly equal to the label: refund_issued" in flags
    assert "customer_id (named like an identifier)" in flags
    assert re.search(r"! \d+ of 165 test rows \([\d.]+%\) repeat a training row", flags)
    assert "checklist row 5; chapter 03_leakage (Leakage)" in flags
    # every score beside the trivial predictors, with an interval
    assert re.search(r"accuracy\s+1\.000 \[[\d.]+, 1\.000\]\s+0\.8\d\d\*", out)
    assert "cost-optimal threshold for calibrated probabilities is 1 / (1 + 5) = 0.167" in words


def test_the_html_page_is_self_contained(report):
    _, out, html = report
    assert f"HTML report: {html}" in out
    page = html.read_text(encoding="utf-8")
    images = re.findall(r'<img src="(data:image/png;base64,[^"]+)" alt="([^"]+)"', page)
    assert len(images) == 3 and all(len(alt) > 60 for _, alt in images)
    without_images = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    assert "http" not in without_images and "//" not in without_images.replace("<!--", "")
    assert not re.search(r"<(script|link|iframe)\b|@import|url\(", without_images)
    assert '<html lang="en">' in page and "Precision-recall curve" in page


def test_two_runs_print_the_same_report(report, table, capsys):
    code, out, _ = run([table, "--target", "churn", "--costs", "1,5", *FAST], capsys)
    assert code == 0 and out == report[1].rsplit("HTML report:", 1)[0]


def test_a_separate_test_file_and_a_semicolon_table(tmp_path, capsys):
    frame = make_table()
    train, test = frame.iloc[:450], frame.iloc[450:]
    for name, part in (("train.csv", train), ("test.csv", test)):
        part.to_csv(tmp_path / name, sep=";", decimal=",", lineterminator="\r\n",
                    encoding="latin-1", index=False)
    table = read_table(tmp_path / "train.csv")
    assert (table.sep, table.decimal, table.frame["usage"].dtype.kind) == (";", ",", "f")
    code, out, _ = run([tmp_path / "train.csv", "--target", "churn", "--test",
                        tmp_path / "test.csv", *FAST], capsys)
    assert code == 0 and "split: the test part is" in out
    assert f"test   {len(test)}" in out


def test_help_shows_an_example_and_the_row_limit(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "example:" in out and "--costs 1,10" in out and "2,000,000" in out


# --- bad input: one sentence, a non-zero exit, no traceback --------------------------------


def write(path, text, mode="w"):
    if mode == "wb":
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


BAD_INPUTS = {
    "missing file": (lambda d: d / "nope.csv", [], "there is no such file"),
    "a folder": (lambda d: d, [], "it is a folder, not a file"),
    "empty file": (lambda d: write(d / "empty.csv", ""), [], "is empty"),
    "header only": (lambda d: write(d / "header.csv", "a,b,churn\n"), [],
                    "has a header but no rows"),
    "a pickle": (lambda d: write(d / "model.pkl", pickle.dumps([1]), "wb"), [],
                 "never loads"),
    "binary data": (lambda d: write(d / "data.csv", b"\x80\x04\x95\x00\x00\x00binary", "wb"),
                    [], "is a binary file"),
    "bad gzip": (lambda d: write(d / "data.csv.gz", b"not gzip at all", "wb"), [],
                 "not a valid .gz file"),
    "no target": (lambda d: write(d / "t.csv", "usage,Churn\n1,no\n2,yes\n"), [],
                  "There is no column 'churn' in .* \\(did you mean 'Churn'\\?\\); its columns "
                  "are: usage, Churn"),
    "one class": (lambda d: write(d / "t.csv", "usage,churn\n1,no\n2,no\n3,no\n"), [],
                  "has one class \\(no in all 3 labelled rows\\)"),
    "three classes": (lambda d: write(d / "t.csv", "usage,churn\n1,a\n2,b\n3,c\n"), [],
                      "has 3 classes .*--positive VALUE.*chapter 10, \"More than two classes\""),
    "absent positive": (lambda d: write(d / "t.csv", "usage,churn\n1,no\n2,yes\n"),
                        ["--positive", "maybe"],
                        "The positive class 'maybe' does not occur .*no \\(1 row\\), yes"),
    "continuous target": (lambda d: write(d / "t.csv", "usage,churn\n" + "".join(
        f"{i},{i * 0.37:.2f}\n" for i in range(40))), [], "looks like a quantity"),
    "too few rows": (lambda d: write(d / "t.csv", "usage,churn\n1,no\n2,yes\n3,no\n"), [],
                     "too few rows to split"),
    "unknown encoding": (lambda d: write(d / "t.csv", "a,churn\n1,no\n"),
                         ["--encoding", "klingon"], "Unknown encoding 'klingon'"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gets_one_sentence(case, tmp_path, capsys):
    make_path, extra, message = BAD_INPUTS[case]
    code, out, err = run([make_path(tmp_path), "--target", "churn", *extra], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("clinic: ") and "Traceback" not in err
    assert re.search(message, err), err


def test_an_unreadable_file_gets_one_sentence(table, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tables, "open", refuse, raising=False)  # the module's open only
    code, out, err = run([table, "--target", "churn"], capsys)
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err == f"clinic: Cannot read {table}: permission denied.\n"


def test_too_many_rows_and_a_different_test_file(table, tmp_path, capsys):
    code, _, err = run([table, "--target", "churn", "--max-rows", "100"], capsys)
    assert code == 1 and "has more than 100 rows, the limit (--max-rows)" in err
    other = make_table(50).rename(columns={"spend": "spending"}).drop(columns="fax")
    other.to_csv(tmp_path / "test.csv", index=False)
    code, _, err = run([table, "--target", "churn", "--test", tmp_path / "test.csv"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "The test file's columns differ from the data's:" in err
    assert "lacks spend, fax" in err and "has spending, which" in err


@pytest.mark.parametrize("costs", ["5", "a,b", "-1,3", "1,2,3", "0,4", "nan,1"])
def test_malformed_costs_are_refused(costs, table, capsys):
    code, out, err = run([table, "--target", "churn", f"--costs={costs}"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "argument --costs: must be two positive numbers FP,FN" in err


def test_other_malformed_options_are_one_line(table, capsys):
    for argv, message in (([table], "the following arguments are required: --target"),
                          ([table, "--target", "churn", "--test-size", "2"],
                           "argument --test-size: must be a share of the rows between 0 and 1"),
                          ([table, "--target", "churn", "--model", "svm"], "invalid choice")):
        code, _, err = run(argv, capsys)
        assert code == 2 and err.count("\n") == 1 and message in err


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is not None,
                    reason="pyarrow is installed: Parquet is read")
def test_parquet_without_pyarrow_says_so(tmp_path, capsys):
    path = write(tmp_path / "t.parquet", b"PAR1 not really", "wb")
    code, _, err = run([path, "--target", "churn"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "needs the pyarrow package, which is not installed" in err


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None,
                    reason="pyarrow is not installed: Parquet is refused")
def test_parquet_is_read_with_pyarrow(tmp_path):
    make_table().to_parquet(tmp_path / "t.parquet")
    table = read_table(tmp_path / "t.parquet")
    assert table.format == "Parquet" and table.frame.shape == make_table().shape


def test_slow_steps_get_a_progress_line_and_quick_ones_none():
    stream = io.StringIO()
    progress = Progress(stream, delay=0.05)
    with progress.step("quick"):
        pass
    assert stream.getvalue() == ""
    with progress.step("fitting"):
        threading.Event().wait(0.3)
    assert re.fullmatch(r"clinic: fitting\.\.\. done in 0\.\d s\n", stream.getvalue())
    silent = io.StringIO()
    with Progress(silent, enabled=False, delay=0).step("anything"):
        threading.Event().wait(0.05)
    assert silent.getvalue() == ""


# --- the parts ----------------------------------------------------------------------------


def test_compressed_and_latin1_tables_are_read(tmp_path):
    frame = pd.DataFrame({"ville": ["Besançon", "Orléans"] * 3, "y": [0, 1] * 3})
    with gzip.open(tmp_path / "t.tsv.gz", "wt", encoding="latin-1") as stream:
        frame.to_csv(stream, sep="\t", index=False)
    table = read_table(tmp_path / "t.tsv.gz")
    assert (table.sep, table.encoding) == ("\t", "latin-1")
    assert table.frame["ville"].tolist() == frame["ville"].tolist()


def test_rows_without_a_label_are_left_out_and_said_so(tmp_path, capsys):
    frame = make_table()
    frame.loc[:4, "churn"] = np.nan
    frame.to_csv(tmp_path / "gaps.csv", index=False)
    code, out, _ = run([tmp_path / "gaps.csv", "--target", "churn", *FAST], capsys)
    words = " ".join(out.split())
    assert code == 0 and "note: 5 rows of" in words and "without a label left out" in words


def test_the_positive_class_is_matched_as_typed():
    frame = pd.DataFrame({"y": [0.0, 1.0, 1.0, 0.0, 0.0], "flag": [True, False] * 2 + [True]})
    assert find_target(frame, "y", "1").positive == 1.0
    assert find_target(frame, "y").positive == 1.0  # the rarer class
    assert find_target(frame, "flag", "true").positive


def test_screens_name_identifiers_and_columns_equal_to_the_label():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    frame = pd.DataFrame({"row": np.arange(200), "UserId": rng.integers(0, 5, 200),
                          "paid": rng.random(200), "code": rng.choice(list("abcd"), 200),
                          "status": np.where(y == 1, "closed", "open"),
                          "after": np.where(y == 1, rng.random(200), np.nan)})
    assert id_like_columns(frame) == {"row": "a unique integer per row",
                                      "UserId": "named like an identifier"}
    stamps = pd.Series(pd.date_range("2024-01-01", periods=200, freq="h").astype(str))
    stamps[[1, 2]] = stamps[0]  # a few repeats: nearly, not exactly, unique
    found = id_like_columns(pd.DataFrame({"sent": stamps, "code": frame["code"]}))
    assert found == {"sent": "text with 198 different values in 200 rows"}
    found = nearly_equal_columns(frame, y)
    assert set(found) == {"status", "after"}
    assert "whether it is missing gives the label" in found["after"]


def test_resampled_metrics_agree_with_scikit_learn():
    rng = np.random.default_rng(0)
    Y = (rng.random((300, 6)) < 0.2).astype(int)
    scores = np.round(rng.random((300, 6)) * 0.6 + 0.4 * Y, 1)  # rounded: many ties
    D = (scores >= 0.5).astype(int)
    ours = decision_scores(Y, D)
    for j in range(Y.shape[1]):
        y, d = Y[:, j], D[:, j]
        expected = [accuracy_score(y, d), balanced_accuracy_score(y, d),
                    precision_score(y, d, zero_division=0), recall_score(y, d),
                    f1_score(y, d), f1_score(y, d, pos_label=0)]
        np.testing.assert_allclose(ours[:, j], expected)
    ranked = ranking_scores(Y, np.column_stack([levels(s) for s in scores.T]))
    np.testing.assert_allclose(ranked[0], [roc_auc_score(Y[:, j], scores[:, j])
                                           for j in range(6)])
    np.testing.assert_allclose(ranked[1], [average_precision_score(Y[:, j], scores[:, j])
                                           for j in range(6)])
    matrix = np.array([[0, 1], [5, 0]])
    np.testing.assert_allclose(cost_per_row(matrix)(Y, D),
                               [expected_cost(Y[:, j], D[:, j], cost_matrix=matrix)
                                for j in range(6)])
    assert cell_counts(Y[:, :1], D[:, :1]).sum() == 300
    one_class = ranking_scores(np.zeros((5, 1), dtype=int), np.arange(5)[:, None])
    assert np.isnan(one_class).all()


@pytest.mark.parametrize("page", ["book/clinic_checklist.md", "book/teaching_guide.md"])
def test_the_book_shows_the_command_as_it_parses(page):
    text = (Path(__file__).parents[1] / page).read_text(encoding="utf-8")
    commands = re.findall(r"python -m utils\.clinic (\S+ --target [^\n`]+)", text)
    assert commands, f"{page} shows no clinic command"
    for command in commands:
        args = parser().parse_args(command.replace("FP,FN", "1,10").split())
        assert args.target and args.data.endswith(".csv")
