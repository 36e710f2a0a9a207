"""Every chapter of the table of contents has a lesson plan, and every plan is complete."""

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_tools"))

import lesson_plans  # noqa: E402
from lesson_plans import KEYS, LessonPlanError, load_plan, load_plans  # noqa: E402

PLANS = ROOT / "book" / "lesson_plans"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
ENTRIES = [entry for part in TOC["parts"] for entry in part["chapters"]
           if entry["file"].startswith("chapters/")]
CHAPTERS = [ROOT / f"{entry['file']}.md" for entry in ENTRIES]
EXERCISES = {Path(entry["file"]).stem: [int(section["file"].rsplit("_ex", 1)[1])
                                        for section in entry.get("sections", [])
                                        if section["file"].startswith("solutions/")]
             for entry in ENTRIES}
GOOD = PLANS / "01_accuracy_trap.yml"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_every_chapter_has_a_complete_plan(chapter):
    path = PLANS / f"{chapter.stem}.yml"
    assert path.is_file(), f"{chapter.name} has no lesson plan at {path}"
    assert set(yaml.safe_load(path.read_text())) == set(KEYS)
    plan = load_plan(path, chapter, EXERCISES[chapter.stem])
    assert 3 <= len(plan["points"]) <= 4
    assert plan["demo"] and plan["discussion"]["good_answers"] and plan["in_class"]


def test_plans_are_found_by_file_name():
    plans = load_plans(PLANS, CHAPTERS, EXERCISES)
    assert list(plans) == [chapter.stem for chapter in CHAPTERS]


def write(tmp_path, text, name="01_accuracy_trap.yml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def good_plan():
    return yaml.safe_load(GOOD.read_text())


@pytest.mark.parametrize("key", KEYS)
def test_missing_key_names_file_and_key(tmp_path, key):
    plan = good_plan()
    del plan[key]
    path = write(tmp_path, yaml.safe_dump(plan))
    with pytest.raises(LessonPlanError, match=rf"^01_accuracy_trap\.yml: {key}: missing"):
        load_plan(path)


@pytest.mark.parametrize(("change", "message"), [
    (lambda plan: plan.update(points=plan["points"][:2]), r"points: expected 3 to 4"),
    (lambda plan: plan.update(board=""), r"board: expected a non-empty string"),
    (lambda plan: plan.update(board=3), r"board: expected a non-empty string"),
    (lambda plan: plan.update(extra="x"), r"extra: unknown key"),
    (lambda plan: plan["discussion"].pop("good_answers"), r"discussion\.good_answers: missing"),
    (lambda plan: plan["demo"][0].pop("show"), r"demo\[0\]\.show: missing"),
    (lambda plan: plan["exercises"].update(in_class="2"), r"exercises\.in_class: expected"),
    (lambda plan: plan["exercises"].update(in_class=[2, 2]),
     r"exercises\.in_class: an exercise is listed twice"),
    (lambda plan: plan.update(demo=[]), r"demo: expected a non-empty list"),
])
def test_malformed_plan_is_named(tmp_path, change, message):
    plan = good_plan()
    change(plan)
    with pytest.raises(LessonPlanError, match=rf"^01_accuracy_trap\.yml: {message}"):
        load_plan(write(tmp_path, yaml.safe_dump(plan)))


def test_unknown_section_and_exercise_are_named(tmp_path):
    chapter = ROOT / "chapters" / "01_accuracy_trap.md"
    plan = good_plan()
    plan["demo"][0]["section"] = "A section the chapter lacks"
    with pytest.raises(LessonPlanError, match=r"demo\[0\]\.section: 'A section the chapter"):
        load_plan(write(tmp_path, yaml.safe_dump(plan)), chapter)
    plan = good_plan()
    plan["exercises"]["in_class"] = [9]
    with pytest.raises(LessonPlanError, match=r"exercises\.in_class: no exercise \[9\]"):
        load_plan(write(tmp_path, yaml.safe_dump(plan)), chapter, [1, 2, 3])


def test_not_a_mapping_and_bad_yaml(tmp_path):
    with pytest.raises(LessonPlanError, match=r"^01_accuracy_trap\.yml: expected a mapping"):
        load_plan(write(tmp_path, "- a list\n"))
    with pytest.raises(LessonPlanError, match=r"^01_accuracy_trap\.yml: not valid YAML"):
        load_plan(write(tmp_path, "points: [unclosed\n"))
    with pytest.raises(FileNotFoundError, match="path: no lesson plan"):
        load_plan(tmp_path / "absent.yml")


def test_missing_and_stray_plans_are_named(tmp_path):
    chapter = ROOT / "chapters" / "01_accuracy_trap.md"
    with pytest.raises(LessonPlanError, match=r"01_accuracy_trap\.yml: missing; chapter"):
        load_plans(tmp_path, [chapter], {"01_accuracy_trap": [1, 2, 3]})
    write(tmp_path, GOOD.read_text())
    write(tmp_path, GOOD.read_text(), name="99_no_such_chapter.yml")
    with pytest.raises(LessonPlanError, match=r"99_no_such_chapter\.yml: no chapter"):
        load_plans(tmp_path, [chapter], {"01_accuracy_trap": [1, 2, 3]})


def test_section_text_and_render():
    chapter = ROOT / "chapters" / "01_accuracy_trap.md"
    text = lesson_plans.section_text(chapter, "The same trap on real data")
    assert text.startswith("## The same trap on real data")
    assert "### Is the model below its baseline?" in text  # subsections belong to it
    assert "## Key takeaways" not in text
    with pytest.raises(ValueError, match="heading: 'Nope'"):
        lesson_plans.section_text(chapter, "Nope")
    plan = load_plan(GOOD, chapter, [1, 2, 3])
    entry = lesson_plans.render_plan(plan, "Title", 40, ["Exercise 1.2, 25 minutes"],
                                     ["Exercise 1.1"])
    assert entry.startswith("**Title**")
    assert "Lecture, 40 minutes" in entry and "as homework: Exercise 1.1" in entry
    for part in (plan["board"], plan["check"], plan["discussion"]["question"],
                 *plan["points"], *plan["discussion"]["good_answers"]):
        assert part in entry
