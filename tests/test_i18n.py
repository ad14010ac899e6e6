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


def test_no_italian_message_is_fuzzy_or_left_in_english():
    """A fuzzy entry is not used by gettext, and an msgstr equal to a long English msgid
    was never translated (short ones such as "Idea" or "Markdown" are the same words)."""
    messages = _messages()
    assert [m.id for m in messages if m.fuzzy] == []
    same = [m.id for m in messages if m.id == m.string and len(str(m.id).split()) > 2]
    assert same == []


# Words of the English interface that Italian text may hold all the same: names and the
# language switch, shown in its own language (lang="en").
ALLOWED = {"café", "english", "world", "wall", "markdown", "word"}
WORD = re.compile(r"[^\W\d_]{3,}")


def _english_only_words() -> set[str]:
    """Words of the English msgids that no Italian msgstr uses: on an Italian page they
    can only come from a string that was not translated (or not marked for it)."""
    english, italian = set(), set()
    for message in _messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            english |= {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}
        for text in strings:
            italian |= {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}
    return english - italian - ALLOWED


def _values(data) -> list[str]:
    """The strings of a JSON object (its keys are code, not text)."""
    if isinstance(data, dict):
        return [text for value in data.values() for text in _values(value)]
    return [data] if isinstance(data, str) else []


def _shown_words(html: str) -> set[str]:
    """Words a person sees or hears: text, labels for screen readers, and the strings that
    pages hand to their JavaScript (data-i18n); nothing inside lang="en" elements."""
    import json
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("script", "style") or attrs.get("lang") == "en":
                self.skip += 1
                return
            for name in ("aria-label", "title", "placeholder", "alt"):
                found.append(attrs.get(name) or "")
            if attrs.get("data-i18n"):
                found.extend(_values(json.loads(attrs["data-i18n"])))

        def handle_endtag(self, tag):
            if self.skip and tag in ("script", "style", "a"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                found.append(data)

    Reader().feed(html)
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", " ".join(found)))}


def test_no_page_shows_an_english_word_to_an_italian_user(app, logged_in):
    from cafe.services.demo import load_reference_scenario

    with app.test_request_context():
        event = load_reference_scenario(with_notes=True)
        event_id, join, wall = event.id, event.join_token, event.wall_token
        host = event.tables[0].host_token
    phone = app.test_client()
    door = phone.get(f"/j/{join}?q=giordano&lang=it").get_data(as_text=True)
    person = phone.post(f"/j/{join}?lang=it", data={"name": "Persona Nuova"}).location
    seat = phone.get(person + "?lang=it").get_data(as_text=True)
    pages = [
        "/o/",
        "/o/events/new",
        f"/o/events/{event_id}",
        f"/o/events/{event_id}/print",
        f"/o/events/{event_id}/seating/",
        f"/o/events/{event_id}/seating/desk",
        f"/o/events/{event_id}/run/",
        f"/o/events/{event_id}/run/desk",
        f"/o/events/{event_id}/run/replan",
        f"/o/events/{event_id}/photos",
        f"/o/events/{event_id}/privacy/",
        f"/o/events/{event_id}/export/html",
        "/j",
        f"/h/{host}",
        f"/w/{wall}",
        f"/w/{wall}/photos",
        "/no/such/page",
    ]
    english = _english_only_words()
    assert {"round", "harvest", "table", "seating", "the", "your"} <= english
    leaks = {
        name: sorted(_shown_words(html) & english)
        for name, html in (("door", door), ("seat", seat))
    }
    leaks = {name: words for name, words in leaks.items() if words}
    for path in pages:
        response = logged_in.get(path + ("&" if "?" in path else "?") + "lang=it")
        assert response.status_code in (200, 404), path
        words = _shown_words(response.get_data(as_text=True)) & english
        if words:
            leaks[path] = sorted(words)
    # The same check on an English page finds plenty: the word list does catch English.
    assert len(_shown_words(logged_in.get(f"/o/events/{event_id}?lang=en").text) & english) > 20
    logged_in.get("/o/?lang=it")
    logged_in.post("/logout")
    for path in ("/login?lang=it", "/setup/no-such-link?lang=it"):
        words = _shown_words(logged_in.get(path).get_data(as_text=True)) & english
        if words:
            leaks[path] = sorted(words)
    assert leaks == {}


def test_the_language_chosen_survives_login_and_logout(app, client, organiser):
    client.get("/login?lang=it")
    client.post("/login", data={"username": organiser[0], "password": organiser[1]})
    assert "I tuoi eventi" in client.get("/o/").get_data(as_text=True)
    client.post("/logout")
    assert "Accesso per l’organizzazione" in client.get("/login").get_data(as_text=True)
    english = app.test_client()
    english.get("/login?lang=en")
    english.post("/login", data={"username": organiser[0], "password": organiser[1]})
    assert "Your events" in english.get("/o/", headers={"Accept-Language": "it"}).get_data(
        as_text=True
    )


def test_the_language_chosen_survives_the_first_set_up(app, client):
    from cafe.models import Organiser
    from cafe.services.organisers import first_start_link

    with app.test_request_context("/?lang=it"):
        link = first_start_link()
        assert "link da usare una sola volta" in link
        from cafe.extensions import db

        assert db.session.query(Organiser).one().username == "organizzazione"
    path = re.search(r"/setup/\S+", link).group(0)
    page = client.get(path + "?lang=it").get_data(as_text=True)
    assert "Accederai come «organizzazione»" in page
    done = client.post(path, data={"password": "long enough", "confirm": "long enough"})
    assert done.status_code == 302
    assert "I tuoi eventi" in client.get("/o/").get_data(as_text=True)


def test_the_terminal_speaks_cafe_lang_else_the_system_locale():
    from cafe.i18n import terminal_language

    assert terminal_language({"CAFE_LANG": "it", "LANG": "en_GB.UTF-8"}) == "it"
    assert terminal_language({"CAFE_LANG": "EN"}) == "en"
    assert terminal_language({"CAFE_LANG": "fr", "LANG": "it_IT.UTF-8"}) == "it"
    assert terminal_language({"LC_ALL": "en_US.UTF-8", "LANG": "it_IT.UTF-8"}) == "en"
    assert terminal_language({"LC_ALL": "", "LC_MESSAGES": "it_CH", "LANG": "C"}) == "it"
    assert terminal_language({"LANG": "C.UTF-8"}) == "en"
    assert terminal_language({}) == "en"


def test_cafe_run_prints_its_banner_in_italian_under_an_italian_locale(tmp_path):
    from tests.servers import make_server

    server = make_server(tmp_path / "it", CAFE_LANG="", LANG="it_IT.UTF-8", LC_ALL="")
    server.start()
    try:
        log = server.log.read_text()
    finally:
        server.stop()
    assert "Café è in funzione." in log and "Telefoni sulla rete della sala:" in log
    assert "Organizzazione:" in log and "link da usare una sola volta" in log
    assert "running" not in log and "Organiser" not in log
