"""The end-of-chapter quizzes: their data, the check of an answer, the page's HTML.

The ``quiz`` directive is also rendered by a real Sphinx build of a one-page MyST
book in a temporary folder, with the course's own extension and stylesheet.
"""

import copy
import importlib.util
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import utils.checks
from utils.checks import quiz as quizzes
from utils.checks.quiz import LETTERS, load_quiz, mark_answer, right_index, validate

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("quiz_directive",
                                               ROOT / "build_tools" / "quiz.py")
directive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(directive)

CHAPTERS = sorted(path.stem for path in (ROOT / "chapters").glob("[0-9][0-9]_*.md"))
QUESTIONS = [(chapter, number) for chapter in quizzes.chapters()
             for number in range(1, len(load_quiz(chapter)["questions"]) + 1)]


def _answer(question, index):
    """The answer that picks option ``index`` of ``question``."""
    if "tolerance" in question:
        return question["options"][index]["value"]
    return LETTERS[index]


# The data --------------------------------------------------------------------------


def test_every_chapter_ends_with_its_quiz():
    assert len(CHAPTERS) >= 8
    for chapter in CHAPTERS:
        assert chapter in quizzes.chapters(), f"{chapter}: no quiz file"
        text = (ROOT / "chapters" / f"{chapter}.md").read_text()
        assert re.search(rf"^## Quiz\n\n```{{quiz}} {chapter}\n```$", text, re.MULTILINE), (
            f"{chapter}: no quiz directive under a 'Quiz' heading")
        assert text.index("## Quiz") > text.index("## Key takeaways")


@pytest.mark.parametrize("chapter", quizzes.chapters())
def test_each_question_has_one_right_option_and_every_option_an_explanation(chapter):
    quiz = load_quiz(chapter)
    assert 4 <= len(quiz["questions"]) <= 6
    for question in quiz["questions"]:
        options = question["options"]
        assert sum(bool(option.get("right")) for option in options) == 1
        assert all(len(option["why"].split()) >= 5 for option in options)
        assert len({option.get("text", option.get("value")) for option in options}) == len(
            options)
    # The right option is not always in the same place.
    places = {right_index(question) for question in quiz["questions"]}
    assert len(places) >= 2


def test_the_right_option_moves_across_the_course():
    places = [right_index(load_quiz(chapter)["questions"][number - 1])
              for chapter, number in QUESTIONS]
    counts = np.bincount(places, minlength=4)
    assert counts.min() >= len(places) / 8, counts


@pytest.mark.parametrize(("problem", "message"), [
    (lambda q: q["questions"][0]["options"][0].update(right=True), "2 right options"),
    (lambda q: q["questions"][0]["options"][1].update(right=False), "0 right options"),
    (lambda q: q["questions"][0]["options"][1].update(right="yes"), "true or false"),
    (lambda q: q["questions"][0]["options"][2].pop("why"), "option c has no explanation"),
    (lambda q: q["questions"][1]["options"][0].update(value="0.9"), "numeric 'value'"),
    (lambda q: q["questions"][1].update(tolerance=0), "tolerance"),
    (lambda q: q["questions"][1]["options"][0].update(value=0.821), "within twice"),
    (lambda q: q["questions"].clear(), "no list of questions"),
])
def test_validate_names_the_problem(problem, message):
    quiz = copy.deepcopy(load_quiz("01_accuracy_trap"))
    # Question 1's right option is b, question 2 is a number question.
    assert quiz["questions"][0]["options"][1].get("right") and "tolerance" in quiz[
        "questions"][1]
    problem(quiz)
    with pytest.raises(ValueError, match=re.escape(message)):
        validate(quiz, "demo")


def test_load_quiz_by_name_or_number_and_bad_names():
    assert load_quiz(1) == load_quiz("01") == load_quiz("01_accuracy_trap")
    with pytest.raises(ValueError, match="chapter: no quiz"):
        load_quiz("99_nothing")
    with pytest.raises(TypeError, match="chapter"):
        load_quiz(1.0)


# The check of an answer --------------------------------------------------------------


