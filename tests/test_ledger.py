import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = (ROOT / "book" / "claims_ledger.md").read_text()
ROWS = re.findall(r"^\| (\d+) \|(.*)$", LEDGER, flags=re.MULTILINE)


def test_ledger_numbers_every_claim_once():
    numbers = [int(n) for n, _ in ROWS]
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
    assert set(range(1, 21)) <= set(numbers)


def test_each_verdict_is_glued_from_a_chapter_that_computes_it():
    for number, row in ROWS:
        glued = re.findall(r"\{glue:text\}`\.\./chapters/([\w]+\.md)::(claim_(\d+)_\w+):s`", row)
        if not glued:
            assert "not yet examined" in row, f"row {number} has neither verdict nor status"
            continue
        keys = {key for _, key, _ in glued}
        assert keys == {f"claim_{number}_verdict", f"claim_{number}_evidence"}, number
        for chapter, key, _ in glued:
            source = (ROOT / "chapters" / chapter).read_text()
            assert f'glue("{key}"' in source, f"{chapter} does not glue {key}"
