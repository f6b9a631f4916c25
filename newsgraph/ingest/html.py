"""HTML reader: main text and metadata via trafilatura; reader comments kept apart from the body.

trafilatura returns the comment section in a separate field, so the body never contains it;
we keep the comments too (``HtmlExtract.comments``) because analysts search them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from newsgraph.ingest.boilerplate import is_comment_header
from newsgraph.ingest.meta import clean_str, parse_date


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What trafilatura found in one HTML page. ``text`` is the article body only."""

    text: str
    comments: str | None = None
    title: str | None = None
    url: str | None = None
    sitename: str | None = None
    author: str | None = None
    published: dt.date | None = None

    def page_text(self) -> str:
        """The body, then the reader comments under a comment header: the text cleaner
        (:mod:`newsgraph.ingest.clean`) keeps them as comments, apart from the article's facts."""
        if not self.comments:
            return self.text
        lines = self.comments.splitlines()
        header = "" if lines and is_comment_header(lines[0].strip()) else "Comments\n"
        return f"{self.text}\n\n{header}{self.comments}"


# On pages without an article trafilatura still returns a stray menu word or two ("Home");
# the shortest news briefs we keep are a full sentence, well above this.
_MIN_ARTICLE_WORDS = 6


class NoArticleError(ValueError):
    """The page has no main text (a menu page, an error page, an empty template)."""


def extract_html(html: str, *, url: str | None = None) -> HtmlExtract:
    """The article text, reader comments and metadata of one HTML page.

    Raises :class:`NoArticleError` when trafilatura finds no article text.
    """
    import trafilatura

    # trafilatura logs every page it finds nothing in; the caller reports that as an InputError.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=True,
            include_tables=True,
            with_metadata=True,
        )
    except Exception as exc:  # malformed markup can raise from lxml deep inside trafilatura
        raise NoArticleError(f"HTML could not be parsed ({type(exc).__name__})") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(text, str) or len(text.split()) < _MIN_ARTICLE_WORDS:
        raise NoArticleError("no article text found in the HTML (menu, error or empty page?)")
    comments = getattr(doc, "comments", None)
    return HtmlExtract(
        text=text.strip(),
        comments=comments.strip() if isinstance(comments, str) and comments.strip() else None,
        title=clean_str(getattr(doc, "title", None)),
        url=clean_str(getattr(doc, "url", None)),
        sitename=clean_str(getattr(doc, "sitename", None)),
        author=clean_str(getattr(doc, "author", None)),
        published=parse_date(getattr(doc, "date", None)),
    )
