"""Nothing typed is lost at the desk and on the host's first load (issue 22), in real
Chromium against a real `cafe run` whose socket places are forced down to one, so the
refusals really happen: a screen that finds no place is told "There is a queue: trying
again in 3 seconds" (not that its link no longer works), keeps what was typed, and tries
again by itself after the wait the server named; what it sends lands exactly once.

Bad inputs tried: the desk's socket refused at the Socket.IO connect (CAFE_MAX_PER_ADDRESS=1)
and the host's at the Engine.IO handshake (CAFE_MAX_CONNECTIONS=1, a 401 naming the wait); a
walk-in, a tick and a note sent while refused; a walk-in and a tick whose answers are lost
on the way back (they landed: sent again, each is still done once); a tick on the control
panel answered `busy` (sent again by itself, as `again`); a walk-in with an empty
name (an error next to the field, not retried); the host page itself refused with 503 and
Retry-After (the app's own page, counting down, then loading by itself). Screenshots of the
waiting desk and host page at four sizes go to tests/artifacts/waiting/."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.servers import add_organiser, load_demo, make_server, token_of
from tests.test_accessibility_browser import AXE, AXE_JS, RULES
from tests.test_browser import ARTIFACTS, PHONE, TIMEOUT_MS
from tests.test_door_browser import SIZES

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "waiting"
OVERFLOWING_JS = """() => [...document.querySelectorAll('#desk-list li')]
  .filter((li) => li.querySelector('.person-actions').getBoundingClientRect().right
    > li.getBoundingClientRect().right + 1)
  .map((li) => li.textContent)"""
QUEUE = re.compile(r"C'è la fila: riproviamo tra \d secondi?\.")


def _server(tmp_path, **limits):
    running = make_server(tmp_path / "inst", **limits).start()
    add_organiser(running)
    return running


def _blocker(server, links):
    """A wall's socket holding the one place there is."""
    import socketio

    wall = socketio.SimpleClient()
    wall.connect(
        server.url,
        auth={"role": "wall", "token": token_of(links["wall"])},
        transports=["websocket"],
    )
    return wall


def _handshakes(page) -> list[float]:
    """When the page opened each new Engine.IO session (polling handshakes, no sid yet)."""
    opened: list[float] = []

    def seen(request):
        if "/socket.io/" in request.url and "sid=" not in request.url:
            opened.append(time.monotonic())

    page.on("request", seen)
    return opened


def _shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def _axe_clean(page) -> None:
    """axe-core finds nothing on the page as it is now (the waiting notices shown)."""
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_JS, RULES) == []


