"""Baseline for the throughput figure: the generated Flask app's item list, written
by hand. Same SQLite file, same SQL (BEGIN, a page ordered by id, the total, ROLLBACK:
one read transaction, as the generated app runs it) and the same JSON body
(minimal_data.py), with none of the generated app's layers, middleware or response
models.

Served like the generated app, with BENCH_DB the absolute path of the database:
    gunicorn -c <project>/gunicorn.conf.py minimal_flask:app
"""

from flask import Flask, request

from minimal_data import page_body

app = Flask(__name__)
app.json.sort_keys = False  # keys in the order the generated app writes them


def int_arg(name: str, default: int, high: int) -> int | None:
    value = request.args.get(name, default, type=int)
    return value if value is not None and 1 <= value <= high else None


@app.get("/api/v1/items")
def list_items():
    page, limit = int_arg("page", 1, 2**31 - 1), int_arg("limit", 10, 100)
    if page is None or limit is None:
        return {"success": False, "error": {"code": "VALIDATION_ERROR"}}, 400
    return page_body(page, limit)
