"""Lesson plans of the teaching guide: one YAML file per chapter, read and checked here.

A chapter's plan is ``book/lesson_plans/NN_topic.yml``, named like the chapter's
notebook ``chapters/NN_topic.md``. The teaching guide finds the plans by their file
names, so a new chapter adds its plan by adding its file. Each plan holds:

points
    three or four strings, the points to make;
board
    a string, what to derive on the board;
demo
    a list of ``{section, show}``: a heading of the chapter (level 2 or 3, as written
    there) and what to show from it, run live;
discussion
    ``{question, good_answers}``: a string and a list of strings;
exercises
    ``{in_class}``: the numbers M of the chapter's exercises ``NN_topic_exM`` worked
    in the room; the others are set as homework;
check
    a string, how to check that participants got it.

Minutes are not written in a plan: the teaching guide computes them with its one
rule for every slot. A plan that breaks these rules raises :class:`LessonPlanError`
naming the file and the key.
"""

import re
from pathlib import Path

import jupytext
import yaml

KEYS = ("points", "board", "demo", "discussion", "exercises", "check")
POINTS = (3, 4)


class LessonPlanError(ValueError):
    """A lesson plan file that is missing a key or holds a value of the wrong kind."""


def _fail(path, key, message):
    raise LessonPlanError(f"{Path(path).name}: {key}: {message}")


def _text(path, key, value):
    if not isinstance(value, str) or not value.strip():
        _fail(path, key, f"expected a non-empty string, got {value!r}")
    return " ".join(value.split())


def _texts(path, key, value, sizes=None):
    if not isinstance(value, list) or not value:
        _fail(path, key, f"expected a non-empty list of strings, got {value!r}")
    if sizes and not sizes[0] <= len(value) <= sizes[1]:
        _fail(path, key, f"expected {sizes[0]} to {sizes[1]} items, got {len(value)}")
    return [_text(path, f"{key}[{index}]", item) for index, item in enumerate(value)]


def _mapping(path, key, value, keys):
    if not isinstance(value, dict):
        _fail(path, key, f"expected a mapping with keys {list(keys)}, got {value!r}")
    missing = [name for name in keys if name not in value]
    extra = sorted(set(value) - set(keys))
    if missing:
        _fail(path, f"{key}.{missing[0]}", "missing")
    if extra:
        _fail(path, f"{key}.{extra[0]}", f"unknown key (expected {list(keys)})")
    return value


def headings(chapter):
    """Return the level-2 and level-3 headings of a chapter notebook, in order.

    Parameters
    ----------
    chapter : str or Path
        A jupytext MyST notebook (``chapters/NN_topic.md``).

    Returns
    -------
    list of str
        Each heading's text as written after its ``##`` or ``###``.
    """
    return [match[2].strip() for cell in jupytext.read(chapter).cells
            if cell.cell_type == "markdown"
            for match in re.finditer(r"^(#{2,3}) (.+)$", cell.source, flags=re.MULTILINE)]


def section_text(chapter, heading):
    """Return the Markdown prose of one section of a chapter, its subsections included.

    Parameters
    ----------
    chapter : str or Path
        A jupytext MyST notebook (``chapters/NN_topic.md``).
    heading : str
        A level-2 or level-3 heading of it, as :func:`headings` gives it.

    Returns
    -------
    str
        The Markdown cells' text from that heading to the next heading of the same or
        a higher level (code cells left out).
    """
    level, parts = None, []
    for cell in jupytext.read(chapter).cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"(?m)^(?=#{1,6} )", cell.source):
            match = re.match(r"(#{1,6}) (.+)", block)
            if match and level is not None and len(match[1]) <= level:
                return "\n".join(parts)
            if match and level is None and match[2].strip() == heading:
                level = len(match[1])
            if level is not None:
                parts.append(block)
    if level is None:
        raise ValueError(f"heading: {heading!r} is not a heading of {Path(chapter).name}")
    return "\n".join(parts)


