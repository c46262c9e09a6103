"""Which text encoding some bytes are in: BOM, else UTF-8, else Windows-1252/Latin-1 or charset-normalizer's guess.

The rules are applied to the whole input, in one or more passes over its blocks, so a big
file is judged by all its bytes and not by its head only.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable

import charset_normalizer

#: How much `decodes` decodes at a time: the text is only checked, so a big block is decoded in slices.
CHECK_SLICE_BYTES = 2**20

#: How much of the input charset-normalizer sees: this much from just before its first non-ASCII byte.
SAMPLE_BYTES = 64 * 2**10
# UTF-32 before UTF-16: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_CONTEXT_BYTES = 1024  # ASCII kept before the first non-ASCII byte, so the sample starts with some words


class DecodeError(ValueError):
    """Bytes that are not text in any encoding corpusx accepts."""


def decode_bytes(data: bytes) -> str:
    """Decode text: BOM (UTF-8, UTF-16, UTF-32), else UTF-8, else Windows-1252/Latin-1 or what charset-normalizer finds."""
    encoding = choose_encoding(lambda: (data,))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(f"not valid {encoding} (byte {error.start})") from None


def choose_encoding(blocks: Callable[[], Iterable[bytes]]) -> str:
    """The encoding of the bytes that `blocks()` yields (callable again for another pass); DecodeError if not text.

    Without a BOM: UTF-8 if all the bytes decode as UTF-8; else charset-normalizer looks at the
    text around the first non-ASCII byte, and for Western text the answer is Windows-1252 if
    all the bytes decode so, else Latin-1; any other guess must decode all the bytes too.
    """
    head = next(iter(blocks()), b"")
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if decodes(blocks(), "utf-8"):
        return "utf-8"
    matches = charset_normalizer.from_bytes(_sample(blocks()))
    if not matches:
        raise DecodeError("bytes that decode in no known text encoding")
    if _WESTERN & {match.encoding for match in matches}:
        return "cp1252" if decodes(blocks(), "cp1252") else "latin-1"
    best = matches.best()
    fallback = best.encoding if best is not None else "latin-1"
    return next((match.encoding for match in matches if decodes(blocks(), match.encoding)), fallback)


def _sample(blocks: Iterable[bytes]) -> bytes:
    """SAMPLE_BYTES of the input from a little before its first non-ASCII byte (the ASCII before it says nothing)."""
    sample = b""
    for block in blocks:
        if not sample:
            first = _NON_ASCII.search(block)
            if first is None:
                continue
            block = block[max(0, first.start() - _CONTEXT_BYTES) :]
        sample += block[: SAMPLE_BYTES - len(sample)]
        if len(sample) >= SAMPLE_BYTES:
            break
    return sample


def decodes(blocks: Iterable[bytes], encoding: str) -> bool:
    """Whether the blocks decode strictly; DecodeError on a NUL byte (a binary file)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        for block in blocks:
            if b"\x00" in block:
                raise DecodeError("binary file (NUL bytes), not text")
            for start in range(0, len(block), CHECK_SLICE_BYTES):  # the decoded text is dropped: keep it small
                decoder.decode(block[start : start + CHECK_SLICE_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
