"""make drift: guard recognition, drift mode, the side-by-side table and its exit status."""

import ast
import json
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_tools"))
import drift  # noqa: E402

LOCK = "numpy==2.4.6\nscikit-learn==1.9.1\n    # via imbalanced-learn\nimbalanced-learn==0.14.2\n"


def code(source, *tags):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


# --- guards ---------------------------------------------------------------------------


def test_a_guard_cell_is_a_remove_cell_made_of_asserts_only():
    assert drift.is_guard_cell(code("assert a\nassert b, 'b'", "remove-cell"))
    assert not drift.is_guard_cell(code("assert a"))  # shown: not a guard
    assert not drift.is_guard_cell(code("x = 1\nassert x", "remove-cell"))  # mixed
    assert not drift.is_guard_cell(code("glue('x', 1)", "remove-cell"))
    assert not drift.is_guard_cell(nbformat.v4.new_markdown_cell("assert a"))


def test_rerun_guards_are_those_on_the_within_of_a_rerun():
    nb = notebook(
        code("smote_check = rerun('smote_before_split', {'seed': 0})"),
        code("report = compare_rerun(recomputed, committed, tolerances)"),
        code("audit = utils.studies.rerun('article_examples_audit')"),
        code("%matplotlib inline"),  # a magic does not stop the scan
        code("other = compute()"),
    )
    names = drift.rerun_results(nb)
    assert names == {"smote_check", "report", "audit"}

    def reads(source):
        return drift.reads_rerun(ast.parse(source).body[0].test, names)

    assert reads("assert smote_check.within, smote_check.failures")
    assert reads("assert report['within'].all(), failures(report)")
    assert reads("assert audit.within")
    assert reads("assert rerun('x').within")
    assert not reads("assert other.within")  # not a re-run
    assert not reads("assert smote_check.seconds < 10")  # not its verdict
    assert not reads("assert f1 > 0.5, f1")


def test_a_guard_cell_splits_into_its_asserts_with_their_lines():
    cell = code("assert a > 0, a\nassert (\n    check.within\n), check.failures", "remove-cell")
    got = drift.guard_asserts(cell, {"check"})
    assert got == [("assert a > 0, a", False, 1),
                   ("assert (\n    check.within\n), check.failures", True, 2)]


def test_each_cell_is_found_at_its_own_line_of_the_file():
    text = ("---\nheader\n---\n\n```{code-cell}\nx = 1\ny = 2\n```\n\n"
            "```{code-cell}\nassert x\n```\n\n```{code-cell}\nassert x\n```\n")
    cells = [code("x = 1\ny = 2"), code("z = 3"), code("assert x"), code("assert x")]
    assert drift.cell_lines(text, cells) == [6, None, 11, 15]


# --- drift mode, in a real kernel -----------------------------------------------------

CHAPTER = [
    code("from myst_nb import glue\n"
         "class Check:\n    within = False\n    failures = 'moved'\n"
         "def rerun(name):\n    return Check()"),
    code("value = 0.25\nglue('claim_1_verdict', 'reproduced', display=False)"),
    code("assert value > 0.5, f'value is {value}'\nassert value > 0", "remove-cell"),
    code("check = rerun('study')"),
    code("assert check.within, check.failures", "remove-cell"),
    code("glue('claim_2_verdict', 'refuted', display=False)\n"
         "glue('claim_2_rule', 'effect: inside the margin', display=False)"),
]


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    path = tmp_path_factory.mktemp("chapters") / "01_test.md"
    path.write_text(jupytext.writes(notebook(*CHAPTER), fmt="md:myst"))
    return path


