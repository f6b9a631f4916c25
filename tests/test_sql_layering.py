"""Where SQL may be written: the knowledge base's write side (newsgraph/kb/) and read side
(newsgraph/query/), plus the gazetteer's own index file (a separate SQLite database under the user
cache, built by nlp/places/index.py and read by nlp/places/gazetteer.py; the NLP layer may not
import kb/ or query/, see the import-linter contracts in pyproject.toml). Any other module that
opens a connection or runs a statement puts a second answer to some question beside query/'s.
Catching sqlite3 errors (the API's busy handler, the mention rules' missing-gazetteer fallback) and
a CLI command's transaction on the handle kb/ gives it are not SQL of their own."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "newsgraph"
ALLOWED = ("kb/", "query/", "nlp/places/index.py", "nlp/places/gazetteer.py")
#: Opening a database or running a statement (not catching sqlite3's errors).
SQL = re.compile(r"sqlite3\.connect\(|\.execute(many|script)?\(\s*[\"'](?!BEGIN|COMMIT|ROLLBACK)")


def test_sql_is_written_only_in_the_stores() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(ALLOWED):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "SQL outside kb/, query/ and the gazetteer index:\n" + "\n".join(offenders)