def load_plan(path, chapter=None, exercises=None):
    """Read one lesson plan and check it.

    Parameters
    ----------
    path : str or Path
        The plan, ``book/lesson_plans/NN_topic.yml``.
    chapter : str or Path, optional
        The chapter notebook; when given, every demo section must be one of its
        headings.
    exercises : collection of int, optional
        The chapter's exercise numbers; when given, every in-class exercise must be
        one of them.

    Returns
    -------
    dict
        The plan, its strings with their line breaks folded to single spaces.

    Raises
    ------
    LessonPlanError
        When the file is not a mapping of the keys above, a value has the wrong kind,
        a demo section is not a heading of the chapter or an exercise does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path: no lesson plan at {path}")
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise LessonPlanError(f"{path.name}: not valid YAML ({error})") from None
    if not isinstance(raw, dict):
        raise LessonPlanError(f"{path.name}: expected a mapping with keys {list(KEYS)}")
    missing = [key for key in KEYS if key not in raw]
    if missing:
        _fail(path, missing[0], "missing")
    extra = sorted(set(raw) - set(KEYS))
    if extra:
        _fail(path, extra[0], f"unknown key (expected {list(KEYS)})")

    plan = {"points": _texts(path, "points", raw["points"], POINTS),
            "board": _text(path, "board", raw["board"]),
            "check": _text(path, "check", raw["check"])}

    if not isinstance(raw["demo"], list) or not raw["demo"]:
        _fail(path, "demo", f"expected a non-empty list of sections, got {raw['demo']!r}")
    known = headings(chapter) if chapter is not None else None
    plan["demo"] = []
    for index, item in enumerate(raw["demo"]):
        key = f"demo[{index}]"
        item = _mapping(path, key, item, ("section", "show"))
        section = _text(path, f"{key}.section", item["section"])
        if known is not None and section not in known:
            _fail(path, f"{key}.section", f"{section!r} is not a heading of "
                  f"{Path(chapter).name} (its headings: {known})")
        plan["demo"].append({"section": section,
                             "show": _text(path, f"{key}.show", item["show"])})

    discussion = _mapping(path, "discussion", raw["discussion"],
                          ("question", "good_answers"))
    plan["discussion"] = {
        "question": _text(path, "discussion.question", discussion["question"]),
        "good_answers": _texts(path, "discussion.good_answers", discussion["good_answers"]),
    }

    slot = _mapping(path, "exercises", raw["exercises"], ("in_class",))
    in_class = slot["in_class"]
    if (not isinstance(in_class, list)
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in in_class)):
        _fail(path, "exercises.in_class", f"expected a list of exercise numbers, got "
              f"{in_class!r}")
    if len(set(in_class)) != len(in_class):
        _fail(path, "exercises.in_class", f"an exercise is listed twice: {in_class}")
    if exercises is not None:
        unknown = sorted(set(in_class) - set(exercises))
        if unknown:
            _fail(path, "exercises.in_class", f"no exercise {unknown} in this chapter "
                  f"(its exercises: {sorted(exercises)})")
    plan["in_class"] = list(in_class)
    return plan


def plan_path(folder, chapter):
    """Return where the plan of a chapter notebook lives: ``folder/NN_topic.yml``."""
    return Path(folder) / f"{Path(chapter).stem}.yml"


def load_plans(folder, chapters, exercises):
    """Read the plan of every chapter, and refuse a plan with no chapter.

    Parameters
    ----------
    folder : str or Path
        The folder of the plans, ``book/lesson_plans``.
    chapters : sequence of Path
        The chapter notebooks, in the order of the table of contents.
    exercises : dict
        Each chapter's stem to its exercise numbers.

    Returns
    -------
    dict
        Each chapter's stem to its plan (see :func:`load_plan`).

    Raises
    ------
    LessonPlanError
        When a chapter has no plan, a plan has no chapter, or a plan is malformed.
    """
    folder = Path(folder)
    stems = [Path(chapter).stem for chapter in chapters]
    stray = sorted(path.name for path in folder.glob("*.yml") if path.stem not in stems)
    if stray:
        raise LessonPlanError(f"{stray[0]}: no chapter of the table of contents is named "
                              f"{Path(stray[0]).stem}")
    plans = {}
    for chapter in chapters:
        path = plan_path(folder, chapter)
        if not path.is_file():
            raise LessonPlanError(f"{path.name}: missing; chapter {Path(chapter).name} "
                                  f"needs a lesson plan in {folder}")
        plans[Path(chapter).stem] = load_plan(path, chapter, exercises[Path(chapter).stem])
    return plans


def render_plan(plan, heading, lecture_minutes, exercise_slots, homework):
    """Return one chapter's plan as MyST Markdown for the teaching guide.

    Parameters
    ----------
    plan : dict
        A plan from :func:`load_plan`.
    heading : str
        The entry's title line (MyST inline text, e.g. a ``{doc}`` link), set in bold.
    lecture_minutes : int
        The lecture slot's minutes, as the guide's schedule computes them.
    exercise_slots : list of str
        The in-class exercises, each with its minutes, as the schedule computes them.
    homework : list of str
        The chapter's other exercises.

    Returns
    -------
    str
        The entry: its title in bold, then the plan's parts as a list.
    """
    demo = "\n".join(f"  - *{item['section']}*: {item['show']}" for item in plan["demo"])
    answers = "\n".join(f"  - {answer}" for answer in plan["discussion"]["good_answers"])
    points = "\n".join(f"  {number}. {point}"
                       for number, point in enumerate(plan["points"], start=1))
    slot = " and ".join(exercise_slots) if exercise_slots else "none in the room"
    later = f"; as homework: {', '.join(homework)}" if homework else ""
    return "\n".join([
        f"**{heading}**", "",
        f"- **Lecture, {lecture_minutes} minutes.** The points to make:", points,
        f"- **On the board.** {plan['board']}",
        "- **Live demo**, run from the chapter, section by section:", demo,
        f"- **Discussion.** {plan['discussion']['question']} Good answers contain:", answers,
        f"- **Exercises.** In the room: {slot}{later}.",
        f"- **Did they get it?** {plan['check']}", "",
    ])
