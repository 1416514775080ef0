"""Receiving a file upload: the multipart body streamed straight into the uploads folder of
the data directory as it arrives, never held in memory (beyond one network chunk) nor in the
system's temporary folder, which may itself be memory (tmpfs). An Apple Health export can be
hundreds of megabytes."""

from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.import_jobs import SavedUpload, UploadWriter

MAX_FIELD_BYTES = 64 * 1024
MAX_FIELDS = 50


@dataclass
class ReceivedUpload:
    """The form's text fields and the file, already saved (None when no file was sent)."""

    fields: dict[str, str] = field(default_factory=dict)
    file_name: str = ""
    saved: SavedUpload | None = None

    def discard(self) -> None:
        """Delete the saved file (the upload was refused)."""
        if self.saved is not None:
            self.saved.path.unlink(missing_ok=True)


class _Parts:
    """The parser's callbacks: text fields kept, the file field's bytes queued for the disk."""

    def __init__(self, uploads: Path, file_field: str) -> None:
        self.uploads = uploads
        self.file_field = file_field
        self.received = ReceivedUpload()
        self.writer: UploadWriter | None = None
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.name = ""
        self.text = bytearray()
        self.to_file = False
        self.ignored = False
        self.pending: list[bytes] = []

    def on_part_begin(self) -> None:
        self.disposition, self.name, self.to_file, self.ignored = b"", "", False, False
        self.text = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _kind, options = parse_options_header(self.disposition)
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            first = self.name == self.file_field and self.writer is None
            self.to_file, self.ignored = first, not first
            if first:
                self.received.file_name = options[b"filename"].decode("utf-8", "replace")
                self.writer = UploadWriter(self.uploads)
        elif len(self.received.fields) >= MAX_FIELDS:
            raise InvalidEntry("file", "the form has too many fields")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.to_file:
            self.pending.append(data[start:end])
        elif not self.ignored:
            self.text += data[start:end]
            if len(self.text) > MAX_FIELD_BYTES:
                raise InvalidEntry(self.name or "file", "is too long")

    def on_part_end(self) -> None:
        if not self.to_file and not self.ignored and self.name:
            self.received.fields[self.name] = self.text.decode("utf-8", "replace")

    def write_pending(self) -> None:
        if self.writer is not None:
            for chunk in self.pending:
                self.writer.write(chunk)
        self.pending = []

    def discard(self) -> None:
        if self.writer is not None:
            self.writer.discard()


async def receive_upload(
    request: Request, uploads: Path, file_field: str = "file"
) -> ReceivedUpload:
    """Read the request's multipart body: its fields, and the file field saved in
    ``uploads``. ``InvalidEntry('file', ...)`` when the body is not a complete multipart form
    (nothing is left on disk then)."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise InvalidEntry("file", "send the file in a multipart/form-data form")
    parts = _Parts(uploads, file_field)
    parser = MultipartParser(
        options[b"boundary"],
        {
            "on_part_begin": parts.on_part_begin,
            "on_part_data": parts.on_part_data,
            "on_part_end": parts.on_part_end,
            "on_header_field": parts.on_header_field,
            "on_header_value": parts.on_header_value,
            "on_header_end": parts.on_header_end,
            "on_headers_finished": parts.on_headers_finished,
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            if parts.pending:
                await run_in_threadpool(parts.write_pending)
        parser.finalize()
    except FormParserError:
        parts.discard()
        raise InvalidEntry("file", "the upload is not a complete multipart form") from None
    except BaseException:
        parts.discard()
        raise
    if parts.writer is not None:
        parts.received.saved = parts.writer.close()
    return parts.received
