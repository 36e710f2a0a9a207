"""Drop cached notebook executions that a change outside the notebooks has made stale.

jupyter-cache keys an execution on the notebook's code only, so two other inputs
would otherwise be served stale from the cache:

- the installed packages (``requirements.lock``): when the lock changes, every cached
  execution is dropped;
- the ``utils`` package the notebooks import (and what the teaching guide reads:
  ``_toc.yml``, the lesson plans of ``book/lesson_plans/`` and their reader
  ``build_tools/lesson_plans.py``): when one of them changes, the executions of the
  notebooks that import ``utils`` are dropped.

The hashes of both inputs are stored beside the cache, and written when the cache is
first created too, so that the build that fills it is the reference for the next one.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"
STAMP = CACHE / "inputs.json"
IMPORTS_UTILS = re.compile(r"^\s*(from|import)\s+utils\b", re.MULTILINE)


def files_hash(paths):
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file() and "__pycache__" not in path.parts and "_cache" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


#: Data under utils that no notebook reads: the quizzes, which the ``quiz`` directive
#: renders at build time and declares as dependencies of their pages. Editing a quiz
#: rebuilds its page without re-executing every notebook.
NOT_EXECUTED = ("utils/checks/quizzes/",)


def input_hashes():
    files = [path for path in sorted((ROOT / "utils").rglob("*"))
             if not str(path.relative_to(ROOT)).startswith(NOT_EXECUTED)]
    return {
        "lock": files_hash([ROOT / "requirements.lock"]),
        "utils": files_hash([ROOT / "_toc.yml", ROOT / "build_tools" / "lesson_plans.py",
                             *sorted((ROOT / "book" / "lesson_plans").glob("*.yml")),
                             *files]),
    }


def main():
    current = input_hashes()
    if not CACHE.exists():
        CACHE.mkdir(parents=True)
        STAMP.write_text(json.dumps(current))
        return 0
    stored = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    if stored == current:
        return 0
    from jupyter_cache import get_cache

    # An unknown lock (no stamp yet) is a changed lock: nothing cached can be trusted.
    everything = stored.get("lock") != current["lock"]
    cache = get_cache(CACHE)
    removed = 0
    for record in cache.list_cache_records():
        source = Path(record.uri)
        # A record whose notebook is gone or imports utils cannot be trusted any more.
        if everything or not source.exists() or IMPORTS_UTILS.search(source.read_text()):
            cache.remove_cache(record.pk)
            removed += 1
    STAMP.write_text(json.dumps(current))
    changed = "requirements.lock" if everything else "utils/ or _toc.yml"
    print(f"{changed} changed: dropped {removed} cached notebook execution(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
