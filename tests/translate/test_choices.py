import pytest

from translate.choices import parse_names
from translate.errors import TolkaError

KW = dict(unknown=lambda item: f"unknown {item!r}", empty="nothing given")


def test_order_kept_duplicates_and_blanks_dropped():
    assert parse_names(" B,a,,b ", ["a", "b"], **KW) == ["b", "a"]
    assert parse_names(["a", "A"], ["a", "b"], **KW) == ["a"]


def test_unknown_and_empty_raise_the_given_messages():
    with pytest.raises(TolkaError, match="unknown 'c'"):
        parse_names("a,c", ["a"], **KW)
    with pytest.raises(TolkaError, match="nothing given"):
        parse_names(" , ", ["a"], **KW)
