"""Hardening, round two (issue 23): one regression per finding, each failing before its fix.

Bad inputs tried: wrong passwords for the owner's name from one address and from many."""

from __future__ import annotations


def attempt(app, address: str, username: str, password: str, cookies=None):
    """One login from `address` (a fresh browser, or one that carries `cookies`)."""
    browser = app.test_client()
    for name, value in (cookies or {}).items():
        browser.set_cookie(name, value)
    response = browser.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response, browser


# --- 4. a stranger cannot lock the organiser out ----------------------------------------


def test_a_stranger_guessing_from_one_address_does_not_lock_the_owner_out(app, organiser):
    stranger = [attempt(app, "192.0.2.66", "anna", f"wrong {i}")[0].status_code for i in range(8)]
    assert stranger == [401] * 5 + [429] * 3
    owner, _browser = attempt(app, "192.0.2.10", "anna", "correct horse")
    assert owner.status_code == 302


def test_a_guesser_spread_over_many_addresses_is_slowed_but_the_owners_laptop_gets_in(
    app, organiser
):
    _first, laptop = attempt(app, "192.0.2.10", "anna", "correct horse")
    trusted = {c.key: c.value for c in laptop._cookies.values() if c.key.startswith("cafe_")}
    assert trusted, "a successful login marks the laptop as known"
    answers = [
        attempt(app, f"198.51.100.{i // 2}", "anna", f"wrong {i}")[0].status_code for i in range(40)
    ]
    allowed = answers.count(401)
    assert allowed < 40 and answers[-5:] == [429] * 5  # slowed: the name is closed to strangers
    assert attempt(app, "203.0.113.9", "anna", "correct horse")[0].status_code == 429
    owner, _browser = attempt(app, "192.0.2.10", "anna", "correct horse", trusted)
    assert owner.status_code == 302
