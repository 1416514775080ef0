"""Imports: a record of every file imported (its fingerprint, progress and outcome), what each
import changed (so it can be undone), and which person a multi-person file's own ids became."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class ImportRun(Base):
    """One import of one file. A web upload is queued here and run in the background, with
    its progress written as it goes so any app worker can show it; a CLI import is recorded
    when it finishes. ``file_sha256`` tells the person when a file was imported before.

    ``person_id`` is the person imported into (None when a file's people each became a person
    of their own). ``upload_path`` is the saved upload of a queued import, deleted when the
    import ends. ``updated_at`` is when the row last changed: the thread of a running import
    or preview touches it every few seconds, so one whose server stopped can be told from one
    still running, and a preview nobody confirms expires a day after it was ready
    (``fibrotrack.services.import_jobs.sweep_imports``). ``changes_recorded`` says its changes
    are in ``import_changes`` (imports made before fibrotrack kept them cannot be undone);
    ``undone_at`` is when it was undone."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_person_file", "person_id", "file_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(BigInteger, default=0)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    phase: Mapped[str | None] = mapped_column(String(20))
    bytes_done: Mapped[int] = mapped_column(BigInteger, default=0)
    upload_path: Mapped[str | None] = mapped_column(String(1000))
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    changes_recorded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportChange(Base):
    """One stored row an import changed: a row it inserted, or a row it overwrote with the
    values it had before (``previous``). ``written`` holds what the import wrote (portable
    JSON values of the columns it wrote), so undoing it can tell a value the person changed
    since. ``row_id`` is the row's key in ``table_name``."""

    __tablename__ = "import_changes"
    __table_args__ = (Index("ix_import_changes_import", "import_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    written: Mapped[dict[str, Any]] = mapped_column(JSON)


class ImportedPerson(Base):
    """A person created from a file that holds many (the Flaredown research dump), with the
    file's own id for them, so importing the file again finds the same person."""

    __tablename__ = "imported_people"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(200))
