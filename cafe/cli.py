"""The `cafe` command: run, demo, create-organiser.

gevent must patch the standard library before Flask, SQLAlchemy or psycopg are imported
(ARCHITECTURE.md, trap 1), so this module patches first and imports the rest inside.
"""

import os

# Before gevent is imported: a greenlet spawned by a socket's keep-alive or a message
# would otherwise copy its spawner's stack, a heap of young objects per ping.
os.environ.setdefault("GEVENT_TRACK_GREENLET_TREE", "0")

from gevent import monkey  # noqa: E402

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

from cafe.i18n import cli_translations, terminal_language  # noqa: E402
from cafe.memory import settle_memory  # noqa: E402


def speak(language: str) -> None:
    """Make this module's `_` and argparse's own words ("usage:", "options", its errors)
    speak `language`: the command's help and messages are read before any app exists."""
    global _
    words = cli_translations(language)
    _ = words.gettext
    # argparse looks up its module-level gettext at each call; Python ships no Italian.
    argparse._ = words.gettext
    argparse.ngettext = words.ngettext


def _argparse_words(_):
    """argparse's own words, listed so that `make messages` extracts them."""
    return (
        _("usage: "),
        _("positional arguments"),
        _("options"),
        _("show this help message and exit"),
        _("the following arguments are required: %s"),
        _("%(prog)s: error: %(message)s\n"),
        _("invalid choice: %(value)r (choose from %(choices)s)"),
        _("unrecognized arguments: %s"),
        _("argument %(argument_name)s: %(message)s"),
        _("invalid %(type)s value: %(value)r"),
        _("expected one argument"),
    )


_ = str  # replaced by the terminal language's gettext in main()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command, in the terminal's language."""
    speak(terminal_language(os.environ))
    parser = argparse.ArgumentParser(
        prog="cafe", description=_("Run a World Café from one laptop.")
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help=_("start the server (SQLite in ./instance by default)"))
    run.add_argument("--port", type=int, help=_("port to listen on (default CAFE_PORT or 5000)"))
    run.add_argument("--host", default="0.0.0.0", help=_("address to listen on (default: the LAN)"))
    demo = commands.add_parser("demo", help=_("load the reference scenario into a new event"))
    demo.add_argument("--json", action="store_true", help=_("print the links as one JSON line"))
    demo.add_argument(
        "--notes", action="store_true", help=_("also add the scenario's sample notes")
    )
    demo.add_argument(
        "--owner", help=_("the organiser account that gets the event (default: the first)")
    )
    create = commands.add_parser("create-organiser", help=_("make an organiser account"))
    create.add_argument("username")
    _export_arguments(commands.add_parser("export", help=_("write an event's report or data")))
    args = parser.parse_args(argv)
    handlers = {
        "run": _run,
        "demo": _demo,
        "create-organiser": _create_organiser,
        "export": _export,
    }
    return handlers[args.command](args)


def _run(args) -> int:
    import os

    if args.port:
        os.environ["CAFE_PORT"] = str(args.port)
    from cafe import create_app
    from cafe.database import upgrade_database
    from cafe.services.events import newest_event_language
    from cafe.services.organisers import first_start_link

    port = int(os.environ.get("CAFE_PORT", 5000))
    _raise_file_limit()
    app = create_app()
    with app.app_context():
        upgrade_database()
        language = terminal_language(os.environ, newest_event_language())
    # The app's language picks the first organiser's name and the banner's words.
    with app.test_request_context(f"/?lang={language}"):
        link = upgrade_database(then=first_start_link)
        try:
            listener = _listen(args.host, port)
        except OSError as exc:
            print(_port_busy(port, exc.strerror), file=sys.stderr)
            return 1
        _banner(app, link)
    settle_memory()
    _serve(app, listener)
    return 0


def _port_busy(port: int, reason: str) -> str:
    from flask_babel import gettext as _

    return _(
        "Cannot listen on port %(port)d (%(reason)s). Is Café already running? "
        "Choose another port with CAFE_PORT=8080.",
        port=port,
        reason=reason,
    )


