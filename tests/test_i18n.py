"""Italian and English: the catalogue is complete, its placeholders match, it is compiled
by the install, and pages follow the switch, the event's language and the browser."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parent.parent / "cafe" / "translations" / "it" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _messages():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_every_message_has_an_italian_translation():
    missing = [
        m.id
        for m in _messages()
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ]
    assert missing == []


def test_translations_keep_every_placeholder():
    for message in _messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted | {"%(num)d"}, (message.id, text)
            assert wanted - {"%(num)d"} <= set(PLACEHOLDER.findall(text)), (message.id, text)


def test_the_install_compiled_the_catalogue_from_the_current_po():
    """The .mo is not in git: `pip install -e .` (make install) compiles it. A stale or
    missing one silently shows English, so compare it with the .po message by message."""
    from babel.messages.mofile import read_mo

    def as_tuple(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    def key(message):
        return as_tuple(message.id), as_tuple(message.string)

    with (CATALOGUE / "messages.mo").open("rb") as handle:
        compiled = dict(key(m) for m in read_mo(handle) if m.id)
    assert compiled == dict(key(m) for m in _messages()), "run `make install` again"


def test_the_switch_the_event_and_the_browser_choose_the_language(app, client, make_event):
    from cafe.extensions import db
    from cafe.models import Event

    with app.app_context():
        join = db.session.get(Event, make_event(language="it")).join_token
    assert "Il tuo nome" in client.get(f"/j/{join}").get_data(as_text=True)
    english = client.get(f"/j/{join}?lang=en").get_data(as_text=True)
    assert "Your name" in english and '<html lang="en">' in english
    assert "Your name" in client.get(f"/j/{join}").get_data(as_text=True)  # remembered
    fresh = app.test_client()
    page = fresh.get("/j", headers={"Accept-Language": "it-IT,it;q=0.9,en;q=0.5"})
    assert "Partecipa" in page.get_data(as_text=True) or 'lang="it"' in page.get_data(as_text=True)
