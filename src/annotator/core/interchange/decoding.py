"""Bytes to stored text: encoding detection and newline normalisation."""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from bisect import bisect_left
from pathlib import Path

from annotator.core.files import special_kind
from annotator.core.model import InputError

__all__ = ["InputError", "MAX_FILE_BYTES", "decode", "normalise_newlines", "offset_mapper",
           "path_text", "read_bytes", "read_text", "special_kind"]

MAX_FILE_BYTES = 50 * 1024 * 1024   # one input file; larger files are refused


def path_text(path: str | Path) -> str:
    """A path as text that can be stored and shown: bytes of a file name that are
    not UTF-8 become \\xNN escapes (Python keeps them as lone surrogates)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, refusing pipes and devices (reading one could block
    forever or never end) and files over the size limit, before reading."""
    try:
        info = os.stat(path)
        kind = special_kind(info.st_mode)
        if kind:
            raise InputError(f"{path_text(path)}: is {kind}, not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(f"{path_text(path)}: file is {info.st_size:,} bytes, over the "
                             f"{MAX_FILE_BYTES:,}-byte limit per file")
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise InputError(f"{path_text(path)}: cannot read ({e.strerror})") from e
    if len(data) > MAX_FILE_BYTES:                  # it grew since stat
        raise InputError(f"{path_text(path)}: file is over the {MAX_FILE_BYTES:,}-byte "
                         "limit per file")
    return data


def read_text(path: Path) -> tuple[str, list[str]]:
    """A text file decoded as `decode` does; returns (text, warnings). The bytes are
    dropped as soon as they are decoded."""
    return decode(read_bytes(path), path_text(path))


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets never depend on the source's line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def offset_mapper(text: str):
    """Map code-point offsets in `text` to offsets in normalise_newlines(text).

    Spans given against CRLF text (JSONL with "\r\n" inside) keep pointing at the
    same characters once the CR of each CRLF is dropped.
    """
    removed = [m.start() for m in re.finditer("\r\n", text)]
    if not removed:
        return lambda offset: offset
    return lambda offset: offset - bisect_left(removed, offset) if type(offset) is int else offset


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode a text file's bytes; returns (text, warnings). Raises InputError."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name}: file is {len(data):,} bytes, over the "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit per file")
    warnings: list[str] = []
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: not valid {encoding} despite its byte order mark "
                                 f"(byte {e.start + len(bom)})") from e
            break
    else:
        if b"\x00" in data:
            raise InputError(f"{name}: binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = _detected(data, name)
            warnings.append(f"{name}: not UTF-8; decoded as {encoding}")
    if _looks_binary(text):
        raise InputError(f"{name}: binary file (mostly control characters), not text")
    if not text or text.isspace():                # no stripped copy of a big file
        raise InputError(f"{name}: empty file (no text)")
    return text, warnings


def _detected(data: bytes, name: str) -> tuple[str, str]:
    """Text that is not UTF-8: charset-normalizer's guess when it reads letters of
    another script (GBK Chinese, Windows-1251 Russian, ...), else cp1252: a short
    Western text is ambiguous among the Latin code pages, and cp1252 is what
    Western outlets' legacy files are."""
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        text = str(best)
        if _other_script(text):
            return text, f"{best.encoding} (detected)"
    try:
        return data.decode("cp1252"), "cp1252 (Windows Latin-1)"
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: undecodable text (not UTF-8, UTF-16, cp1252 or an "
                         f"encoding charset-normalizer recognises; byte 0x{data[e.start]:02x} "
                         f"at {e.start})") from e


def _other_script(text: str) -> bool:
    """Most letters of the first 20,000 characters are not Latin."""
    letters = [c for c in text[:20_000] if c.isalpha()]
    other = sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "LATIN"))
    return bool(letters) and other * 2 > len(letters)


# C0 controls other than \t\n\v\f\r. In UTF-8 each is one byte that no other
# character's encoding contains, so counting these bytes counts the characters.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20)])


def _looks_binary(text: str) -> bool:
    head = text[:4096]
    sample = head.encode("utf-8", "surrogatepass")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in sample or controls > max(8, len(head) // 20)
