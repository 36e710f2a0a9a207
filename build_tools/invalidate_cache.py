"""Drop cached notebook executions that a change under utils/ has made stale.

jupyter-cache keys an execution on the notebook's text only, so a change to the
``utils`` package that a notebook imports would otherwise be served from the cache.
The hash of every file under ``utils/`` (and of ``_toc.yml``, which the teaching
guide reads) is stored beside the cache; when it changes, the cached executions of
the notebooks that import ``utils`` are removed.
"""

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"
STAMP = CACHE / "utils.sha256"
IMPORTS_UTILS = re.compile(r"^\s*(from|import)\s+utils\b", re.MULTILINE)


def utils_hash():
    digest = hashlib.sha256()
    for path in [ROOT / "_toc.yml", *sorted((ROOT / "utils").rglob("*"))]:
        if path.is_file() and "__pycache__" not in path.parts and "_cache" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main():
    current = utils_hash()
    if not CACHE.exists():
        return 0
    if STAMP.exists() and STAMP.read_text() == current:
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(CACHE)
    removed = 0
    for record in cache.list_cache_records():
        source = Path(record.uri)
        # A record whose notebook is gone or imports utils cannot be trusted any more.
        if not source.exists() or IMPORTS_UTILS.search(source.read_text()):
            cache.remove_cache(record.pk)
            removed += 1
    STAMP.write_text(current)
    print(f"utils/ or _toc.yml changed: dropped {removed} cached notebook execution(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
