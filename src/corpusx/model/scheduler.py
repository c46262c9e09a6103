"""Checks made before a Dask run starts, without importing Dask or spaCy: the extra is installed, the address usable."""

from __future__ import annotations

from urllib.parse import urlsplit

from corpusx.errors import EngineError

SCHEMES = ("tcp", "tls")
DEFAULT_PORT = 8786
INSTALL_HINT = "pip install 'corpusx[dask]'"
TLS_HINT = (
    "tls:// needs Dask's TLS settings: set distributed.comm.tls.ca-file, .client.cert and .client.key "
    "in Dask's config (or the DASK_DISTRIBUTED__COMM__TLS__... variables)"
)


def require_dask() -> None:
    """An EngineError naming the extra to install when Dask's distributed scheduler is missing."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise EngineError(f"--engine dask needs Dask, which is not installed: {INSTALL_HINT}") from None


def check_scheduler_address(address: str) -> str:
    """`address` if it can name a Dask scheduler (tcp://HOST[:PORT] or tls://...), else an EngineError."""
    problem = None
    if "://" not in address:
        problem = "no scheme"
    else:
        parts = urlsplit(address)
        try:
            port = parts.port
        except ValueError:
            port = None
            problem = "the port is not a number from 0 to 65535"
        if parts.scheme not in SCHEMES:
            problem = f"the scheme {parts.scheme or '(none)'}:// is not one a remote scheduler listens on"
        elif not parts.hostname:
            problem = "no host"
        elif problem is None and (parts.path not in ("", "/") or port == 0):
            problem = "give only a host and a port"
    if problem is not None:
        raise EngineError(f"--scheduler {address!r} is not a scheduler address ({problem}); use tcp://HOST:PORT")
    return address
