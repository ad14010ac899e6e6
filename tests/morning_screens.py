"""A reference morning on a real server, driven through the organiser's and hosts' sockets,
for the browser tests that look at every screen in every phase (sizes, accessibility).

The notes are the reference scenario's (cafe/scenarios/distretto-ceramico/notes.csv) plus
LONG_NOTES: what hosts really type when a table talks for half an hour, one note at the
2,000-character limit, and emoji (written last, so the live view shows it first)."""

from __future__ import annotations

import csv
import re
import uuid
from pathlib import Path

import requests

from tests.servers import organiser_socket, token_of

SCENARIO = Path(__file__).resolve().parent.parent / "cafe" / "scenarios" / "distretto-ceramico"
LONG_NOTES = [
    (
        3,
        "tension",
        "Le associazioni più piccole non hanno nessuno che possa compilare schede e indicatori: "
        "se la valutazione diventa una condizione per i contributi, vincono sempre le stesse "
        "tre cooperative grandi, che hanno un ufficio progetti, e chi lavora davvero nei "
        "quartieri resta fuori. Serve un accompagnamento, non un modulo in più.",
    ),
    (
        7,
        "idea",
        "Chiedere direttamente alle persone che usano i servizi: non solo questionari, ma "
        "interviste brevi, fotografie, storie raccolte dagli stessi volontari, e poi "
        "confrontarle con i numeri dell'anagrafe e dei servizi sociali. I numeri da soli non "
        "dicono se una persona anziana si sente meno sola; le storie da sole non dicono "
        "quante sono. Insieme sì, e si possono raccontare in consiglio comunale.",
    ),
    (
        9,
        "question",
        ("Chi paga la valutazione, e chi la legge davvero? " * 40).strip()[:2000],
    ),
    (
        5,
        "proposal",
        "Un tavolo permanente 🤝 tra Unione, scuole e terzo settore che si riunisca ogni tre "
        "mesi, con i dati sul sito 📊 e una restituzione pubblica ogni anno in piazza.",
    ),
]


def reference_notes() -> list[dict]:
    """The scenario's notes: round, table, kind, text."""
    with (SCENARIO / "notes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Morning:
    """The organiser's socket (with a logged-in cookie) and one host socket per table."""

    def __init__(self, server, links: dict, cookie: str):
        self.server = server
        self.links = links
        self.event_id = int(re.search(r"/events/(\d+)", links["organiser"]).group(1))
        self.organiser = organiser_socket(server, self.event_id, cookie)
        self.hosts: dict[int, object] = {}
        self.uuids: list[str] = []

    def clock(self, action: str) -> None:
        """next, end, finish or close, as the panel's buttons do."""
        reply = self.organiser.call("clock", {"action": action})
        assert reply["ok"], reply

    def host(self, table: int):
        import socketio

        if table not in self.hosts:
            client = socketio.SimpleClient()
            token = token_of(self.links["hosts"][str(table)])
            client.connect(
                self.server.url, auth={"role": "host", "token": token}, transports=["websocket"]
            )
            self.hosts[table] = client
        return self.hosts[table]

    def note(self, table: int, kind: str, text: str, round_no: int, star=False, tags=None) -> str:
        """A host writes a note (and stars or tags it); returns its uuid."""
        client = self.host(table)
        note = {"uuid": str(uuid.uuid4()), "text": text, "kind": kind, "round": round_no}
        reply = client.call("note:add", note)
        assert reply["ok"], reply
        if star or tags:
            marks = {"uuid": note["uuid"], "starred": bool(star), "tags": tags or []}
            assert client.call("note:mark", marks)["ok"]
        self.uuids.append(note["uuid"])
        return note["uuid"]

    def write_round(self, round_no: int, long: bool = True) -> list[str]:
        """The scenario's notes of a round (the first of each table starred), and the long
        ones; returns the starred notes' uuids."""
        starred, seen = [], set()
        rows = [r for r in reference_notes() if int(r["round"]) == round_no]
        for row in rows:
            table = int(row["table"])
            star = table not in seen
            seen.add(table)
            made = self.note(
                table,
                row["kind"],
                row["text"],
                round_no,
                star=star,
                tags=["fiducia"] if star else None,
            )
            if star:
                starred.append(made)
        for table, kind, text in LONG_NOTES if long else []:
            self.note(table, kind, text, round_no)
        return starred

    def view(self, name: str) -> None:
        """Switch every wall to a view, as the panel does."""
        assert self.organiser.call("wall:view", {"view": name, "cycle": 0})["ok"]

    def open_voting(self, dots: int = 3) -> None:
        reply = self.organiser.call("voting", {"action": "open", "dots": dots, "stack": True})
        assert reply["ok"], reply

    def close(self) -> None:
        for client in self.hosts.values():
            client.disconnect()
        self.organiser.disconnect()


def join(server, links: dict, name: str, group: str):
    """A participant joins by the join link (as a phone would); returns a socket client."""
    import socketio

    session = requests.Session()
    form = session.get(links["join"]).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    data = {"name": name, "group": group, **({"csrf_token": csrf[1]} if csrf else {})}
    landed = session.post(links["join"], data=data)
    token = re.search(r"/p/([^/?#]+)", landed.url)
    assert token, landed.text[-2000:]
    client = socketio.SimpleClient()
    client.connect(
        server.url, auth={"role": "participant", "token": token[1]}, transports=["websocket"]
    )
    return client


def cookie_of(page) -> str:
    """The `Cookie` header of a page's session (an organiser logged in through it)."""
    return "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())


def login(page, server, username: str = "anna", password: str = "correct horse") -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
