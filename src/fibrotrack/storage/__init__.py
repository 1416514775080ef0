"""Storage: SQLAlchemy models, queries and Alembic migrations (SQLite default, PostgreSQL)."""

from fibrotrack.storage.database import Database, open_database

__all__ = ["Database", "open_database"]
