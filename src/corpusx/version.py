"""The installed corpusx version, read from the package metadata."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corpusx")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
