"""The organiser's synthesis: read a question's themes and texts, rename, merge and split
themes, move a note, choose quotes, write the summaries. Walls read the themes."""

from __future__ import annotations

from cafe.extensions import db
from cafe.models import Event
from cafe.services import synthesis
from cafe.sockets.access import as_dict, as_organiser, current, refused
from cafe.wire import handler, unreadable


@handler("synthesis")
def on_synthesis(data=None):
    """A question's themes (the organiser's decisions over the automatic grouping) and texts."""
    data = as_dict(data)
    return as_organiser(lambda event: synthesis.state(event, data.get("scope")))


@handler("themes")
def on_themes(_data=None):
    """Every question's themes with their notes' uuids, as the wall shows them (wall,
    organiser): hidden and pending notes are in none."""
    who = current()
    if who is None or who["role"] not in ("wall", "organiser"):
        return refused() if who is None else unreadable()
    event = db.session.get(Event, who["event_id"])
    scopes = synthesis.every_scope(event)
    return {"ok": True, "scopes": scopes, "themes": synthesis.flat_themes(event, scopes)}


@handler("theme:rename")
def on_theme_rename(data=None):
    """The organiser names a theme (`key` seen at `version`)."""
    d = as_dict(data)
    return as_organiser(
        lambda event: synthesis.rename(
            event, d.get("scope"), d.get("key"), d.get("version"), d.get("label")
        )
    )


@handler("theme:merge")
def on_theme_merge(data=None):
    """The organiser merges theme `key` into theme `into`."""
    d = as_dict(data)
    return as_organiser(
        lambda event: synthesis.merge(
            event,
            d.get("scope"),
            d.get("key"),
            d.get("version"),
            d.get("into"),
            d.get("into_version"),
        )
    )


@handler("theme:split")
def on_theme_split(data=None):
    """The organiser takes some notes of a theme into a new theme."""
    d = as_dict(data)
    return as_organiser(
        lambda event: synthesis.split(
            event, d.get("scope"), d.get("key"), d.get("version"), d.get("items"), d.get("label")
        )
    )


@handler("theme:move")
def on_theme_move(data=None):
    """The organiser moves a note to another theme, or to a new one (`to` = 'new')."""
    d = as_dict(data)
    return as_organiser(
        lambda event: synthesis.move(
            event, d.get("scope"), d.get("item"), d.get("to"), d.get("label")
        )
    )


@handler("theme:quotes")
def on_theme_quotes(data=None):
    """The organiser chooses the notes that stand for a theme (at most three)."""
    d = as_dict(data)
    return as_organiser(
        lambda event: synthesis.choose_quotes(
            event, d.get("scope"), d.get("key"), d.get("version"), d.get("quotes")
        )
    )


@handler("synthesis:text")
def on_synthesis_text(data=None):
    """The organiser's summary of a question, or the morning's conclusions or next steps."""
    d = as_dict(data)
    return as_organiser(
        lambda event: synthesis.write_text(
            event, d.get("scope"), d.get("kind"), d.get("text"), d.get("version")
        )
    )
