"""End-of-chapter quizzes: their questions as data, and a check of a learner's answer.

Each chapter's quiz is a YAML file in ``utils/checks/quizzes/``, named like the
chapter (``01_accuracy_trap.yml``); a new chapter adds its file and nothing else.
The book shows a quiz with the ``quiz`` directive (``build_tools/quiz.py``), the
hand-out asks it in a notebook whose cells call :func:`mark_answer`.

The file's schema::

    title: The accuracy trap           # the chapter's title
    questions:
      - prompt: What does ...?         # the question, plain text (`code` allowed)
        options:                       # two or more; exactly one has right: true
          - text: Nothing yet: ...     # what the option says
            right: true
            why: At prevalence ...     # why it is right, or the mistake behind it
          - text: ...
            why: ...
      - prompt: With 10% positives, ...?
        tolerance: 0.005               # a number question: answered by a number
        options:                       # the right value and the known wrong ones
          - value: 0.82
            right: true
            why: ...
          - value: 0.9
            why: ...

A choice question is answered by the option's letter (``"b"``); a number question by
a number, right when it lies within ``tolerance`` of the right value.
"""

import numbers
import re
from pathlib import Path

import yaml

import utils.checks
from utils.checks import as_number, never_raises, report

#: Where the quizzes live, one YAML file per chapter.
QUIZ_DIR = Path(__file__).resolve().parent / "quizzes"
#: The letters that name a choice question's options, in order.
LETTERS = "abcdefgh"

NOT_ANSWERED = (
    "Not answered yet: put your answer in place of the `...` and run this cell again."
)

#: A quiz's own hints are its options' explanations, in its file. What
#: :func:`mark_answer` says of an answer it cannot read is the same for every quiz: it
#: is with the other shared hints, in ``utils.checks.HINTS["mark_answer"]``, which the
#: teaching guide lists. This module defines no ``check_`` function and no hints of its own.
HINTS = {}


def chapters(folder=QUIZ_DIR):
    """Return the names of the chapters that have a quiz, in order.

    Parameters
    ----------
    folder : str or Path, optional
        Where the quiz files are; the course's own by default.

    Returns
    -------
    list of str
        The file names without their extension (``"01_accuracy_trap"``).
    """
    return sorted(path.stem for path in Path(folder).glob("*.yml"))


def quiz_path(chapter, folder=QUIZ_DIR):
    """Return the file of a chapter's quiz.

    Parameters
    ----------
    chapter : str or int
        The chapter's name (``"01_accuracy_trap"``), or its number (``1``, ``"01"``).
    folder : str or Path, optional
        Where the quiz files are; the course's own by default.

    Returns
    -------
    Path
        The quiz's YAML file.
    """
    folder = Path(folder)
    names = chapters(folder)
    if isinstance(chapter, bool) or not isinstance(chapter, (str, int)):
        raise TypeError(f"chapter: expected a chapter's name or number, got "
                        f"{type(chapter).__name__}")
    key = str(chapter).strip()
    if key.isdigit():
        matches = [name for name in names if name.split("_", 1)[0] == f"{int(key):02d}"]
    else:
        matches = [name for name in names if name == key]
    if len(matches) != 1:
        raise ValueError(f"chapter: no quiz {chapter!r} in {folder} (quizzes: {names})")
    return folder / f"{matches[0]}.yml"


def validate(quiz, name="quiz"):
    """Check a quiz's structure; raise ``ValueError`` naming the first problem.

    Parameters
    ----------
    quiz : dict
        A quiz as read from its YAML file.
    name : str, optional
        What to call it in the error messages.

    Returns
    -------
    dict
        ``quiz``, unchanged.
    """
    if not isinstance(quiz, dict) or not isinstance(quiz.get("title"), str):
        raise ValueError(f"quiz: {name} needs a mapping with a 'title'")
    questions = quiz.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ValueError(f"quiz: {name} has no list of questions")
    for number, question in enumerate(questions, 1):
        where = f"{name}, question {number}"
        if not isinstance(question, dict) or not str(question.get("prompt", "")).strip():
            raise ValueError(f"quiz: {where} has no prompt")
        options = question.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= len(LETTERS):
            raise ValueError(f"quiz: {where} needs 2 to {len(LETTERS)} options")
        numeric = "tolerance" in question
        if numeric and not (isinstance(question["tolerance"], (int, float))
                            and question["tolerance"] > 0):
            raise ValueError(f"quiz: {where} has a tolerance that is not a positive number")
        for letter, option in zip(LETTERS, options, strict=False):
            if not isinstance(option, dict) or not str(option.get("why", "")).strip():
                raise ValueError(f"quiz: {where}, option {letter} has no explanation ('why')")
            if numeric and not (isinstance(option.get("value"), (int, float))
                                and not isinstance(option.get("value"), bool)):
                raise ValueError(f"quiz: {where}, option {letter} needs a numeric 'value'")
            if not numeric and not str(option.get("text", "")).strip():
                raise ValueError(f"quiz: {where}, option {letter} has no 'text'")
            if option.get("right", False) not in (True, False):
                raise ValueError(f"quiz: {where}, option {letter}: 'right' must be true "
                                 "or false")
        rights = [option for option in options if option.get("right")]
        if len(rights) != 1:
            raise ValueError(f"quiz: {where} has {len(rights)} right options; "
                             "exactly one is right")
        if numeric:
            values = sorted(option["value"] for option in options)
            if any(b - a <= 2 * question["tolerance"]
                   for a, b in zip(values, values[1:], strict=False)):
                raise ValueError(f"quiz: {where} has two values within twice the "
                                 "tolerance of each other")
    return quiz


