# /// script
# requires-python = ">=3.11"
# dependencies = ["hypothesis==6.170.17", "sortedcontainers==2.4.0"]
# ///
"""Property test of issue 19: no input gets a 5xx, and whatever is accepted reads back.

Run by test/contract/checks/property.ts on every stack of the contract suite, against
the stack's live server (pinned dependencies above; `uv run --script` builds them):

    uv run --script roundtrip.py --api http://127.0.0.1:PORT/api/v1 [--token T] [--auth] [--tasks]

Hypothesis writes JSON bodies as raw text: random Unicode (lone surrogates included, as
`\\ud800`-style escapes; other characters escaped or as UTF-8), nesting up to and past
MAX_JSON_DEPTH (32), numbers (huge, tiny, -0.0, 1e308, 1e400, many decimals) and odd
shapes (missing, unknown and mistyped fields, bodies that are not objects). It POSTs
them to /items, /products (the contract resource), /tasks and /auth/register, and
checks what api-contract.md and issue 19 promise:

- never a 5xx;
- every 4xx is the error envelope, with no Python internals in its messages;
- a lone surrogate is the 400 "must not contain lone UTF-16 surrogates" on its path;
  JSON deeper than 32 levels is the 400 "Malformed JSON body";
- what the contract accepts is accepted (201/202), what it refuses is a 400;
- every accepted write reads back through its GET as the contract says: strings
  byte for byte, the decimal `price` rounded half-to-even to 2 places, -0.0 as 0.0,
  a task's payload as its `result` once the echo task is done, a registered user
  through login and /auth/me.

Bounded and repeatable: derandomized (a fixed seed), a fixed number of examples per
endpoint, no shrinking (a failure is reported with its request, not minimised), so a
stack takes seconds. The last line is the summary property.ts reads:

    property: <examples> examples, <failures> failures, <seconds>s (<times>; <accepted>)

preceded by up to --show failures, one JSON object each (request, reply, why).
"""

import argparse
import http.client
import itertools
import json
import math
import re
import secrets
import sys
import time
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from urllib.parse import urlsplit

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

MAX_JSON_DEPTH = 32
SURROGATE_MESSAGE = "must not contain lone UTF-16 surrogates"
TOO_DEEP = {"field": "body", "message": f"JSON is nested deeper than {MAX_JSON_DEPTH} levels"}
INT32_MAX = 2**31 - 1
DECIMAL_MAX = Decimal("9999999999.99")
CENT = Decimal("0.01")
SURROGATE = re.compile("[\ud800-\udfff]")
PYTHON_INTERNALS = re.compile(
    r"<class '|codec can't|can't (en|de)code|surrogates not allowed|UploadFile|Traceback"
    r"|\b\w+(Error|Exception)\b"
)


# --- the wire -------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    content_type: str
    text: str
    body: Any


class Api:
    """One kept-alive HTTP/1.1 connection (stdlib only), reopened when the server closes it."""

    def __init__(self, base: str, token: str | None) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.prefix = parts.hostname or "127.0.0.1", parts.port, parts.path
        self.token = token
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body: bytes | None = None, token: str | None = None) -> Reply:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, self.prefix + path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had already closed: nothing was answered.
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
                continue
            if response.will_close:
                self.conn.close()
                self.conn = None
            text = data.decode("utf-8", "replace")
            content_type = response.getheader("Content-Type") or ""
            parsed = None
            if "json" in content_type and text:
                try:
                    parsed = json.loads(text)
                except ValueError:
                    parsed = None
            return Reply(response.status, content_type, text, parsed)
        raise AssertionError("unreachable")


# --- JSON as text ---------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A JSON number spelt exactly so (1e400, 0.0150000000000000001, 5,000 digits)."""

    text: str


@dataclass(frozen=True)
class Deep:
    """`levels` of arrays or objects around `inner`, written without recursion."""

    levels: int
    objects: bool
    inner: Any