def test_drift_mode_records_a_failing_guard_skips_a_rerun_guard_and_goes_on(chapter):
    record = drift.execute_chapter(chapter, drift=True)
    assert record["status"] == "ran" and record["error"] is None
    [failed] = record["failed_guards"]
    assert failed["guard"] == "assert value > 0.5, f'value is {value}'"
    assert failed["message"] == "AssertionError: value is 0.25"
    assert failed["cell"] == 3 and failed["line"] is not None
    text = chapter.read_text().splitlines()
    assert text[failed["line"] - 1] == "assert value > 0.5, f'value is {value}'"
    assert [guard["guard"] for guard in record["skipped_guards"]] == [
        "assert check.within, check.failures"]
    glued = drift.claims({"chapters": [record]})
    assert glued[1]["verdict"] == "reproduced"
    assert glued[2] == {"chapter": record["chapter"], "verdict": "refuted",
                        "rule": "effect: inside the margin"}


def test_outside_drift_mode_a_failing_guard_stops_the_chapter(chapter):
    record = drift.execute_chapter(chapter, drift=False)
    assert record["status"] == "failed"
    assert record["error"]["cell"] == 3
    assert record["error"]["message"] == "AssertionError: value is 0.25"
    assert record["error"]["code"] == "assert value > 0.5, f'value is {value}'"
    assert record["failed_guards"] == [] and record["skipped_guards"] == []
    assert set(drift.claims({"chapters": [record]})) == {1}  # glued before it stopped


# --- the comparison -------------------------------------------------------------------


def result(verdicts, *, failed=(), guards=()):
    """A set's results: {chapter: {claim: (verdict, rule)}}."""
    chapters = []
    for chapter, claims in verdicts.items():
        glued = {}
        for number, (verdict, rule) in claims.items():
            glued[f"claim_{number}_verdict"] = repr(verdict)
            glued[f"claim_{number}_evidence"] = repr(f"evidence of {number}")
            if rule:
                glued[f"claim_{number}_rule"] = repr(rule)
        chapters.append({
            "chapter": chapter, "status": "failed" if chapter in failed else "ran",
            "error": {"cell": 7, "line": 120, "code": "plot(curve_kwargs={})",
                      "message": "AttributeError: no curve_kwargs"}
            if chapter in failed else None,
            "failed_guards": [g for g in guards if g.get("chapter", chapter) == chapter],
            "skipped_guards": [], "glued": glued, "seconds": 1.0})
    return {"python": "python", "versions": {"scikit-learn": "1.9.1"}, "seconds": 2.0,
            "chapters": chapters}


PINNED = {"chapters/01_a.md": {9: ("reproduced", "existence: shown (20 of 20)")},
          "chapters/02_b.md": {12: ("refuted", "effect: inside (interval [0, 0.004])"),
                               402: ("reproduced", None)}}


def test_the_same_verdicts_exit_zero_and_say_same():
    rows = drift.compare(result(PINNED), result(PINNED))
    assert [row["claim"] for row in rows] == [9, 12, 402]  # numerically, not as text
    assert not any(row["changed"] for row in rows)
    assert rows[2]["readings"] == ["evidence: evidence of 402"] * 2  # no rule glued
    text = drift.table(rows, ("pinned", "previous"))
    assert text.splitlines()[0].startswith("| claim | chapter | verdict, pinned | verdict, "
                                           "previous |")
    assert "| 9 | 01_a.md | reproduced | reproduced | no | existence: shown (20 of 20) | same |" \
        in text
    assert drift.status(rows, [result(PINNED), result(PINNED)]) == 0
    text, code_ = drift.report(("pinned", "newest"), ("the lock", "newest"),
                               [result(PINNED), result(PINNED)])
    assert code_ == 0 and "The two sets hold the same versions" in text


def test_a_changed_verdict_is_marked_and_exits_one():
    other = json.loads(json.dumps(PINNED, default=list))
    other = {chapter: {int(n): tuple(v) for n, v in claims.items()}
             for chapter, claims in other.items()}
    other["chapters/02_b.md"][12] = ("qualified", "effect: reaches into the margin | across 0")
    rows = drift.compare(result(PINNED), result(other))
    assert [row["claim"] for row in rows if row["changed"]] == [12]
    line = next(line for line in drift.table(rows, ("pinned", "newest")).splitlines()
                if line.startswith("| 12 "))
    assert line == ("| 12 | 02_b.md | refuted | qualified | **yes** | effect: inside (interval "
                    "[0, 0.004]) | effect: reaches into the margin \\| across 0 |")
    assert drift.status(rows, [result(PINNED), result(other)]) == 1


