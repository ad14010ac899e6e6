"""The database as the app configures it: SQLite pragmas, and migrations that match the
models (so `cafe run`'s start-up upgrade builds exactly the schema the code expects)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from cafe.extensions import db


def test_sqlite_runs_in_wal_with_full_sync_and_a_busy_timeout(tmp_path):
    from tests.conftest import _make_app

    app = _make_app(f"sqlite:///{tmp_path / 'c.db'}", SQLALCHEMY_ENGINE_OPTIONS={})
    with app.app_context():
        pragma = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }
        db.engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 10000,
        "foreign_keys": 1,
    }


def test_the_laptop_default_uses_one_pooled_connection(tmp_path, monkeypatch):
    from cafe import create_app

    monkeypatch.setenv("CAFE_INSTANCE", str(tmp_path))
    monkeypatch.delenv("CAFE_DATABASE_URL", raising=False)
    app = create_app({"CAFE_ASYNC_MODE": "threading"})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'cafe.db'}"
    assert (options["pool_size"], options["max_overflow"]) == (1, 0)


def test_migrations_build_exactly_the_models_schema(ctx):
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []
