"""Capability tokens, join codes and text validation (bad inputs tried: empty, blanks only,
non-strings, control characters, too long by one, exactly at the limit)."""

import pytest

from cafe.tokens import (
    CODE_ALPHABET,
    CODE_LENGTH,
    InvalidInput,
    clean_text,
    new_join_code,
    new_token,
    normalise_code,
)


def test_tokens_carry_at_least_128_bits_and_differ():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    # base64url: 6 bits per character
    assert all(len(t) * 6 >= 128 for t in tokens)


def test_join_codes_use_only_unambiguous_characters():
    codes = [new_join_code() for _ in range(200)]
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OI") & set(CODE_ALPHABET)


@pytest.mark.parametrize("typed", ["ab-c 12x", " AB C12X ", "abc12x"])
def test_typed_codes_are_normalised(typed):
    assert normalise_code(typed) == "ABC12X"


def _clean(text, limit=10):
    return clean_text(text, limit=limit, field="f", empty_message="empty", long_message="long")


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None, 42, ["x"], "\x00\x07"])
def test_empty_or_non_text_is_refused(bad):
    with pytest.raises(InvalidInput, match="empty") as info:
        _clean(bad)
    assert info.value.field == "f"


def test_text_at_the_limit_passes_and_one_more_is_refused():
    assert _clean("x" * 10) == "x" * 10
    with pytest.raises(InvalidInput, match="long"):
        _clean("x" * 11)


def test_text_is_trimmed_normalised_and_keeps_newlines():
    decomposed = "Perche\u0301"  # e + combining acute
    assert _clean(f"  {decomposed}\nsi\x07 ", limit=50) == "Perché\nsi"


@pytest.mark.parametrize("raw, number", [("12", 12), (7, 7), ("", -1), ("x", -1), (None, -1)])
def test_form_numbers_parse_or_match_nothing(raw, number):
    from cafe.tokens import parse_int

    assert parse_int(raw) == number
