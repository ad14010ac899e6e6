"""The floor Café is measured against in bench/fanout.py: a bare Flask-SocketIO server on
gevent with Café's rooms and push pattern, and everything in memory (no database, no
templates, no checks beyond the token). Started by bench/serve_stats.py.

Screens connect with `auth = {role, token}` as they do to Café; `sync`, `note:add` and
`clock` answer with the same shapes a phone needs; a note is pushed to the walls, the
organiser and its table, a round change to everyone at the event. The pushes carry the
fields Café's do (a note's 15, a round's 15, with the questions), so both servers put
the same bytes on the wire: a round push of 100 bytes instead of 400 reached a thousand
phones 30-40 % sooner, on either server.
"""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, request
from flask_socketio import SocketIO, join_room

EVENT = 1


def build(tokens: dict) -> tuple[Flask, SocketIO]:
    """The bare app for the screens listed in `tokens` (as bench/fanout.py prepares them)."""
    app = Flask("bare")
    io = SocketIO(app, async_mode="gevent", ping_interval=10, ping_timeout=10)
    state = {"seq": 0, "round": {"phase": "checkin", "round": 1}, "notes": []}
    questions = tokens["questions"]
    who: dict[str, dict] = {}
    hosts = {t: int(table) for t, table in tokens["hosts"].items()}
    people = {t: (pid, seats) for t, (pid, seats) in tokens["participants"].items()}

    def push(kind: str, data: dict, rooms: list[str]) -> dict:
        state["seq"] += 1
        message = {"seq": state["seq"], "kind": kind, "data": data}
        io.emit("change", message, to=rooms)
        return message

    @io.on("connect")
    def connect(auth=None):
        auth = auth if isinstance(auth, dict) else {}
        role, token = auth.get("role"), auth.get("token")
        if role == "wall" and token == tokens["wall"]:
            rooms = [f"wall:{EVENT}"]
        elif role == "host" and token in hosts:
            rooms = [f"table:{hosts[token]}", f"event:{EVENT}"]
        elif role == "participant" and token in people:
            rooms = [f"participant:{people[token][0]}", f"event:{EVENT}"]
        elif role == "organiser":
            rooms = [f"organiser:{EVENT}"]
        else:
            return False
        who[request.sid] = {"role": role, "token": token}
        for room in rooms:
            join_room(room)
        return True

    @io.on("disconnect")
    def disconnect(_reason=None):
        who.pop(request.sid, None)

    @io.on("sync")
    def sync(data=None):
        me = who.get(request.sid)
        reply = {"ok": True, "round": state["round"], "last_seq": state["seq"]}
        if me["role"] == "participant":
            reply["seats"] = people[me["token"]][1]
            reply["published"] = True
        elif me["role"] == "wall":
            reply["snapshot"] = state["notes"][-200:]
        elif me["role"] == "host":
            table = hosts[me["token"]]
            reply["notes"] = [n for n in state["notes"] if n["table"] == table][-50:]
        return reply

    @io.on("note:add")
    def note_add(data=None):
        me = who.get(request.sid)
        table = hosts[me["token"]]
        seq = state["seq"] + 1
        note = {
            "uuid": data["uuid"], "seq": seq, "created_seq": seq, "id": seq, "table": table,
            "round": data.get("round", 1), "kind": data["kind"], "text": data["text"],
            "created_at": datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z",
            "edited": False, "deleted": False, "starred": False, "tags": [], "hidden": False,
            "pending": False,
        }  # fmt: skip
        state["notes"].append(note)
        message = push("note", note, [f"wall:{EVENT}", f"organiser:{EVENT}", f"table:{table}"])
        return {"ok": True, "uuid": note["uuid"], "seq": message["seq"], "note": note}

    @io.on("clock")
    def clock(data=None):
        action = (data or {}).get("action")
        number = state["round"]["round"]
        if action == "end":
            phase, seated = "moving", number + 1
        else:
            number = number + 1 if state["round"]["phase"] == "moving" else number
            phase, seated = "round", number
        now = datetime.now(UTC)
        ends = (now + timedelta(minutes=20)).isoformat() if phase == "round" else None
        state["round"] = {
            "phase": phase, "round": number, "state": "running" if ends else "ended",
            "round_count": len(questions), "finished": False, "paused": False,
            "seconds_left": 1200.0 if ends else None, "ends_at": ends, "time_up": False,
            "question": questions[(number - 1) % len(questions)], "seated_round": seated,
            "seated_question": questions[(seated - 1) % len(questions)],
            "note_round": number, "can_go_back": True, "server_now": now.isoformat(),
        }  # fmt: skip
        rooms = [f"wall:{EVENT}", f"organiser:{EVENT}", f"event:{EVENT}"]
        push("round", state["round"], rooms)
        return {"ok": True, "round": state["round"]}

    @io.on("time")
    def time_(_data=None):
        return {"ok": True, "server_now": datetime.now(UTC).isoformat()}

    return app, io


def serve(port: int, tokens_path: Path) -> int:
    """Serve the bare app on 127.0.0.1:`port` the way `cafe run` serves Café (gevent,
    WebSocket handler, TCP_NODELAY)."""
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    app, _io = build(json.loads(tokens_path.read_text()))

    class NoDelayHandler(WebSocketHandler):
        def __init__(self, sock, *args, **kwargs):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().__init__(sock, *args, **kwargs)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)
    pywsgi.WSGIServer(listener, app, handler_class=NoDelayHandler, log=None).serve_forever()
    return 0
