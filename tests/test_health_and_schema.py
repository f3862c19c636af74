"""`/healthz`, and migrations that build exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot import create_app
from bot.db import Base


def test_healthz_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_when_the_database_is_gone(config, tmp_path):
    # A SQLite file in a folder that does not exist cannot be opened.
    app = create_app({**config, "DATABASE_URL": f"sqlite:///{tmp_path}/none/x.db"})
    (tmp_path / "none").rmdir()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_migrations_match_the_models(app):
    with app.extensions["db_engine"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