def encode(value: Any, ascii_only: bool) -> str:
    """JSON text. Lone surrogates always leave as `\\uXXXX` escapes (the only way JSON
    text can carry them); other characters as escapes or as themselves."""
    if isinstance(value, Deep):
        opening, closing = ('{"d":', "}") if value.objects else ("[", "]")
        return opening * value.levels + encode(value.inner, ascii_only) + closing * value.levels
    if isinstance(value, Number):
        return value.text
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{encode(k, ascii_only)}:{encode(v, ascii_only)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(encode(v, ascii_only) for v in value) + "]"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=ascii_only)
        return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return json.dumps(value)


def depth(value: Any) -> int:
    """Levels of objects and arrays, the outermost counted as 1 (as MAX_JSON_DEPTH counts)."""
    if isinstance(value, Deep):
        return value.levels + depth(value.inner)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def lone_surrogate_paths(value: Any, path: str = "body") -> set[str]:
    """Where issue 19's 400 may point: a string's path, or the object whose key holds one."""
    found: set[str] = set()
    if isinstance(value, str):
        if SURROGATE.search(value):
            found.add(path)
    elif isinstance(value, (dict, list)):
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        if isinstance(value, dict) and any(SURROGATE.search(k) for k in value):
            found.add(path)
        for key, item in pairs:
            found |= lone_surrogate_paths(item, str(key) if path == "body" else f"{path}.{key}")
    return found


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def finite_numbers_only(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite_numbers_only(v) for v in value.values())
    if isinstance(value, list):
        return all(finite_numbers_only(v) for v in value)
    return True


# --- strategies -------------------------------------------------------------------------

SPECIAL = [
    "\x00",
    "\x01",
    "\x7f",
    "\t",
    "\r\n",
    "\u2028",
    "\u0301",
    "\u202e",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "😀",
    "👩‍👩‍👧",
    "é",
    "e\u0301",
    "ß",
    "İ",
    '"',
    "\\",
    "'",
    "%s",
    "{",
    "[",
    "]",
    "<b>",
    "&amp;",
    "' OR 1=1--",
    "\U0001d54f",
]
CHARACTERS = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SPECIAL))
LONE = st.integers(0xD800, 0xDFFF).map(chr)


@st.composite
def texts(draw: st.DrawFn, min_size: int = 0, max_size: int = 40, lone: int = 1) -> str:
    """Unicode text; `lone` in eight carry a lone surrogate somewhere."""
    text = "".join(draw(st.lists(CHARACTERS, min_size=min_size, max_size=max_size)))
    if draw(st.integers(0, 7)) < lone:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(LONE) + text[at:]
    return text


FLOATS = st.floats(allow_nan=False, allow_infinity=False)
EDGE_NUMBERS = st.sampled_from(
    [
        0.0,
        -0.0,
        1e308,
        -1e308,
        5e-324,
        -5e-324,
        1e-300,
        0.005,
        0.015,
        0.025,
        2.675,
        1.005,
        -1.9100000000000001,
        0.07000000000000001,
        0.1 + 0.2,
        9999999999.99,
        -9999999999.99,
        9999999999.994,
        1e9,
        1e9 + 1,
        2**31 - 1,
        2**31,
        -(2**31),
        -(2**31) - 1,
        2**53 + 1,
        10**30,
    ]
)
NUMBER_TEXTS = st.one_of(
    st.sampled_from(
        [
            "1e400",
            "-1e400",
            "1E2",
            "0.0150000000000000001",
            "-0.0",
            "-0",
            "1.0e-7",
            "9" * 400,
            "9" * 5000,
            "0." + "3" * 400,
            "12.3450000000000000000001",
        ]
    ),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(lambda d: str(d)),
).map(Number)
NUMBERS = st.one_of(FLOATS, EDGE_NUMBERS, st.integers(-(2**70), 2**70), NUMBER_TEXTS)
MONEY = st.one_of(
    st.decimals(min_value=-(10**10), max_value=10**10, places=2).map(float),
    st.decimals(min_value=-1000, max_value=1000, places=5).map(float),
    st.floats(min_value=0, max_value=2e9),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, texts(max_size=12))


