"""Atomic writes: fsync by default, none inside ``without_fsync`` (the batch's many small files)."""

from __future__ import annotations

import os

import pytest

from translate import textio


@pytest.fixture
def fsyncs(monkeypatch):
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(textio.os, "fsync", counting)
    return calls


def test_atomic_write_fsyncs_by_default(tmp_path, fsyncs):
    textio.write_text_atomic(tmp_path / "a.txt", "å\n")
    textio.write_bytes_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert len(fsyncs) == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "å\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_without_fsync_skips_it_only_inside_the_block(tmp_path, fsyncs):
    with textio.without_fsync():
        textio.write_text_atomic(tmp_path / "a.txt", "inside")
    assert fsyncs == [] and (tmp_path / "a.txt").read_text(encoding="utf-8") == "inside"
    textio.write_text_atomic(tmp_path / "a.txt", "after")
    assert len(fsyncs) == 1 and (tmp_path / "a.txt").read_text(encoding="utf-8") == "after"


def test_without_fsync_is_restored_after_an_error_and_leaves_no_temp_file(tmp_path, fsyncs):
    with pytest.raises(RuntimeError):
        with textio.without_fsync():
            with textio.atomic_writer(tmp_path / "a.txt") as f:
                f.write("half")
                raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []
    textio.write_text_atomic(tmp_path / "a.txt", "whole")
    assert len(fsyncs) == 1


def test_read_lines_keeps_blank_lines_but_not_the_final_newline(tmp_path):
    path = tmp_path / "hyp.txt"
    path.write_text("one\n\nthree\n", encoding="utf-8")
    assert textio.read_lines(path) == ["one", "", "three"]


def test_check_parallel_names_every_count():
    textio.check_parallel(("a.txt", [1, 2]), ("b.txt", "xy"))
    with pytest.raises(textio.TolkaError, match=r"^a.txt has 2 lines but b.txt has 3; give one segment per line"):
        textio.check_parallel(("a.txt", [1, 2]), ("b.txt", "xy"), ("b.txt", "xyz"))
    with pytest.raises(textio.TolkaError, match="the baseline has 1 segments but the document has 2"):
        textio.check_parallel(("the baseline", [1]), ("the document", [1, 2]), unit="segments")
