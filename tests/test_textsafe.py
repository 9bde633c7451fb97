"""Terminal output: control characters become visible escapes; JSON stays JSON."""

from __future__ import annotations

import json

from aligner.textsafe import for_terminal, json_for_terminal


def test_controls_become_visible_and_text_stays():
    assert for_terminal("été « ok » 東京 😀 a\\b") == "été « ok » 東京 😀 a\\b"
    assert for_terminal("\x1b]0;title\x07") == "\\x1b]0;title\\x07"
    assert for_terminal("a\nb\tc\r") == "a\\nb\\tc\\r"
    assert for_terminal("a\nb\tc", keep_newlines=True) == "a\nb\tc"
    assert (
        for_terminal("\x00\x7f\x85\x9b\u202e\u2066\u2028\udc80") == "\\x00\\x7f\\x85\\x9b\\u202e\\u2066\\u2028\\udc80"
    )
    assert for_terminal("\x1b[2J", keep_newlines=True) == "\\x1b[2J"


def test_json_for_terminal_parses_back_to_the_same_value():
    value = [{"src": "\x1b[31mrouge\x9b\u202e\udc80\n", "n": 1}]
    text = json_for_terminal(value)
    assert not any(c in text for c in ("\x1b", "\x9b", "\u202e", "\udc80"))
    assert json.loads(text) == value
