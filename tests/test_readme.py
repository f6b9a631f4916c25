"""The README's spaCy example runs as written, in a fresh interpreter outside the checkout."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_block(heading: str) -> str:
    """The first ```python block under the README's ``## heading``."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, f"no python example under '## {heading}' in README.md"
    return found.group(1)


def test_spacy_example_in_the_readme_runs(tmp_path: Path) -> None:
    code = (
        readme_block("spaCy components")
        + "\nimport sys; assert 'newsgraph.nlp.pipeline' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    places, events = done.stdout.strip().splitlines()
    assert "Idlib" in places and "2024-05-06" in places  # last Monday before the publication date
    assert "ASSAULT" in events and "4" in events