def load_quiz(chapter, folder=QUIZ_DIR):
    """Read and validate a chapter's quiz.

    Parameters
    ----------
    chapter : str or int
        The chapter's name (``"01_accuracy_trap"``) or number.
    folder : str or Path, optional
        Where the quiz files are; the course's own by default.

    Returns
    -------
    dict
        The quiz: its ``title`` and ``questions`` (see the module's docstring).
    """
    path = quiz_path(chapter, folder)
    return validate(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def option_label(question, index):
    """Return how an option is shown: ``"b"`` for a choice, ``"0.82"`` for a number.

    Parameters
    ----------
    question : dict
        A question of a quiz.
    index : int
        The option's position, from 0.

    Returns
    -------
    str
        The option's letter, or its value.
    """
    if "tolerance" in question:
        return f"{question['options'][index]['value']:g}"
    return LETTERS[index]


def right_index(question):
    """Return the position of a question's right option."""
    return next(i for i, option in enumerate(question["options"]) if option.get("right"))


def _letter(answer):
    """Return the letter in an answer such as ``"b"``, ``"(B)"`` or ``"b)"``, or None."""
    match = re.fullmatch(r"\s*\(?\s*([A-Za-z])\s*[).]?\s*", answer)
    return match[1].lower() if match else None


def _mark_choice(question, answer, hints):
    letters = LETTERS[: len(question["options"])]
    shown = ", ".join(repr(letter) for letter in letters)
    if isinstance(answer, str):
        letter = _letter(answer)
        if letter is None or letter not in letters:
            return report(False, hints["not a letter"].format(answer=answer, letters=shown))
        option = question["options"][letters.index(letter)]
        return report(bool(option.get("right")), f"({letter}) {option['why']}")
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        return report(False, hints["a number for a choice"].format(answer=answer,
                                                                   letters=shown))
    return report(False, hints["not one choice"].format(answer=_describe(answer)))


def _mark_number(question, answer, hints):
    if isinstance(answer, str):
        return report(False, hints["a string for a number"].format(answer=answer))
    value, hint = as_number(answer)
    if hint:
        return report(False, hint)
    tolerance = question["tolerance"]
    for option in question["options"]:
        if abs(value - option["value"]) <= tolerance:
            return report(bool(option.get("right")), f"{value:g}. {option['why']}")
    right = question["options"][right_index(question)]["value"]
    if 1 < value <= 100 and abs(right) <= 1 and abs(value / 100 - right) <= tolerance:
        return report(False, hints["percentage"].format(answer=value))
    return report(False, hints["another number"].format(answer=value))


def _describe(answer):
    name = type(answer).__name__
    if isinstance(answer, (list, tuple, set, dict)):
        return f"a {name} of length {len(answer)}"
    return f"a {name}"


@never_raises
def mark_answer(chapter, question, answer):
    """Check a learner's answer to one question of a chapter's quiz.

    Prints whether the answer is right and the explanation of the option chosen (or,
    for an answer that is no option, a hint), and never raises.

    Parameters
    ----------
    chapter : str or int
        The chapter's name (``"01_accuracy_trap"``) or number.
    question : int
        The question's number in the quiz, from 1.
    answer : object
        The learner's answer: a letter (``"b"``) for a choice question, a number for a
        number question; ``...`` or ``None`` while unanswered.

    Returns
    -------
    bool
        Whether the answer is right.
    """
    hints = utils.checks.HINTS["mark_answer"]
    try:
        quiz = load_quiz(chapter)
    except (TypeError, ValueError):
        return report(False, hints["no quiz"].format(chapter=chapter,
                                                     chapters=", ".join(chapters())))
    questions = quiz["questions"]
    if isinstance(question, bool) or not isinstance(question, int) or not (
            1 <= question <= len(questions)):
        return report(False, hints["no question"].format(chapter=quiz["title"],
                                                         count=len(questions),
                                                         question=question))
    if answer is Ellipsis or answer is None:
        print(NOT_ANSWERED)
        return False
    item = questions[question - 1]
    if "tolerance" in item:
        return _mark_number(item, answer, hints)
    return _mark_choice(item, answer, hints)