@pytest.mark.parametrize(("chapter", "number"), QUESTIONS)
def test_every_option_gets_its_own_explanation(chapter, number, capsys):
    question = load_quiz(chapter)["questions"][number - 1]
    for index, option in enumerate(question["options"]):
        right = bool(option.get("right"))
        assert mark_answer(chapter, number, _answer(question, index)) is right
        out = capsys.readouterr().out
        assert out.startswith("Correct: " if right else "Not yet: ")
        assert " ".join(option["why"].split()) in out


def test_unanswered_says_so(capsys):
    for answer in (..., None):
        assert mark_answer("02_per_class_metrics", 1, answer) is False
        assert capsys.readouterr().out.startswith("Not answered yet")


@pytest.mark.parametrize("answer", [
    2, 1.5, np.int64(1), True, [1], ["b"], ("b",), {"b": 1}, "", "bb", "z", "0.5",
    np.array(["b"]), pd.Series([1]), object(), b"b",
])
def test_a_choice_answer_of_any_type_gets_a_hint(answer, capsys):
    assert mark_answer("03_leakage", 1, answer) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ") and len(out) > 30


@pytest.mark.parametrize(("answer", "hint"), [
    ("0.82", "is a string"), (82, "looks like a percentage"), (0.7, "not the answer"),
    ([0.8, 0.82], "a single number"), (True, "True/False"), (None, "Not answered yet"),
    (float("nan"), "not the answer"), ({"a": 1}, "a single number"),
])
def test_a_number_answer_of_any_type_gets_a_hint(answer, hint, capsys):
    assert mark_answer("01_accuracy_trap", 2, answer) is False
    assert hint in capsys.readouterr().out


def test_letters_and_numbers_are_read_leniently(capsys):
    for answer in ("b", "B", " (b) ", "b)", "b."):
        assert mark_answer("01_accuracy_trap", 1, answer) is True
    # within the tolerance, and as NumPy scalars or one-element arrays
    for answer in (0.82, 0.8201, np.float32(0.82), np.array([0.82])):
        assert mark_answer("01_accuracy_trap", 2, answer) is True
    capsys.readouterr()


@pytest.mark.parametrize(("chapter", "question"), [
    (99, 1), ("nothing", 1), (None, 1), ("01_accuracy_trap", 0),
    ("01_accuracy_trap", 99), ("01_accuracy_trap", "1"), ("01_accuracy_trap", True),
])
def test_a_wrong_chapter_or_question_gets_a_hint_not_an_error(chapter, question, capsys):
    assert mark_answer(chapter, question, "b") is False
    assert capsys.readouterr().out.startswith("Not yet: ")


def _pattern(template):
    return "".join(re.escape(literal) + ("(.+?)" if field is not None else "")
                   for literal, field, _, _ in string.Formatter().parse(template))


def test_every_hint_is_data_the_teaching_guide_lists(capsys):
    """Each message that is no option's explanation comes from the shared ``HINTS``."""
    own = utils.checks.HINTS["mark_answer"]
    templates = [*own.values(), *utils.checks.HINTS["as_number"].values()]
    probes = [(99, 1, "a"), (1, 9, "a"), (1, 1, 2), (1, 1, "z"), (1, 1, [1]),
              (1, 2, "0.82"), (1, 2, 82), (1, 2, 0.7), (1, 2, [1, 2]), (1, 2, True)]
    printed = []
    for probe in probes:
        assert mark_answer(*probe) is False
        printed.append(capsys.readouterr().out.removeprefix("Not yet: ").strip())
    for message in printed:
        assert any(re.fullmatch(_pattern(t), message) for t in templates), message
    unused = [name for name, template in own.items()
              if not any(re.fullmatch(_pattern(template), m) for m in printed)]
    assert not unused
    assert quizzes.HINTS == {}  # no check_ function, so no hints of its own to list


# The page ------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Count the start tags and collect the classes of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.tags, self.classes, self.open = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes.append(dict(attrs).get("class", ""))
        self.open += 1

    def handle_endtag(self, tag):
        self.open -= 1