def _desk(browser, server, links):
    context = browser.new_context(viewport=SIZES["laptop"], bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(server.url + "/login?lang=it")
    page.fill("#username", "anna")
    page.fill("#password", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url("**/o/**")
    return context, page


@pytest.mark.timeout(240)
def test_a_refused_desk_keeps_the_walk_in_and_adds_it_once_after_the_wait(chromium, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    server = _server(tmp_path, CAFE_MAX_PER_ADDRESS="1")
    try:
        links = load_demo(server, owner="anna")
        wall = _blocker(server, links)
        context, desk = _desk(chromium, server, links)
        opened = _handshakes(desk)
        desk.goto(links["panel"].replace("/run/", "/run/desk") + "?lang=it")
        top = desk.locator("#live-notice")
        expect(top).to_have_text(QUEUE)
        expect(desk.locator("#status")).not_to_have_class(re.compile("online"))
        expect(desk.locator("body")).not_to_contain_text("non funziona più")

        desk.fill("#desk-search", "zanni")
        desk.fill("#walkin-name", "   ")
        desk.click("#walkin-form button[type=submit]")
        here = desk.locator("#desk-notice")
        expect(here).to_contain_text("Nessuna connessione: riproviamo tra")
        desk.fill("#walkin-name", "Nadia Nuova")
        desk.select_option("#walkin-group", index=2)
        group = desk.input_value("#walkin-group")
        desk.click("#walkin-form button[type=submit]")  # replaces the empty one that waits
        desk.screenshot(path=str(SHOTS / "desk-waiting-1366x768.png"))
        _shots(desk, "desk-waiting")
        desk.set_viewport_size(SIZES["phone"])
        assert desk.evaluate(OVERFLOWING_JS) == []  # every row's buttons within the phone
        desk.set_viewport_size(SIZES["laptop"])
        assert desk.input_value("#walkin-name") == "Nadia Nuova"
        assert desk.input_value("#walkin-group") == group
        assert desk.input_value("#desk-search") == "zanni"
        _axe_clean(desk)

        wall.disconnect()  # the place comes free
        expect(desk.locator("#status.online")).to_be_visible(timeout=15_000)
        expect(top).to_be_hidden()
        expect(desk.locator("#walkin-done")).to_have_text(
            "Presenza di Nadia Nuova registrata.", timeout=15_000
        )
        expect(desk.locator("#e-walkin-name")).to_be_hidden()  # the empty name was replaced
        expect(desk.locator("#desk-notice")).to_be_hidden()
        desk.fill("#desk-search", "nadia")
        expect(desk.locator("#desk-list li")).to_have_count(1)
        gaps = [b - a for a, b in zip(opened, opened[1:], strict=False)]
        # The wait named, no hammering. One quick second attempt (about 0.5 s, the client
        # library's own reconnection delay) sometimes comes before the refusal's wait takes
        # hold: seen in half of the runs on the final clean-clone CI, not yet explained
        # (named in the session's note); every attempt after it waits the named 3 s.
        assert gaps and sum(gap < 2.9 for gap in gaps) <= 1, gaps
        assert all(gap >= 0.2 for gap in gaps) and all(gap >= 2.9 for gap in gaps[1:]), gaps

        desk.fill("#walkin-name", "")
        desk.click("#walkin-form button[type=submit]")
        expect(desk.locator("#e-walkin-name")).to_be_visible()  # bad input: said, not retried
        expect(desk.locator("#desk-notice")).to_be_hidden()
        context.close()
    finally:
        server.stop()


@pytest.mark.timeout(240)
def test_a_walk_in_and_a_tick_whose_answers_are_lost_land_once(chromium, live_server):
    """The server's acknowledgements of the first walk-in and the first tick never reach the
    desk (dropped on the WebSocket): the desk waits, says so, sends each again, and the
    server finds the work done (the walk-in's key, the tick's `again`)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    server = live_server
    links = load_demo(server, owner="anna")
    context, desk = _desk(chromium, server, links)
    sent: list[str] = []
    asked: dict[str, str] = {}  # ack id -> the event it answers
    dropped: list[str] = []

    def relay(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            event = isinstance(message, str) and re.match(r"42(\d+)\[\"(walkin|checkin)\"", message)
            if event:
                sent.append(message)
                asked[event[1]] = event[2]
            upstream.send(message)

        def from_server(message):
            ack = isinstance(message, str) and re.match(r"43(\d+)\[", message)
            what = asked.get(ack[1]) if ack else None
            if what and what not in dropped:
                dropped.append(what)  # the first answer to each is lost on the way back
                return
            ws.send(message)

        ws.on_message(from_page)
        upstream.on_message(from_server)

    desk.route_web_socket(re.compile(r".*/socket\.io/.*"), relay)
    desk.goto(links["panel"].replace("/run/", "/run/desk") + "?lang=it")
    desk.wait_for_selector("#status.online")
    desk.wait_for_timeout(500)  # the upgrade to the WebSocket

    desk.fill("#walkin-name", "Bruno Perso")
    desk.click("#walkin-form button[type=submit]")
    expect(desk.locator("#desk-notice")).to_have_text(QUEUE, timeout=15_000)
    assert desk.input_value("#walkin-name") == "Bruno Perso"
    expect(desk.locator("#walkin-done")).to_have_text(
        "Presenza di Bruno Perso registrata.", timeout=15_000
    )
    desk.fill("#desk-search", "bruno perso")
    expect(desk.locator("#desk-list li")).to_have_count(1)

    desk.fill("#desk-search", "zanni")
    desk.get_by_role("button", name="Segna presente: Sara Zanni").click()
    expect(desk.locator("#desk-notice")).to_have_text(QUEUE, timeout=15_000)
    expect(desk.locator("#desk-list li", has_text="Sara Zanni")).to_contain_text(
        "presente", timeout=15_000
    )
    expect(desk.locator("#desk-notice")).to_be_hidden(timeout=15_000)  # sent again, answered
    expect(desk.locator("#desk-error")).to_be_hidden()  # not "Sara Zanni is already checked in"
    expect(desk.locator("#arrived-count")).to_have_text("2")
    walkins = [json.loads(m[m.index("[") :])[1] for m in sent if '"walkin"' in m]
    assert len(walkins) == 2 and walkins[0]["key"] == walkins[1]["key"]
    assert [w.get("again") for w in walkins] == [None, True]
    assert dropped == ["walkin", "checkin"]
    ticks = [json.loads(m[m.index("[") :])[1] for m in sent if '"checkin"' in m]
    assert [t.get("again") for t in ticks] == [None, True]
    context.close()


def _look_at_the_refused_page(context, link: str, refused) -> None:
    """Screenshots and axe of the 503 page, its countdown held still (no timers run)."""
    from playwright.sync_api import expect

    page = context.new_page()
    page.add_init_script("window.setInterval = () => 0;")
    page.route(
        link.split("?")[0] + "*",
        lambda route: route.fulfill(
            status=503, content_type="text/html; charset=utf-8", body=refused.get_data()
        ),
    )
    page.goto(link)
    expect(page.locator("#retry-notice")).to_have_text(QUEUE)
    _shots(page, "host-page-refused")
    _axe_clean(page)
    page.close()


@pytest.mark.timeout(240)
def test_the_hosts_first_load_waits_its_turn_and_its_note_lands_once(
    chromium, tmp_path, app, client, monkeypatch
):
    """The host page is refused with the app's own 503 page (rendered by the same code in
    this process), which counts down and loads by itself; then its socket finds the one
    place taken (an Engine.IO 401 naming the wait), and the note typed meanwhile is sent
    once the place comes free."""
    from playwright.sync_api import expect

    from cafe.services import events as event_service
    from tests.test_busy import _pool_timeout

    expect.set_options(timeout=TIMEOUT_MS)
    with monkeypatch.context() as patch:
        patch.setattr(event_service, "table_by_host", _pool_timeout)
        refused = client.get("/h/anything?lang=it")
    assert refused.status_code == 503
    server = _server(tmp_path, CAFE_MAX_CONNECTIONS="1")
    try:
        links = load_demo(server)
        wall = _blocker(server, links)
        context = chromium.new_context(bypass_csp=True, **PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        loads: list[float] = []

        def first_refused(route):
            loads.append(time.monotonic())
            if len(loads) > 1:
                return route.continue_()
            return route.fulfill(
                status=503,
                headers={"Retry-After": refused.headers["Retry-After"]},
                content_type="text/html; charset=utf-8",
                body=refused.get_data(),
            )

        host_link = links["hosts"]["1"] + "?lang=it"
        _look_at_the_refused_page(context, host_link, refused)
        page.route(re.compile(r".*/h/[^/?]+(\?.*)?$"), first_refused)
        page.goto(host_link)
        expect(page.locator("#retry-notice")).to_have_text(QUEUE)
        expect(page.locator("h1")).to_have_text("Un attimo di pazienza: stanno arrivando in tanti")
        page.wait_for_selector("#host-app", timeout=15_000)
        assert len(loads) == 2 and loads[1] - loads[0] >= 2.9

        opened = _handshakes(page)
        expect(page.locator("#live-notice")).to_have_text(QUEUE)
        expect(page.locator("#replaced-card")).to_be_hidden()  # not "this link was replaced"
        page.fill("#note-text", "Una nota scritta in fila")
        page.click("#note-form button[type=submit]")
        _shots(page, "host-waiting")
        _axe_clean(page)
        page.set_viewport_size(PHONE["viewport"])
        wall.disconnect()
        expect(page.locator("#status.online")).to_be_visible(timeout=15_000)
        expect(page.locator("#live-notice")).to_be_hidden()
        note = page.locator(".note", has_text="Una nota scritta in fila")
        expect(note).to_have_count(1)
        expect(note).to_contain_text("salvata", timeout=15_000)
        gaps = [b - a for a, b in zip(opened, opened[1:], strict=False)]
        assert all(gap >= 2.9 for gap in gaps), gaps
        page.reload()
        page.wait_for_selector("#status.online")
        expect(page.locator(".note", has_text="Una nota scritta in fila")).to_have_count(1)
        context.close()
    finally:
        server.stop()


@pytest.mark.timeout(240)
def test_a_tick_on_the_control_panel_answered_busy_goes_again_by_itself(chromium, live_server):
    """The panel's first tick is answered `busy` (as the server does when no database
    connection came free: nothing written); the panel says so, sends it again after the
    named wait as `again`, and the person is shown arrived. Before, the panel said "trying
    again in a moment" and never did."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    links = load_demo(live_server, owner="anna")
    context, panel = _desk(chromium, live_server, links)
    ticks: list[dict] = []
    busy = {"ok": False, "busy": True, "retry_after": 1, "error": "Occupato: riproviamo."}

    def relay(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            tick = isinstance(message, str) and re.match(r"42(\d+)(\[\"checkin\".*)", message)
            if tick:
                ticks.append(json.loads(tick[2])[1])
                if len(ticks) == 1:  # the first is answered busy, as a pool timeout is
                    ws.send(f"43{tick[1]}" + json.dumps([busy]))
                    return
            upstream.send(message)

        ws.on_message(from_page)
        upstream.on_message(ws.send)

    panel.route_web_socket(re.compile(r".*/socket\.io/.*"), relay)
    panel.goto(links["panel"] + "?lang=it")
    panel.wait_for_selector("#status.online")
    panel.wait_for_timeout(500)  # the upgrade to the WebSocket
    panel.fill("#people-search", "zanni")
    panel.get_by_role("button", name=re.compile("Segna presente.*Sara Zanni")).click()
    expect(panel.locator("#control-error")).to_have_text("Occupato: riproviamo.")
    row = panel.locator("#people-list li", has_text="Sara Zanni")
    expect(row).to_contain_text("presente", timeout=15_000)
    expect(panel.locator("#control-error")).to_be_hidden()
    assert [t.get("again") for t in ticks] == [None, True]
    assert ticks[0]["participant_id"] == ticks[1]["participant_id"]
    context.close()


@pytest.mark.timeout(240)
def test_a_phone_refused_a_place_says_there_is_a_queue_and_comes_in_after_it(chromium, tmp_path):
    """A participant's phone whose socket finds no free place reads "There is a queue:
    trying again in 3 seconds" on its seat page (before, it only showed a status word) and
    connects by itself once a place is free."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    server = _server(tmp_path, CAFE_MAX_PER_ADDRESS="1")
    try:
        links = load_demo(server, owner="anna")
        wall = _blocker(server, links)
        context = chromium.new_context(**PHONE, bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        phone = context.new_page()
        phone.goto(links["join"] + "?lang=it")
        phone.fill("#name", "Nadia Nuova")
        phone.click("form.card button[type=submit]")
        phone.wait_for_url(re.compile(r"/p/"))
        notice = phone.locator("#live-notice")
        expect(notice).to_have_text(QUEUE)
        expect(phone.locator("body")).not_to_contain_text("non funziona più")
        _shots(phone, "phone-waiting")
        _axe_clean(phone)
        wall.disconnect()  # the place comes free
        expect(phone.locator("#status.online")).to_be_visible(timeout=15_000)
        expect(notice).to_be_hidden()
        context.close()
    finally:
        server.stop()
