"""An httpx transport that calls a WSGI app in-process the way gunicorn does.

httpx's own WSGITransport refuses non-ASCII header bytes and does not mark de-chunked
bodies (`wsgi.input_terminated`), so the tests could not send what real clients send.
"""

import io
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

import httpx

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WsgiTransport(httpx.BaseTransport):
    def __init__(self, app: WsgiApp, remote_addr: str = "127.0.0.1") -> None:
        self.app = app
        self.remote_addr = remote_addr

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        url = request.url
        environ: dict[str, Any] = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": url.scheme,
            "wsgi.input": io.BytesIO(body),
            # gunicorn de-chunks bodies sent without Content-Length and says so here.
            "wsgi.input_terminated": True,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            # PEP 3333: the raw path bytes, percent-decoded, carried as latin-1 text.
            "PATH_INFO": unquote_to_bytes(url.raw_path.split(b"?", 1)[0]).decode("latin-1"),
            "QUERY_STRING": url.query.decode("latin-1"),
            # gunicorn's: the request target exactly as sent.
            "RAW_URI": url.raw_path.decode("latin-1"),
            "SERVER_NAME": url.host,
            "SERVER_PORT": str(url.port or {"http": 80, "https": 443}[url.scheme]),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": self.remote_addr,
        }
        for raw_key, raw_value in request.headers.raw:
            key = raw_key.decode("latin-1").upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            value = raw_value.decode("latin-1")
            environ[key] = f"{environ[key]}, {value}" if key in environ else value

        started: list[Any] = []

        def start_response(status: str, headers: list, exc_info: Any = None) -> Any:
            started[:] = [status, headers]
            return lambda _: None

        result = self.app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        status, headers = started
        encoded = [(key.encode("latin-1"), value.encode("latin-1")) for key, value in headers]
        return httpx.Response(int(status.split(" ", 1)[0]), headers=encoded, content=content)