@pytest.mark.parametrize("chapter", quizzes.chapters())
def test_the_html_has_a_disclosure_and_public_feedback_per_option(chapter):
    quiz = load_quiz(chapter)
    page = directive.quiz_html(quiz, chapter)
    options = sum(len(question["options"]) for question in quiz["questions"])
    parsed = _Elements()
    parsed.feed(page)
    assert parsed.open == 0  # balanced (li and p are closed explicitly)
    assert parsed.tags.count("details") == parsed.tags.count("summary") == options
    feedback = [c for c in parsed.classes if "public-feedback" in c.split()]
    assert len(feedback) == options
    assert sum("quiz-right" in c.split() for c in feedback) == len(quiz["questions"])
    # The verdict is in words, not only in colour; no script, nothing fetched.
    assert page.count("Right.</strong>") == len(quiz["questions"])
    assert page.count("Not right.</strong>") == options - len(quiz["questions"])
    assert "<script" not in page and "http" not in page


def test_the_html_escapes_text_and_shows_code():
    quiz = {"title": "T", "questions": [{
        "prompt": "Is <b>this</b> & `f1_score(y, p)` safe?",
        "options": [{"text": "yes", "right": True, "why": "a <i> stays text"},
                    {"text": "no", "why": "it is escaped"}]}]}
    page = directive.quiz_html(validate(quiz), "demo")
    assert "&lt;b&gt;this&lt;/b&gt; &amp; <code>f1_score(y, p)</code>" in page
    assert "a &lt;i&gt; stays text" in page


PAGE = """# Demo chapter

Some text.

## Quiz

```{quiz} 01_accuracy_trap
```
"""


def _build(tmp_path, page, warnings=None):
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'build_tools')!r})\n"
        "extensions = ['myst_nb', 'quiz']\n"
        "nb_execution_mode = 'off'\n"
        f"html_static_path = [{str(ROOT / '_static')!r}]\n"
        "html_css_files = ['quiz.css']\n"
        "exclude_patterns = ['_build']\n")
    (source / "index.md").write_text(page)
    out = tmp_path / "html"
    args = ["-b", "html", "-q", "-E", str(source), str(out)]
    if warnings:
        args[:0] = ["-w", str(warnings)]
    return build_main(args), out


def test_the_directive_renders_in_a_sphinx_build(tmp_path):
    code, out = _build(tmp_path, PAGE)
    assert code == 0
    html = (out / "index.html").read_text()
    quiz = load_quiz("01_accuracy_trap")
    assert html.count('<details class="quiz-option">') == sum(
        len(question["options"]) for question in quiz["questions"])
    assert 'id="quiz-01_accuracy_trap-q1"' in html
    assert "public-feedback" in html and "quiz.css" in html
    assert (out / "_static" / "quiz.css").is_file()


def test_an_unknown_quiz_fails_the_build(tmp_path):
    warnings = tmp_path / "warnings.txt"
    code, out = _build(tmp_path, PAGE.replace("01_accuracy_trap", "99_nothing"), warnings)
    assert "quiz '99_nothing': chapter: no quiz" in warnings.read_text()
    assert "quiz-option" not in (out / "index.html").read_text()


def test_editing_a_quiz_reexecutes_no_notebook(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "invalidate_cache", ROOT / "build_tools" / "invalidate_cache.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    copy_root = tmp_path / "course"
    (copy_root / "utils" / "checks" / "quizzes").mkdir(parents=True)
    (copy_root / "_toc.yml").write_text("root: intro\n")
    (copy_root / "requirements.lock").write_text("numpy==2\n")
    code = copy_root / "utils" / "checks" / "quiz.py"
    code.write_text("A = 1\n")
    data = copy_root / "utils" / "checks" / "quizzes" / "01_demo.yml"
    data.write_text("title: Demo\n")
    monkeypatch.setattr(module, "ROOT", copy_root)
    before = module.input_hashes()
    data.write_text("title: Demo, edited\n")
    assert module.input_hashes() == before
    code.write_text("A = 2\n")
    assert module.input_hashes()["utils"] != before["utils"]
