"""What can go wrong inside a zip archive someone exported from their phone."""

import lzma
import zipfile
import zlib

# A damaged archive fails in many ways: a bad directory, a cut-off member, corrupt compressed
# data, a compression method Python lacks, an encrypted member (RuntimeError), a name that is
# not UTF-8 although flagged so (ValueError). Catch InvalidEntry before these: it is a
# ValueError too.
ZIP_ERRORS = (
    ValueError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    OSError,
    NotImplementedError,
    RuntimeError,
)
