"""Split scraped plain text into article body, reader comments and dropped boilerplate.

PLACEHOLDER: the whole text is body until the cleaning rules land.
"""

from __future__ import annotations

from newsgraph.model import Document, TextSpan


def clean_text(text: str) -> Document:
    return Document(text=text, body=(TextSpan(0, len(text)),))