def mostly(valid: st.SearchStrategy[Any], hostile: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Four draws in five from what the contract accepts (so writes get accepted and read
    back often enough to matter), one from anything."""
    return st.integers(0, 4).flatmap(lambda n: hostile if n == 0 else valid)


JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(texts(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
# The same without lone surrogates: payloads a task should accept.
PLAIN_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), FLOATS, EDGE_NUMBERS, st.integers(), texts(max_size=12, lone=0)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(texts(max_size=8, lone=0), children, max_size=3)
    ),
    max_leaves=8,
)
# Past MAX_JSON_DEPTH, and up to it: a few levels either side of 32 matter most.
DEEP = st.builds(
    Deep,
    levels=st.one_of(st.integers(28, 36), st.sampled_from([1, 10, 64, 100, 1000])),
    objects=st.booleans(),
    inner=st.one_of(st.none(), st.integers(0, 9), st.just({}), st.just([])),
)
ANY_VALUE = st.one_of(JSON_VALUES, DEEP)


@st.composite
def bodies(draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]], required: set[str]) -> Any:
    """A body shaped like the route's, then perhaps bent out of shape."""
    body = {
        name: draw(strategy) for name, strategy in fields.items() if name in required or draw(st.booleans())
    }
    shape = draw(st.integers(0, 11))
    if shape == 0 and body:
        body.pop(draw(st.sampled_from(sorted(body))))
    elif shape == 1:
        body[draw(texts(max_size=10))] = draw(SCALARS)
    elif shape == 2 and body:
        body[draw(st.sampled_from(sorted(body)))] = draw(ANY_VALUE)
    elif shape == 3:
        return draw(st.one_of(ANY_VALUE, st.lists(st.just(body), max_size=2)))
    return body


# --- what the contract expects ------------------------------------------------------------

INVALID = "invalid"  # a 400
EITHER = "either"  # the contract does not say: anything but a 5xx, and a 2xx reads back


def whole_number(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and low <= value <= high else None


def plain_text(value: Any, low: int, high: int) -> bool:
    return isinstance(value, str) and low <= len(value) <= high and "\x00" not in value


def is_finite_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def item_model(doc: Any) -> Any:
    if not isinstance(doc, dict) or not {"name", "price"} <= doc.keys() <= {
        "name",
        "description",
        "price",
        "quantity",
    }:
        return INVALID
    description = doc.get("description")
    price = doc["price"]
    quantity = whole_number(doc.get("quantity", 1), 0, INT32_MAX)
    if not plain_text(doc["name"], 1, 200) or quantity is None:
        return INVALID
    if description is not None and not plain_text(description, 0, 2000):
        return INVALID
    if not is_finite_number(price) or not 0 <= price <= 1_000_000_000:
        return INVALID
    return {
        "name": doc["name"],
        "description": description,
        "price": float(price) + 0.0,
        "quantity": quantity,
    }


def product_model(doc: Any) -> Any:
    if not isinstance(doc, dict) or not {"name", "price", "sku"} <= doc.keys() <= {
        "name",
        "price",
        "stock",
        "sku",
    }:
        return INVALID
    if not plain_text(doc["name"], 0, 120) or not plain_text(doc["sku"], 0, 40):
        return INVALID
    stock = doc.get("stock")
    if stock is not None:
        stock = whole_number(stock, -INT32_MAX - 1, INT32_MAX)
        if stock is None:
            return INVALID
    price = doc["price"]
    if not is_finite_number(price):
        return INVALID
    exact = Decimal(str(price))  # the number's shortest spelling, as the spec rounds it
    if not -DECIMAL_MAX <= exact <= DECIMAL_MAX:
        return INVALID
    rounded = float(exact.quantize(CENT, rounding=ROUND_HALF_EVEN)) + 0.0
    return {"name": doc["name"], "price": rounded, "stock": stock, "sku": doc["sku"]}


def task_model(doc: Any) -> Any:
    if not isinstance(doc, dict) or doc.get("kind") != "echo" or not doc.keys() <= {"kind", "payload"}:
        return INVALID
    payload = doc.get("payload", {})
    if not isinstance(payload, dict) or not finite_numbers_only(payload):
        return INVALID
    # NUL in a payload string: the contract does not say (a JSON column may refuse it).
    return EITHER if has_nul(payload) else {"payload": payload}


def register_model(doc: Any, email_is_plain: bool) -> Any:
    if not isinstance(doc, dict) or doc.keys() != {"email", "password", "name"}:
        return INVALID
    if not plain_text(doc["name"], 1, 100) or not plain_text(doc["password"], 8, 256):
        return INVALID
    if not isinstance(doc["email"], str):
        return INVALID
    return {"name": doc["name"]} if email_is_plain else EITHER


# --- the checks ---------------------------------------------------------------------------


class Run:
    def __init__(self, api: Api, auth: bool) -> None:
        self.api = api
        self.auth = auth
        self.examples = 0
        self.failures: list[dict[str, Any]] = []
        self.skus: set[str] = set()
        self.pending_tasks: list[tuple[int, Any, str]] = []
        self.counter = itertools.count(1)
        self.sku_may_be_taken = False
        self.accepted: Counter[str] = Counter()
        # Unique values (sku, email) stay new when the script runs twice on one database.
        self.nonce = secrets.token_hex(2)

    def fail(self, endpoint: str, wire: bytes, reply: Reply | None, why: str) -> None:
        self.failures.append(
            {
                "endpoint": endpoint,
                "why": why,
                "request": wire[:600].decode("utf-8", "replace"),
                "status": reply.status if reply else None,
                "reply": reply.text[:600] if reply else None,
            }
        )

    def send(self, endpoint: str, doc: Any, ascii_only: bool) -> tuple[bytes, Reply | None, Any]:
        """POSTs `doc` as JSON text; returns the bytes, the reply and what the server parsed."""
        self.examples += 1
        wire = encode(doc, ascii_only).encode("utf-8")
        try:
            reply = self.api.call("POST", endpoint, wire)
        except Exception as exc:  # the server hung up or timed out: a failure, not a crash here
            self.fail(endpoint, wire, None, f"no answer: {exc!r}")
            return wire, None, None
        try:
            seen = json.loads(wire) if depth(doc) <= 100 else None
        except ValueError:
            seen = None  # e.g. an integer past Python's 4,300 digits: not JSON the server can read
        return wire, reply, seen

    def judge(
        self, endpoint: str, doc: Any, wire: bytes, reply: Reply, seen: Any, expected: Any, ok: int
    ) -> bool:
        """The checks every route shares; True when the write was accepted and should read back."""
        if reply.status >= 500:
            self.fail(endpoint, wire, reply, "a 5xx")
            return False
        if 400 <= reply.status < 500 and not self.enveloped(reply):
            self.fail(endpoint, wire, reply, "a 4xx outside the error envelope")
            return False
        if depth(doc) > MAX_JSON_DEPTH:
            error = (reply.body or {}).get("error") if isinstance(reply.body, dict) else None
            if reply.status != 400 or error != {
                "code": "VALIDATION_ERROR",
                "message": "Malformed JSON body",
                "details": [TOO_DEEP],
            }:
                self.fail(
                    endpoint,
                    wire,
                    reply,
                    f"JSON {depth(doc)} levels deep is not the 400 'Malformed JSON body'",
                )
            return False
        if seen is None:
            if reply.status != 400:
                self.fail(endpoint, wire, reply, "JSON the server cannot read was not a 400")
            return False
        paths = lone_surrogate_paths(seen)
        if paths:
            # A field name may not hold a surrogate itself (a value below a bad key): the
            # answer names the key's object instead.
            paths = {path for path in paths if not SURROGATE.search(path)}
            details = reply.body.get("error", {}).get("details") if isinstance(reply.body, dict) else None
            if (
                reply.status != 400
                or not details
                or any(d.get("message") != SURROGATE_MESSAGE or d.get("field") not in paths for d in details)
            ):
                self.fail(endpoint, wire, reply, f"a lone surrogate at {sorted(paths)} is not its 400")
            return False
        if expected == INVALID:
            if reply.status != 400:
                self.fail(
                    endpoint, wire, reply, "the contract refuses this body, the server did not answer 400"
                )
            return False
        if expected == EITHER:
            self.accepted[endpoint] += reply.status == ok
            return reply.status == ok
        if reply.status == 409 and endpoint == "/products" and self.sku_may_be_taken:
            return False  # in the envelope: checked above, as every 4xx
        if reply.status != ok:
            self.fail(
                endpoint, wire, reply, f"the contract accepts this body, the server answered {reply.status}"
            )
            return False
        self.accepted[endpoint] += 1
        return True

    def enveloped(self, reply: Reply) -> bool:
        body = reply.body
        if not reply.content_type.startswith("application/json") or not isinstance(body, dict):
            return False
        error = body.get("error")
        if body.get("success") is not False or not isinstance(error, dict):
            return False
        if (
            not isinstance(error.get("code"), str)
            or not isinstance(error.get("message"), str)
            or not error["message"]
        ):
            return False
        details = error.get("details", [])
        if not isinstance(details, list) or not all(
            isinstance(d, dict) and isinstance(d.get("field"), str) and isinstance(d.get("message"), str)
            for d in details
        ):
            return False
        messages = [error["message"], *(d["message"] for d in details)]
        return not any(PYTHON_INTERNALS.search(m) for m in messages)

    def read_back(
        self, endpoint: str, wire: bytes, created: Reply, expected: dict[str, Any], path: str
    ) -> None:
        data = created.body.get("data", {})
        got = self.api.call("GET", f"{path}/{data.get('id')}")
        if got.status != 200 or not isinstance(got.body, dict):
            self.fail(endpoint, wire, got, "an accepted write does not read back")
            return
        read = got.body.get("data", {})
        if read != data:
            self.fail(endpoint, wire, got, "the GET differs from the write's answer")
        for key, value in expected.items():
            if read.get(key) != value or type(read.get(key)) is not type(value):
                self.fail(endpoint, wire, got, f"{key} reads back as {read.get(key)!r}, not {value!r}")
            elif isinstance(value, float) and math.copysign(1.0, read[key]) < 0 and value == 0:
                self.fail(endpoint, wire, got, f"{key} reads back as -0.0")

    def item(self, doc: Any, ascii_only: bool) -> None:
        wire, reply, seen = self.send("/items", doc, ascii_only)
        if reply and self.judge("/items", doc, wire, reply, seen, item_model(seen), 201):
            self.read_back("/items", wire, reply, item_model(seen), "/items")

    def product(self, doc: Any, ascii_only: bool, unique: bool) -> None:
        if unique and isinstance(doc, dict) and isinstance(doc.get("sku"), str):
            doc = {**doc, "sku": f"{doc['sku'][:30]}~{self.nonce}{next(self.counter)}"}
        wire, reply, seen = self.send("/products", doc, ascii_only)
        expected = product_model(seen)
        # Without the unique suffix a sku may be taken (by this run, or by an earlier run on
        # the same database): a 409 is then the right answer.
        sku = seen.get("sku") if isinstance(seen, dict) else None
        self.sku_may_be_taken = not unique or (isinstance(sku, str) and sku in self.skus)
        if reply and self.judge("/products", doc, wire, reply, seen, expected, 201):
            self.skus.add(seen["sku"])
            if expected != EITHER:
                self.read_back("/products", wire, reply, expected, "/products")

    def task(self, doc: Any, ascii_only: bool) -> None:
        wire, reply, seen = self.send("/tasks", doc, ascii_only)
        expected = task_model(seen)
        if reply and self.judge("/tasks", doc, wire, reply, seen, expected, 202):
            payload = seen.get("payload", {})
            self.pending_tasks.append((reply.body["data"]["id"], payload, wire.decode("utf-8", "replace")))

    def settle_tasks(self) -> None:
        """Every accepted echo task ends done with its payload as result (or failed on "fail": true)."""
        deadline = time.monotonic() + 30
        for task_id, payload, wire in self.pending_tasks:
            while True:
                got = self.api.call("GET", f"/tasks/{task_id}")
                data = got.body.get("data", {}) if isinstance(got.body, dict) else {}
                if got.status != 200:
                    self.fail("/tasks", wire.encode(), got, "an accepted task does not read back")
                    break
                if data.get("status") in ("done", "failed"):
                    if payload.get("fail") is True:
                        if data["status"] != "failed":
                            self.fail(
                                "/tasks", wire.encode(), got, 'a payload with "fail": true did not fail'
                            )
                    elif data["status"] != "done" or data.get("result") != payload:
                        self.fail("/tasks", wire.encode(), got, "the echo task's result is not its payload")
                    break
                if time.monotonic() > deadline:
                    self.fail("/tasks", wire.encode(), got, "the task did not finish within 30 s")
                    break
                time.sleep(0.02)

    def register(self, doc: Any, ascii_only: bool, email_is_plain: bool) -> None:
        wire, reply, seen = self.send("/auth/register", doc, ascii_only)
        expected = register_model(seen, email_is_plain)
        if not reply or not self.judge("/auth/register", doc, wire, reply, seen, expected, 201):
            return
        user = reply.body["data"]
        for email in (seen["email"], user["email"]):
            login = self.api.call(
                "POST", "/auth/login", json.dumps({"email": email, "password": seen["password"]}).encode()
            )
            if login.status != 200:
                self.fail("/auth/register", wire, login, f"a registered user cannot log in as {email!r}")
                return
        me = self.api.call("GET", "/auth/me", token=login.body["data"]["access_token"])
        if me.status != 200 or me.body.get("data") != user or user.get("name") != seen["name"]:
            self.fail("/auth/register", wire, me, "/auth/me does not give back the registered user")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--token")
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--tasks", action="store_true")
    parser.add_argument("--examples", type=int, default=200, help="per endpoint")
    parser.add_argument("--show", type=int, default=10, help="failures printed in full")
    args = parser.parse_args()
    run = Run(Api(args.api, args.token), args.auth)
    started = time.monotonic()

    def bounded(n: int) -> settings:
        return settings(
            max_examples=n,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )

    item_fields = {
        "name": mostly(texts(min_size=1, max_size=200, lone=0), texts(max_size=210, lone=4)),
        "description": mostly(
            st.one_of(st.none(), texts(max_size=60, lone=0)),
            st.one_of(st.just("d" * 2001), texts(max_size=60, lone=4)),
        ),
        "price": mostly(
            st.one_of(st.floats(0, 1e9), st.integers(0, 10**9), st.sampled_from([-0.0, 5e-324, 1e9])),
            st.one_of(MONEY, NUMBERS, SCALARS),
        ),
        "quantity": mostly(
            st.one_of(st.integers(0, INT32_MAX), st.sampled_from([0.0, 3.0])),
            st.one_of(st.integers(-5, INT32_MAX + 5), NUMBERS, SCALARS),
        ),
    }

    @bounded(args.examples)
    @example(doc={"name": "zero", "price": -0.0}, ascii_only=True)
    @example(doc={"name": "\ud800", "price": 1}, ascii_only=False)
    @example(doc={"name": "x", "price": 1, "\udfff": 1}, ascii_only=True)
    @example(doc={"name": "x", "price": {"\ud800": ["\ud801"]}}, ascii_only=True)
    @example(doc={"name": "x", "price": 1, "quantity": Deep(31, True, 1)}, ascii_only=True)
    @given(doc=bodies(item_fields, {"name", "price"}), ascii_only=st.booleans())
    def items(doc: Any, ascii_only: bool) -> None:
        run.item(doc, ascii_only)

    product_fields = {
        "name": mostly(texts(max_size=120, lone=0), texts(max_size=125, lone=4)),
        "price": mostly(MONEY, st.one_of(NUMBERS, SCALARS)),
        "stock": mostly(
            st.one_of(st.none(), st.integers(-(2**31), INT32_MAX)),
            st.one_of(st.integers(-(2**31) - 2, 2**31 + 2), NUMBERS, SCALARS),
        ),
        "sku": mostly(texts(max_size=30, lone=0), texts(max_size=42, lone=4)),
    }

    @bounded(args.examples)
    @example(doc={"name": "p", "price": 0.015, "sku": "a"}, ascii_only=True, unique=True)
    @example(doc={"name": "p", "price": 0.005, "sku": "b"}, ascii_only=True, unique=True)
    @example(
        doc={"name": "p", "price": Number("-1.9100000000000001"), "sku": "c"}, ascii_only=True, unique=True
    )
    @example(doc={"name": "p", "price": -0.0, "sku": "d"}, ascii_only=True, unique=True)
    @example(doc={"name": "p", "price": -0.001, "sku": "e"}, ascii_only=True, unique=True)
    @given(
        doc=bodies(product_fields, {"name", "price", "sku"}),
        ascii_only=st.booleans(),
        unique=st.integers(0, 9).map(bool),
    )
    def products(doc: Any, ascii_only: bool, unique: bool) -> None:
        run.product(doc, ascii_only, unique)

    payloads = mostly(
        st.dictionaries(texts(max_size=10, lone=0), PLAIN_JSON_VALUES, max_size=5),
        st.one_of(
            st.dictionaries(texts(max_size=10), JSON_VALUES, max_size=5),
            st.dictionaries(texts(max_size=10), ANY_VALUE, max_size=2),
            JSON_VALUES,
        ),
    )
    task_fields = {
        "kind": mostly(st.just("echo"), texts(max_size=8)),
        "payload": payloads,
    }

    @bounded(args.examples * 3 // 4)
    @example(doc={"kind": "echo", "payload": {"a": [{"b": "\ud800"}]}}, ascii_only=True)
    @example(doc={"kind": "echo", "payload": {"\ud800": 1}}, ascii_only=False)
    @example(
        doc={"kind": "echo", "payload": Deep(30, True, {"n": -0.0, "big": 1e308, "tiny": 5e-324})},
        ascii_only=True,
    )
    @example(doc={"kind": "echo", "payload": Deep(31, False, None)}, ascii_only=True)
    @example(doc={"kind": "echo", "payload": {"x": Deep(254, True, 1)}}, ascii_only=True)
    @given(doc=bodies(task_fields, {"kind"}), ascii_only=st.booleans())
    def tasks(doc: Any, ascii_only: bool) -> None:
        run.task(doc, ascii_only)

    local_parts = st.text(
        alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        min_size=1,
        max_size=16,
    )
    plain_emails = st.builds(
        lambda local, letter, domain: f"{local}{letter}@{domain}",
        local_parts,
        st.sampled_from(["", "é", "e\u0301", "É"]),
        st.sampled_from(["example.com", "EXAMPLE.com", "bücher.de", "xn--bcher-kva.de", "BÜCHER.DE"]),
    )
    passwords = mostly(
        st.one_of(texts(min_size=8, max_size=40, lone=0), texts(min_size=250, max_size=256, lone=0)),
        st.one_of(texts(min_size=5, max_size=9, lone=4), texts(min_size=255, max_size=260, lone=4)),
    )
    names = mostly(texts(min_size=1, max_size=100, lone=0), texts(max_size=105, lone=4))

    plain_registrations = st.fixed_dictionaries(
        {"email": plain_emails, "password": passwords, "name": names}
    ).map(lambda doc: (doc, True))
    hostile_registrations = bodies(
        {"email": texts(max_size=30), "password": passwords, "name": texts(max_size=105)},
        {"email", "password", "name"},
    ).map(lambda doc: (doc, False))

    @bounded(args.examples // 2)
    @example(
        case=({"email": "a@example.com", "password": "\ud800abcdefgh", "name": "x"}, False), ascii_only=True
    )
    @example(
        case=({"email": "x@xn--bcher-kva.de", "password": "é" * 256, "name": "Zoë"}, True), ascii_only=False
    )
    @given(case=mostly(plain_registrations, hostile_registrations), ascii_only=st.booleans())
    def register(case: tuple[Any, bool], ascii_only: bool) -> None:
        doc, email_is_plain = case
        if email_is_plain:
            doc = {**doc, "email": doc["email"].replace("@", f".{run.nonce}{next(run.counter)}@", 1)}
        run.register(doc, ascii_only, email_is_plain)

    timings: list[str] = []

    def timed(name: str, test: Any) -> None:
        began = time.monotonic()
        test()
        timings.append(f"{name} {time.monotonic() - began:.1f}s")

    timed("items", items)
    timed("products", products)
    if args.tasks:
        timed("tasks", tasks)
    if args.auth:
        timed("register", register)
    timed("task results", run.settle_tasks)

    for failure in run.failures[: args.show]:
        print(json.dumps(failure, ensure_ascii=True))
    seconds = time.monotonic() - started
    counts = f"{run.examples} examples, {len(run.failures)} failures"
    accepted = ", ".join(f"{endpoint} {n}" for endpoint, n in run.accepted.items())
    print(f"property: {counts}, {seconds:.1f}s ({', '.join(timings)}; accepted and read back: {accepted})")
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
