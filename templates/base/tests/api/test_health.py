from tests.support.api import API, assert_error


def test_health_reports_ok(client):
    response = client.get(f"{API}/health")
    assert response.status_code == 200
    assert response.json() == {"success": True, "data": {"status": "ok", "database": "ok"}}


def test_health_is_503_when_the_database_is_down(make_client, tmp_path):
    dead = make_client(database_url=f"sqlite:///{tmp_path / 'missing-dir' / 'app.db'}")
    error = assert_error(dead.get(f"{API}/health"), 503, "SERVICE_UNAVAILABLE")
    assert "missing-dir" not in error["message"]