def _raise_file_limit() -> None:
    """Raise the soft limit of open files to the hard one: every phone holds a socket, and
    the default 1,024 is reached by a busy venue (or a flood) long before memory is."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            print(
                _("Could not raise the open-file limit above %(n)d.") % {"n": soft}, file=sys.stderr
            )


def _listen(host: str, port: int):
    """Bind the listening socket first, so a busy port gets a plain message."""
    from gevent import socket

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(1024)
    return listener


def _serve(app, listener) -> None:
    """gevent's WSGI server with WebSocket support, as socketio.run() builds it, plus
    TCP_NODELAY: without it a phone's acknowledgement, written right after the push of
    its own note, waited ~40 ms for the client's delayed TCP ACK."""
    import socket

    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    class NoDelayHandler(WebSocketHandler):
        def __init__(self, sock, *args, **kwargs):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().__init__(sock, *args, **kwargs)

    pywsgi.WSGIServer(listener, app, handler_class=NoDelayHandler, log=None).serve_forever()


def _banner(app, link: str) -> None:
    from flask_babel import gettext as _

    from cafe.qr import terminal

    url = app.config["CAFE_PUBLIC_URL"]
    print("\n" + _("Café is running.") + "\n")
    print("  " + _("Phones on the venue's network: %(url)s", url=f"{url}/j"))
    print(terminal(f"{url}/j"))
    print("  " + _("Organiser: %(link)s", link=link) + "\n", flush=True)


def _demo(args) -> int:
    from cafe import create_app
    from cafe.database import upgrade_database
    from cafe.links import event_links, public
    from cafe.services.demo import load_reference_scenario

    app = create_app()
    with app.app_context(), app.test_request_context():
        upgrade_database()
        try:
            event = load_reference_scenario(with_notes=args.notes, owner=args.owner)
        except LookupError as exc:
            print(exc, file=sys.stderr)
            return 2
        links = event_links(event)
        result = {
            "organiser": public(f"/o/events/{event.id}"),
            "panel": public(f"/o/events/{event.id}/run/"),
            "wall": links["wall"],
            "join": links["join"],
            "hosts": {str(k): v for k, v in links["hosts"].items()},
        }
    if args.json:
        print(json.dumps(result), flush=True)
    else:
        for role in ("organiser", "panel", "wall", "join"):
            print(f"{role:>10}: {result[role]}")
        for number, url in result["hosts"].items():
            print(f"  {_('table')} {number:>2}: {url}")
    return 0


def _create_organiser(args) -> int:
    import getpass

    from cafe import create_app
    from cafe.database import upgrade_database
    from cafe.services.organisers import create_organiser

    if sys.stdin.isatty():
        password = getpass.getpass(_("Password (at least 8 characters): "))
    else:  # scripted: the password comes on standard input
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        print(_("The password is too short."), file=sys.stderr)
        return 2
    app = create_app()
    with app.app_context():
        upgrade_database()
        create_organiser(args.username, password)
    print(_("Organiser %(name)s can now log in.") % {"name": args.username})
    return 0


def _export_arguments(export) -> None:
    export.add_argument("event_id", type=int)
    from cafe.export import FORMAT_NAMES

    export.add_argument("--format", required=True, choices=FORMAT_NAMES, dest="fmt")
    export.add_argument("--output", help=_("file to write (default: standard output)"))
    export.add_argument("--names", action="store_true", help=_("include participants' names"))
    export.add_argument("--language", choices=("it", "en"), help=_("default: the event's"))


def _export(args) -> int:
    from cafe import create_app
    from cafe.database import upgrade_database
    from cafe.export import export
    from cafe.export.pdf import PdfUnavailable
    from cafe.extensions import db
    from cafe.models import Event
    from cafe.services.harvest import build_snapshot

    app = create_app()
    with app.app_context(), app.test_request_context():
        upgrade_database()
        event = db.session.get(Event, args.event_id)
        if event is None:
            print(_("There is no event %(n)d.") % {"n": args.event_id}, file=sys.stderr)
            return 2
        snapshot = build_snapshot(event, with_names=args.names, language=args.language)
        try:
            data = export(snapshot, args.fmt)
        except PdfUnavailable as exc:
            print(f"Cannot make a PDF here: {exc}. Run `make install` first.", file=sys.stderr)
            return 2
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