def test_a_chapter_that_fails_under_one_set_is_reported_not_a_crash():
    other = {"chapters/01_a.md": PINNED["chapters/01_a.md"], "chapters/02_b.md": {}}
    results = [result(PINNED), result(other, failed={"chapters/02_b.md"})]
    text, code_ = drift.report(("pinned", "previous"), ("the lock", "scikit-learn 1.8.*"),
                               results)
    assert code_ == 1
    assert "| 12 | 02_b.md | refuted | — (chapter failed) | **yes** |" in text
    assert ("- previous: stopped at chapters/02_b.md:120 (`plot(curve_kwargs={})`): "
            "AttributeError: no curve_kwargs") in text
    assert "2 of 3 verdicts differ between the sets." in text


def test_a_set_that_could_not_run_and_failed_guards_are_in_the_report():
    guard = {"cell": 4, "line": 88, "guard": "assert f1 > 0.5, f1",
             "message": "AssertionError: 0.41"}
    results = [result(PINNED), {"error": "the previous set could not execute the chapters"}]
    text, code_ = drift.report(("pinned", "previous"), ("the lock", "other"), results)
    assert code_ == 1 and "- previous: the previous set could not execute" in text
    results = [result(PINNED), result(PINNED, guards=[guard])]
    text, code_ = drift.report(("pinned", "previous"), ("the lock", "other"), results)
    assert code_ == 0  # a failed guard alone changes no verdict; it is listed
    assert "pinned: none\nprevious: 2\n- chapters/01_a.md:88: `assert f1 > 0.5, f1` — " \
           "AssertionError: 0.41" in text


# --- the sets -------------------------------------------------------------------------


def test_the_default_set_is_the_previous_minor_release_with_the_pinned_imblearn():
    [first, second] = drift.candidates("previous", LOCK)
    assert first[1:] == ("requirements.lock", ["scikit-learn==1.8.*", "imbalanced-learn==0.14.2"])
    assert "pinned imbalanced-learn 0.14.2" in first[0]
    assert second[2] == ["scikit-learn==1.8.*", "imbalanced-learn"]  # if they do not resolve
    assert drift.previous_minor("1.10.0") == "1.9.*"
    with pytest.raises(drift.DriftError, match="no previous minor release"):
        drift.previous_minor("2.0.1")


def test_newest_and_custom_sets():
    [(description, source, overrides)] = drift.candidates("newest", LOCK)
    assert source == "requirements.txt" and "scikit-learn" in overrides
    assert all("=" not in name for name in overrides)
    [(_, source, overrides)] = drift.candidates("scikit-learn==1.7.*, numpy==2.3.*", LOCK)
    assert (source, overrides) == ("requirements.lock", ["scikit-learn==1.7.*",
                                                         "numpy==2.3.*"])
    with pytest.raises(drift.DriftError, match="unknown set 'latest please'"):
        drift.candidates("latest please", LOCK)
    with pytest.raises(drift.DriftError, match="pins no scikit-learn"):
        drift.candidates("previous", "numpy==2.4.6\n")


@pytest.mark.parametrize("argv, message", [
    (["run", "--set", "bogus!"], "unknown set 'bogus!'"),
    (["run", "no_such_chapter.md"], "no such chapter: no_such_chapter.md"),
    (["execute", "--out", "x.json", "no_such_chapter.md"], "no such chapter"),
])
def test_bad_input_is_one_sentence_and_status_two(argv, message, capsys):
    assert drift.main(argv) == 2
    out = capsys.readouterr().out.strip()
    assert message in out and "\n" not in out
