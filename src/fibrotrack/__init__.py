"""fibrotrack: run an individualized fibromyalgia recovery program and measure it honestly."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fibrotrack")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

__all__ = ["__version__"]
