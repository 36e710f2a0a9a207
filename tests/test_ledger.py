"""The claims ledger: every claim once, each verdict and reading glued from its chapter."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = (ROOT / "book" / "claims_ledger.md").read_text()
VERDICTS, READINGS = LEDGER.split("## What the rule read")
ROW = re.compile(r"^\| (\d+) \|(.*)$", flags=re.MULTILINE)
# A claim's reading: a definition list, "Claim N" then its evidence and the rule's reading.
READING = re.compile(r"^Claim (\d+)\n((?::.*\n?)+)", flags=re.MULTILINE)
GLUED = re.compile(r"\{glue:text\}`\.\./chapters/([\w]+\.md)::(claim_(\d+)_\w+):s`")


def _glued(row):
    return {key: chapter for chapter, key, _ in GLUED.findall(row)}


def test_ledger_numbers_every_claim_once():
    numbers = [int(n) for n, _ in ROW.findall(VERDICTS)]
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
    assert set(range(1, 26)) <= set(numbers)


def test_each_verdict_and_reading_is_glued_from_a_chapter_that_computes_it():
    readings = {int(n): _glued(row) for n, row in READING.findall(READINGS)}
    for number, row in ROW.findall(VERDICTS):
        glued = _glued(row)
        if not glued:
            assert "not yet examined" in row, f"row {number} has neither verdict nor status"
            assert int(number) not in readings, f"row {number} has a reading but no verdict"
            continue
        assert set(glued) == {f"claim_{number}_verdict"}, number
        # the evidence and the rule's reading of the row, from the same chapter
        chapter = glued[f"claim_{number}_verdict"]
        assert readings.pop(int(number)) == {f"claim_{number}_evidence": chapter,
                                             f"claim_{number}_rule": chapter}, number
        for key, chapter in glued.items():
            source = (ROOT / "chapters" / chapter).read_text()
            assert f'glue("{key}"' in source, f"{chapter} does not glue {key}"
    assert not readings, f"readings without a verdict row: {sorted(readings)}"


def test_each_reading_comes_from_the_rule():
    for _, row in READING.findall(READINGS):
        for key, chapter in _glued(row).items():
            source = (ROOT / "chapters" / chapter).read_text()
            assert f'glue("{key}"' in source, f"{chapter} does not glue {key}"
            if key.endswith("_rule"):  # what the verdict rule describes, never a typed string
                assert re.search(rf'glue\("{key}", \w+\.describe\(\)', source), \
                    f"{chapter} does not glue {key} from a verdict's describe()"
