"""Hardening regressions (issue 13), one test per hole that was found.

Bad inputs tried: `next` with a tab, a backslash, an encoded slash or a scheme; socket
calls with no argument, several arguments, a role sent as a list, `since: true`, a lone
surrogate in a note and deeply nested JSON; imports nested too deep, with a 5,000-digit
integer, a `\\ud800` escape, an over-long CSV field, CR line endings and too many rows."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "/\t/evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/%2F/evil.example/",
        "/%5C/evil.example/",
        "/%252F/evil.example/",
        "https://evil.example/",
        "//evil.example/",
        "/\n/evil.example",
    ],
)
def test_login_never_redirects_off_site(client, organiser, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "anna", "password": "correct horse"},
    )
    assert response.status_code == 302 and response.location == "/o/"


def test_login_still_returns_to_a_page_of_this_site(client, organiser, make_event):
    event_id = make_event()
    response = client.post(
        "/login",
        query_string={"next": f"/o/events/{event_id}?lang=en"},
        data={"username": "anna", "password": "correct horse"},
    )
    assert response.location == f"/o/events/{event_id}?lang=en"
