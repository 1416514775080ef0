"""Configuration: one pydantic-settings class, read from the environment (``FIBROTRACK_*``)."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)
DATABASE_FILE = "fibrotrack.sqlite"
DEMO_DATABASE_FILE = "demo.sqlite"


class InvalidSetting(ValueError):
    """A configuration value that cannot be used; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def default_data_dir() -> Path:
    return Path(user_data_dir("fibrotrack", appauthor=False))


class Settings(BaseSettings):
    """Every setting of a fibrotrack installation.

    ``FIBROTRACK_DATA_DIR`` (default: the platform's user data directory) holds the SQLite
    database, the demo database and the generated secret key. ``FIBROTRACK_DATABASE_URL``
    overrides the database (for example ``postgresql+psycopg://user@host/db``).
    ``FIBROTRACK_PUBLIC_URL`` is the address people open (used in e-mailed links), and
    ``FIBROTRACK_SMTP_*`` configure the optional e-mail reminders.
    ``FIBROTRACK_COMMUNITY_MIN_GROUP`` (default and minimum 10) is the fewest people any
    community figure is computed from.
    """

    model_config = SettingsConfigDict(env_prefix="FIBROTRACK_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias=AliasChoices("FIBROTRACK_PORT", "PORT"))
    timezone: str | None = None
    country: str | None = None
    public_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = None
    smtp_starttls: bool = True
    community_min_group: int = 10

    @property
    def email_enabled(self) -> bool:
        """E-mail reminders are offered only when an SMTP server and a sender are set."""
        return bool(self.smtp_host and self.smtp_from)

    @field_validator("database_url")
    @classmethod
    def _database_url_is_usable(cls, value: str | None) -> str | None:
        return normalise_database_url(value) if value else None

    @field_validator("community_min_group")
    @classmethod
    def _community_group_is_safe(cls, value: int) -> int:
        if value < 10:
            raise InvalidSetting(
                "community_min_group",
                f"{value} is below 10: community figures are never computed from fewer than "
                "10 people",
            )
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return sqlite_url(self.data_dir / DATABASE_FILE)

    @property
    def demo_database_url(self) -> str:
        return sqlite_url(self.data_dir / DEMO_DATABASE_FILE)

    @property
    def cookies_secure(self) -> bool:
        """Secure-only cookies unless the app listens on the loopback interface only."""
        return self.host not in {"127.0.0.1", "localhost", "::1"}

    def ensure_secret_key(self) -> str:
        """The secret key: from the environment, else from the data dir, else generated there."""
        if self.secret_key:
            return self.secret_key
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key_file = self.data_dir / SECRET_KEY_FILE
        if key_file.exists():
            self.secret_key = key_file.read_text(encoding="utf-8").strip()
        else:
            self.secret_key = secrets.token_urlsafe(48)
            key_file.write_text(self.secret_key + "\n", encoding="utf-8")
            key_file.chmod(0o600)
        return self.secret_key


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def normalise_database_url(url: str) -> str:
    """``url`` with the psycopg 3 driver filled in for PostgreSQL.

    Raises ``InvalidSetting('database_url', ...)`` unless it names SQLite or PostgreSQL.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise InvalidSetting("database_url", f"cannot parse {url!r}: {error}") from None
    backend = parsed.drivername.split("+")[0]
    if backend in {"postgres", "postgresql"}:
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        if parsed.drivername not in {"sqlite", "sqlite+pysqlite"}:
            raise InvalidSetting("database_url", "use sqlite:///PATH for SQLite")
        return url
    raise InvalidSetting(
        "database_url",
        f"unsupported database {backend!r} in {url!r}; use sqlite:///PATH or postgresql://...",
    )


def variable_read(location: str, environment: Mapping[str, str]) -> str:
    """The environment variable a setting was read from, from the ``location`` pydantic gives
    its error: a setting with several names (``PORT`` or ``FIBROTRACK_PORT``) is read from the
    first of them set, as pydantic-settings does (ignoring case); any other from its
    ``FIBROTRACK_`` name."""
    for setting in Settings.model_fields.values():
        names = setting.validation_alias
        if isinstance(names, AliasChoices) and location in names.choices:
            present = {name.casefold() for name in environment}
            given = [str(name) for name in names.choices if str(name).casefold() in present]
            return given[0] if given else location
    return "FIBROTRACK_" + location.upper()


def load_settings() -> Settings:
    """Settings from the environment; a bad value is an ``InvalidSetting`` naming its variable."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = variable_read(str(first["loc"][0]), os.environ) if first["loc"] else "settings"
        cause = first.get("ctx", {}).get("error")
        message = cause.message if isinstance(cause, InvalidSetting) else first["msg"]
        raise InvalidSetting(name, message) from None
