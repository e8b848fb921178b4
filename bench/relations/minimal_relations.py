"""Baseline for the relations figure on FastAPI: the generated app's review list with a
filter, a sort and `?expand=product`, written by hand (relations_data.py), with none of
the generated app's layers, middleware or response models.

Served like the generated app, with BENCH_DB the absolute path of the database:
    gunicorn -c <project>/gunicorn.conf.py minimal_relations:app
"""

from fastapi import FastAPI

from relations_data import list_body

app = FastAPI()


@app.get("/api/v1/reviews")
def list_reviews() -> dict:
    return list_body()
