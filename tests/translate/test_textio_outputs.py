"""Outputs: only regular files are replaced (temp file + rename); links, FIFOs, devices and ``-``
are written through; new files get the umask's mode, replaced files keep theirs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.translate.export.test_export_common import make_document
from translate.cli import main
from translate.export import export_document
from translate.textio import write_output

#: the bundled example, translated from its bundled memory
FIRST = "Electric commuter boats"
EXAMPLE_MEMORY = Path(__file__).resolve().parents[2] / "translate" / "data" / "example.memory.tsv"
EXAMPLE_ARGS = ["--memory", str(EXAMPLE_MEMORY), "--model", "tolka-tests/no-such-model"]


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _translate(capsys, *argv):
    code = main(["translate", *EXAMPLE_ARGS, *[str(a) for a in argv]])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_a_symlink_keeps_being_a_link_and_its_target_gets_the_output(tmp_path, capsys):
    target = tmp_path / "real" / "english.txt"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    _translate(capsys, "-o", link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith(FIRST)
    assert [p.name for p in target.parent.iterdir()] == ["english.txt"]  # no temp file left beside it


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # The reading end is open before tolka runs, so its write neither blocks nor needs a thread.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        _translate(capsys, "-o", fifo)
        got = b""
        while chunk := os.read(reader, 1 << 16):
            got += chunk
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got.decode("utf-8").startswith(FIRST)


def test_a_character_device_is_written_through_not_replaced(tmp_path, capsys):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, as root may make it
    except (PermissionError, AttributeError):
        null = "/dev/null"  # not root: nobody here could replace /dev/null anyway, but it must still work
    before = os.stat(null)
    _translate(capsys, "-o", null)
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_dash_means_standard_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = _translate(capsys, "-o", "-")
    assert out.startswith(FIRST) and not (tmp_path / "-").exists()


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path, capsys, umask_022):
    new = tmp_path / "new.txt"
    _translate(capsys, "-o", new)
    assert _mode(new) == 0o644  # readable by the web server and colleagues, like any program's output
    kept = tmp_path / "kept.txt"
    kept.write_text("old\n", encoding="utf-8")
    os.chmod(kept, 0o640)
    _translate(capsys, "-o", kept)
    assert _mode(kept) == 0o640 and kept.read_text(encoding="utf-8").startswith(FIRST)
    os.umask(0o077)
    private = tmp_path / "private.txt"
    write_output(private, b"x")
    assert _mode(private) == 0o600  # the umask decides, not tolka


def test_exports_and_batch_outputs_follow_the_umask(tmp_path, umask_022):
    for path in export_document(make_document(), ["html", "tmx", "xliff", "tsv", "jsonl"], tmp_path / "exp"):
        assert _mode(path) == 0o644, path
    from translate.batch import run_batch
    from translate.memory import Memory

    src = tmp_path / "in" / "2024" / "maj"
    src.mkdir(parents=True)
    (src / "article.sv.txt").write_text("Det regnar.\n", encoding="utf-8")
    out = tmp_path / "out"
    run_batch(tmp_path / "in", out, memory=Memory.from_pairs([("Det regnar.", "It is raining.")]), jobs=1)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"translation.en.txt", "document.json", "article.html", "manifest.json", "summary.json", "index.html"}
    assert {str(p.relative_to(out)): _mode(p) for p in files} == {str(p.relative_to(out)): 0o644 for p in files}
    for folder in (out, out / "2024", out / "2024" / "maj"):
        assert _mode(folder) == 0o755, folder


def test_an_output_that_cannot_be_written_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    code = main(["translate", *EXAMPLE_ARGS, "-o", str(blocker / "out.txt")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"tolka: error: cannot write {blocker / 'out.txt'}: ")
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"
