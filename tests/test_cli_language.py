"""The `cafe` command speaks the app's language (issue 24): CAFE_LANG, else the newest
event's language for what follows the database (the banner, the port error), whatever the
system locale; its help, argparse's own words included, and its messages too.

Bad inputs tried: an unknown command, a missing argument, a busy port, an event that does
not exist, a password too short."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from tests.servers import free_port


def cafe(tmp_path, *args, stdin: str = "", **env) -> subprocess.CompletedProcess:
    """Run `python -m cafe ARGS` in an instance folder of its own, with an English system."""
    instance = tmp_path / "inst"
    instance.mkdir(exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "CAFE_"))}
    environ.update(
        {
            "LANG": "en_US.UTF-8",
            "CAFE_INSTANCE": str(instance),
            "CAFE_SECRET_KEY": "cli-test",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "cafe", *args],
        env=environ,
        cwd=instance,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_help_is_in_italian_with_cafe_lang_on_an_english_system(tmp_path):
    shown = cafe(tmp_path, "--help", CAFE_LANG="it")
    assert shown.returncode == 0
    for words in ("uso: cafe", "Gestisci un World Café", "avvia il server", "mostra questo aiuto"):
        assert words in shown.stdout, shown.stdout
    english = cafe(tmp_path, "--help")
    assert "usage: cafe" in english.stdout and "start the server" in english.stdout


def test_argparse_refusals_and_the_commands_messages_are_in_italian(tmp_path):
    wrong = cafe(tmp_path, "partecipa", CAFE_LANG="it")
    assert wrong.returncode == 2 and "errore: argomento" in wrong.stderr, wrong.stderr
    assert "scelta non valida" in wrong.stderr
    missing = cafe(tmp_path, "export", CAFE_LANG="it")
    assert "mancano questi argomenti" in missing.stderr, missing.stderr
    nothing = cafe(tmp_path, "export", "999", "--format", "md", CAFE_LANG="it")
    assert nothing.returncode == 2 and "Non esiste l’evento 999." in nothing.stderr
    short = cafe(tmp_path, "create-organiser", "anna", stdin="corta\n", CAFE_LANG="it")
    assert short.returncode == 2 and "La password è troppo corta." in short.stderr
    made = cafe(tmp_path, "create-organiser", "anna", stdin="correct horse\n", CAFE_LANG="it")
    assert made.returncode == 0 and "anna" in made.stdout and "può accedere" in made.stdout


def test_the_port_error_speaks_the_events_language_whatever_the_system_locale(tmp_path):
    assert cafe(tmp_path, "demo", "--json").returncode == 0  # an Italian event
    busy = socket.socket()
    busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    port = free_port()
    busy.bind(("127.0.0.1", port))
    busy.listen(1)
    try:
        refused = cafe(tmp_path, "run", "--host", "127.0.0.1", "--port", str(port))
        english = cafe(tmp_path, "run", "--host", "127.0.0.1", "--port", str(port), CAFE_LANG="en")
    finally:
        busy.close()
    assert refused.returncode == 1
    assert f"Impossibile usare la porta {port}" in refused.stderr, refused.stderr
    assert f"Cannot listen on port {port}" in english.stderr, english.stderr


def test_cafe_lang_then_the_events_language_then_the_system_locale():
    from cafe.i18n import terminal_language

    english = {"LANG": "en_US.UTF-8"}
    assert terminal_language(english, "it") == "it"
    assert terminal_language({**english, "CAFE_LANG": "en"}, "it") == "en"
    assert terminal_language(english, None) == "en"
    assert terminal_language({"LANG": "it_IT.UTF-8"}, "xx") == "it"
