"""CORS as WSGI middleware: a port of Starlette's CORSMiddleware for the options the
FastAPI stack uses (explicit origins, methods and headers, no credentials), so both
stacks send the same headers and refuse the same preflights."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

# Headers a browser may always send; Starlette lists them as allowed too.
SAFELISTED_HEADERS = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
Headers = list[tuple[str, str]]
PREFLIGHT_VARY = (
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    "Access-Control-Request-Private-Network"
)


class CorsMiddleware:
    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        *,
        allow_origins: Sequence[str],
        allow_methods: Sequence[str],
        allow_headers: Sequence[str],
        expose_headers: Sequence[str],
        max_age: int,
    ) -> None:
        self.app = app
        self.allow_origins = set(allow_origins)
        self.allow_methods = list(allow_methods)
        allowed = sorted(SAFELISTED_HEADERS | set(allow_headers))
        self.allow_headers = {header.lower() for header in allowed}
        self.preflight_headers = {
            "Vary": PREFLIGHT_VARY,
            "Access-Control-Allow-Methods": ", ".join(allow_methods),
            "Access-Control-Max-Age": str(max_age),
            "Access-Control-Allow-Headers": ", ".join(allowed),
        }
        self.simple_headers = {"Access-Control-Expose-Headers": ", ".join(expose_headers)}

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN")
        method = environ.get("REQUEST_METHOD")
        preflight = "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        if origin is not None and method == "OPTIONS" and preflight:
            return self._preflight(environ, origin, start_response)

        def start_with_cors(status: str, headers: Headers, exc_info: Any = None) -> Any:
            return start_response(status, self._simple_headers(headers, origin), exc_info)

        return self.app(environ, start_with_cors)

    def _simple_headers(self, headers: Headers, origin: str | None) -> Headers:
        if origin is None:
            return _add_vary(headers)
        names = {name.lower() for name in self.simple_headers}
        headers = [(k, v) for k, v in headers if k.lower() not in names]
        headers += list(self.simple_headers.items())
        if origin in self.allow_origins:
            headers = [(k, v) for k, v in headers if k.lower() != "access-control-allow-origin"]
            headers.append(("Access-Control-Allow-Origin", origin))
        return _add_vary(headers)

    def _preflight(
        self, environ: dict[str, Any], origin: str, start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        headers = dict(self.preflight_headers)
        failures = []
        if origin in self.allow_origins:
            headers["Access-Control-Allow-Origin"] = origin
        else:
            failures.append("origin")
        if environ["HTTP_ACCESS_CONTROL_REQUEST_METHOD"] not in self.allow_methods:
            failures.append("method")
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")
        if requested is not None and any(
            header.strip().lower() not in self.allow_headers for header in requested.split(",")
        ):
            failures.append("headers")
        if "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK" in environ:
            failures.append("private-network")
        status = "400 BAD REQUEST" if failures else "200 OK"
        body = ("Disallowed CORS " + ", ".join(failures) if failures else "OK").encode()
        response_headers = [
            *headers.items(),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
        ]
        start_response(status, response_headers)
        return [body]


def _add_vary(headers: Headers) -> Headers:
    # Starlette appends "Origin" to Vary on every non-preflight response.
    vary = [v for k, v in headers if k.lower() == "vary"]
    others = [(k, v) for k, v in headers if k.lower() != "vary"]
    return [*others, ("Vary", ", ".join([*vary, "Origin"]))]
