"""newsgraph.web: the analyst workbench (JSON API + UI in one process) and the offline HTML brief.

``serve(db_path)`` runs both on 127.0.0.1 until interrupted; ``create_app(db_path)`` returns the
ASGI app for tests and other servers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def create_app(db_path: str | Path) -> FastAPI:
    """The API under /api and the Dash UI at /, with a Content-Security-Policy the UI works under."""
    from newsgraph.web.api import create_api
    from newsgraph.web.ui import create_ui

    api = create_api(db_path)
    ui = create_ui(db_path)
    # Inline scripts are allowed by hash only (Dash's renderer bootstrap and clientside callbacks);
    # inline styles are needed by React style props and Leaflet. Images: tiles and data: icons.
    hashes = " ".join(ui.csp_hashes())  # already quoted: 'sha256-...'
    csp = (
        "default-src 'self'; "
        f"script-src 'self' {hashes}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: https://*.tile.openstreetmap.org; "
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    api.mount("/", _wsgi_to_asgi(ui.server))
    api.add_middleware(_SecurityHeaders, csp=csp)
    return api


def _wsgi_to_asgi(wsgi_app: Any) -> Any:
    """Dash is a Flask (WSGI) app: a2wsgi adapts it; Starlette's own adapter is the fallback."""
    try:
        from a2wsgi import WSGIMiddleware
    except ImportError:
        import warnings

        # Starlette's adapter still works but warns on import that it is deprecated (for a2wsgi).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.middleware.wsgi import WSGIMiddleware  # type: ignore[assignment]
    return WSGIMiddleware(wsgi_app)


class _SecurityHeaders:
    """ASGI middleware adding the CSP and a few hardening headers to every HTTP response."""

    def __init__(self, app: Any, *, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def serve(db_path: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the workbench until interrupted; prints its address first."""
    import uvicorn

    app = create_app(db_path)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"newsgraph workbench: http://{shown}:{port}/  (API: http://{shown}:{port}/api/docs; Ctrl-C stops)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
