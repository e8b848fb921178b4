"""Baseline for the throughput figure: the generated FastAPI app's item list, written
by hand. Same SQLite file, same SQL (BEGIN, a page ordered by id, the total, ROLLBACK:
one read transaction, as the generated app runs it) and the same JSON body
(minimal_data.py), with none of the generated app's layers, middleware or response
models.

Served like the generated app, with BENCH_DB the absolute path of the database:
    gunicorn -c <project>/gunicorn.conf.py minimal_fastapi:app
"""

from fastapi import FastAPI, Query

from minimal_data import page_body

app = FastAPI()


@app.get("/api/v1/items")
def list_items(
    page: int = Query(1, ge=1, le=2**31 - 1), limit: int = Query(10, ge=1, le=100)
) -> dict:
    return page_body(page, limit)
