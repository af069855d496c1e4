"""Mutations of the tiny trust (:mod:`bad_inputs.trust`): each returns a function that edits
the dict of files in place, so a corpus case is the valid trust plus one of these."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

import pandas as pd

from bad_inputs.trust import trust_files, write_trust

Files = dict[str, "bytes | None"]


def replace(rel: str, old: str, new: str) -> Callable[[Files], None]:
    """Replace the first ``old`` in file ``rel`` (which must contain it: a case must mutate something)."""
    def mutate(files: Files) -> None:
        text = files[rel].decode("utf-8")
        assert old in text, (rel, old)
        files[rel] = text.replace(old, new, 1).encode("utf-8")
    return mutate


def replace_all(rel: str, old: str, new: str) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        files[rel] = files[rel].decode("utf-8").replace(old, new).encode("utf-8")
    return mutate


def append(rel: str, line: str) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        files[rel] += (line + "\n").encode("utf-8")
    return mutate


def set_bytes(rel: str, data: bytes | None) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        files[rel] = data
    return mutate


def header_only(rel: str) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        files[rel] = files[rel].split(b"\n", 1)[0] + b"\n"
    return mutate


def drop_column(rel: str, column: str) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        frame = pd.read_csv(io.BytesIO(files[rel]), dtype=str, keep_default_na=False)
        files[rel] = frame.drop(columns=column).to_csv(index=False, lineterminator="\n").encode("utf-8")
    return mutate


def empty_year(year: int) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        for rel in [r for r in files if r.startswith(f"{year}/")]:
            files[rel] = None
    return mutate


def xlsx_bytes() -> bytes:
    """The start of a real .xlsx: a zip archive (PK\\x03\\x04) holding the workbook parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
    return buffer.getvalue()


def make_trust(tmp_path: Path, *mutations: Callable[[Files], None]) -> Path:
    """The tiny trust with ``mutations`` applied, written to ``tmp_path/trust``."""
    files = trust_files()
    for mutate in mutations:
        mutate(files)
    return write_trust(tmp_path / "trust", files)
