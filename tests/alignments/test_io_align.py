"""Pre-split aligner input: documents separated by blank lines, and the parallel checks."""

import pytest

from alignments import AlignmentError
from alignments.io import check_parallel, split_documents


def test_blank_lines_separate_documents_and_extra_blanks_are_tolerated():
    assert split_documents("a\nb\n\nc\n") == [["a", "b"], ["c"]]
    assert split_documents("\n\na\n\n\n\nb\n\n") == [["a"], ["b"]]


def test_parallel_checks_name_counts_and_document():
    with pytest.raises(AlignmentError, match="SOURCE has 1 documents but TARGET has 2"):
        check_parallel([["a"]], [["x"], ["y"]])
    with pytest.raises(AlignmentError, match="MT has 2 documents but SOURCE has 1"):
        check_parallel([["a"]], [["x"]], [["m"], ["n"]])
    with pytest.raises(AlignmentError, match="document 1: MT has 2 lines but SOURCE has 1"):
        check_parallel([["a"]], [["x"]], [["m", "n"]])
    check_parallel([["a"]], [["x", "y"]], [["m"]])
