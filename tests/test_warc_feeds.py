"""WARC, RSS/Atom and URL readers: files written here, pages served from a loopback HTTP server."""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import UrlList, read_paths
from newsgraph.ingest.url import USER_AGENT, FetchOptions, read_urls
from newsgraph.ingest.warc import WarcCounts, read_warc
from newsgraph.model import Article

PARAS = [
    "Government forces shelled the northern town of Kidal on Monday, residents said by telephone.",
    "The army said it had retaken two villages after fighting that lasted most of the weekend.",
    "A spokesman for the rebel coalition denied the claim and said its fighters still held the road.",
]


def page(title: str, paras: list[str], *, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (
        f"<html><head><title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )
    return html.encode("utf-8")


def warc_record(uri: str, payload: bytes, *, content_type: str, status: str = "200 OK") -> bytes:
    from fastwarc.warc import WarcRecord, WarcRecordType

    record = WarcRecord()
    record.init_headers(record_type=WarcRecordType.response)
    record.headers["WARC-Target-URI"] = uri
    record.headers["WARC-Date"] = "2019-03-04T10:20:30Z"
    record.headers["Content-Type"] = "application/http; msgtype=response"
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + payload
    record.set_bytes_content(http)
    import io

    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def write_warc(path: Path, *, gz: bool) -> None:
    data = b"".join(
        [
            warc_record("https://news.example/a", page("Kidal shelled", PARAS), content_type="text/html"),
            warc_record("https://news.example/logo.png", b"\x89PNG....", content_type="image/png"),
            warc_record(
                "https://news.example/gone", b"not here", content_type="text/html", status="404 Not Found"
            ),
            warc_record(
                "https://news.example/b",
                page("Villages retaken", PARAS[1:] + PARAS[:1], date="2019-03-01"),
                content_type="text/html; charset=utf-8",
            ),
        ]
    )
    path.write_bytes(gzip.compress(data) if gz else data)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_records_become_articles(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz=gz)
    counts = WarcCounts()
    items = list(read_warc(path, max_bytes=1_000_000, counts=counts))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.url for a in articles] == ["https://news.example/a", "https://news.example/b"]
    assert counts.html == 2 and counts.skipped_not_html == 1 and counts.skipped_status == 1
    first, second = articles
    # No date in the first page: the capture date stands in, and says so.
    assert (first.published, first.published_source) == (dt.date(2019, 3, 4), "warc")
    assert (second.published, second.published_source) == (dt.date(2019, 3, 1), "html")
    assert "Kidal" in (first.text or "") and "Contact us" not in (first.text or "")


def test_warc_found_in_folders_and_bad_warc_is_an_error(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", gz=True)
    (tmp_path / "broken.warc").write_bytes(b"this is not a warc file at all\r\n\r\n")
    items = list(read_paths([tmp_path]))
    assert sum(isinstance(i, Article) for i in items) == 2
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and errors[0].origin.endswith("broken.warc")


def test_warc_record_over_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.warc"
    write_warc(path, gz=False)
    items = list(read_warc(path, max_bytes=100))
    assert items and all(isinstance(i, InputError) and "over the limit" in i.reason for i in items)


RSS = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Sahel Wire</title>
<item><title>Kidal shelled</title><link>https://sahel.example/1</link>
<pubDate>Mon, 04 Mar 2019 08:00:00 GMT</pubDate>
<description>&lt;p&gt;{PARAS[0]}&lt;/p&gt;&lt;p&gt;{PARAS[1]}&lt;/p&gt;</description></item>
<item><title>No body</title><link>https://sahel.example/2</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Front</title>
<entry><title>Road held</title><link href="https://front.example/x"/>
<updated>2020-07-09T10:00:00Z</updated><content type="html">&lt;p&gt;{PARAS[2]}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_entries(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "front.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(
        "<urlset><url><loc>https://x</loc></url></urlset>", encoding="utf-8"
    )
    items = list(read_paths([tmp_path]))
    articles = {i.url: i for i in items if isinstance(i, Article)}
    errors = [i for i in items if isinstance(i, InputError)]
    assert set(articles) == {"https://sahel.example/1", "https://front.example/x"}
    rss = articles["https://sahel.example/1"]
    assert (rss.published, rss.published_source, rss.source) == (dt.date(2019, 3, 4), "feed", "Sahel Wire")
    assert rss.text == f"{PARAS[0]}\n\n{PARAS[1]}"
    assert articles["https://front.example/x"].published == dt.date(2020, 7, 9)
    assert len(errors) == 1 and "neither content nor a summary" in errors[0].reason


# --- live pages from a loopback server ---------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/story": ("text/html; charset=utf-8", page("Kidal shelled", PARAS, date="2019-03-05")),
            "/feed": ("application/rss+xml", RSS.encode()),
            "/big": ("text/html", b"<p>" + b"word " * 50_000 + b"</p>"),
        }
        if self.path == "/slow":
            threading.Event().wait(1.5)
        if self.path not in routes:
            self.send_response(404)
            self.end_headers()
            return
        kind, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_page_and_feed(server: str) -> None:
    items = list(read_paths([f"{server}/story", f"{server}/feed"]))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.origin for a in articles[:1]] == [f"{server}/story"]
    assert articles[0].published == dt.date(2019, 3, 5) and "Kidal" in (articles[0].text or "")
    assert articles[1].url == "https://sahel.example/1" and articles[1].published_source == "feed"
    assert _Handler.agents and all(agent == USER_AGENT for agent in _Handler.agents)


def test_url_errors_are_input_errors(server: str, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"# to read\n{server}/missing\n\nftp://nope\n{server}/big\n", encoding="utf-8")
    items = list(read_paths([UrlList(listing)], max_bytes=10_000))
    reasons = [i.reason for i in items if isinstance(i, InputError)]
    assert len(reasons) == 3 and not any(isinstance(i, Article) for i in items)
    assert "HTTP 404" in reasons[0] and "not an http(s) URL" in reasons[1] and "over the limit" in reasons[2]
    slow = list(read_urls([f"{server}/slow"], options=FetchOptions(timeout_s=0.3)))
    assert len(slow) == 1 and isinstance(slow[0], InputError) and "timed out" in slow[0].reason
