"""Tables and enums. Model methods answer questions about one row; services do the writing."""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cafe.extensions import db

NOTE_MAX = 2000
NAME_MAX = 80
NOTE_KINDS = ("idea", "question", "tension", "proposal")
VOTE_DOTS = 3  # dots each participant spends, by default
STAR_LIMIT = 3  # key insights a host may star per round, by default
LINK_DAYS = 30  # a closed event's links work this many days more, by default


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (stored the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def links_expired(closed_at: datetime | None, link_days: int, now: datetime | None = None) -> bool:
    """True once the links of an event closed at `closed_at` have stopped working."""
    if closed_at is None:
        return False
    return (now or utcnow()) >= closed_at + timedelta(days=link_days)


class RoundState(enum.StrEnum):
    """Where the event stands between check-in and harvest."""

    WAITING = "waiting"  # current round not started yet (check-in, or people moving)
    RUNNING = "running"
    ENDED = "ended"  # the current round is over


class Organiser(db.Model):
    """The person who sets up and runs events, with a password login."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    setup_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    """Raised at logout: every session (and open socket) of an older version stops working."""


class EventOrganiser(db.Model):
    """A co-organiser the owner shared an event with."""

    __tablename__ = "event_organiser"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    organiser_id: Mapped[int] = mapped_column(
        ForeignKey("organiser.id", ondelete="CASCADE"), primary_key=True
    )


INVITATION_DAYS = 3
"""An invitation link works this long: long enough for a weekend between sending and
opening it, short enough that a link left in a mailbox stops giving the event away."""


class Invitation(db.Model):
    """A single-use link by which the owner makes another organiser a co-organiser. Only
    the SHA-256 digest of its token is stored: the owner sees the link once, and a copy
    of the database opens nothing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    def state(self, now: datetime | None = None) -> str:
        """'accepted', 'revoked', 'expired' or 'pending' (the only one that can be used)."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if (now or utcnow()) >= self.expires_at else "pending"


class Event(db.Model):
    """One World Café: its settings, capability tokens and the head of its change feed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    organised_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The office or association that runs the event (poster, report)."""
    starts_at: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(5), default="it")
    table_count: Mapped[int]
    table_size: Mapped[int]
    round_count: Mapped[int]
    round_minutes: Mapped[int] = mapped_column(default=20)
    host_stays: Mapped[bool] = mapped_column(default=True)
    groups: Mapped[list] = mapped_column(JSON, default=list)
    harvest_question: Mapped[str] = mapped_column(Text, default="")
    join_token: Mapped[str] = mapped_column(String(64), unique=True)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    wall_token: Mapped[str] = mapped_column(String(64), unique=True)
    current_round: Mapped[int] = mapped_column(default=1)
    round_state: Mapped[str] = mapped_column(String(10), default=RoundState.WAITING)
    round_started_at: Mapped[datetime | None]
    clock: Mapped[dict | None] = mapped_column(JSON)
    """The morning's clock (cafe.clock.as_record): phase, ends_at, pause, one step of undo."""
    late_seating: Mapped[bool] = mapped_column(default=False)
    """Late arrivals sit down in the running round (at the least-full table), not the next."""
    last_seq: Mapped[int] = mapped_column(default=0)
    seating_published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id"), index=True)
    closed_at: Mapped[datetime | None]
    """When the organiser closed the event; its links expire `link_days` later."""
    link_days: Mapped[int] = mapped_column(default=LINK_DAYS, server_default=str(LINK_DAYS))
    walk_in_cap: Mapped[int | None]
    """The most people checked in at once; None means the seats plus a margin."""
    anonymised_at: Mapped[datetime | None]
    """When the organiser deleted the event's personal data (the harvest stays)."""
    star_limit: Mapped[int] = mapped_column(default=STAR_LIMIT, server_default=str(STAR_LIMIT))
    """How many notes a table's host may star as key insights in one round."""
    tag_choices: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    """The organiser's tags for this event, offered on the host phones (free text also goes)."""
    wall_view: Mapped[str] = mapped_column(String(12), default="live", server_default="live")
    """What the wall shows during a round or the harvest (cafe.wallviews.VIEWS)."""
    wall_cycle: Mapped[int] = mapped_column(default=0, server_default="0")
    """Seconds between the wall's views when it cycles through them; 0 = it does not."""
    voting_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Participants may put their dots on the key insights now."""
    vote_dots: Mapped[int] = mapped_column(default=VOTE_DOTS, server_default=str(VOTE_DOTS))
    vote_stack: Mapped[bool] = mapped_column(default=False, server_default=false())
    """A participant may put more than one dot on the same insight."""
    approve_first: Mapped[bool] = mapped_column(default=False, server_default=false())
    """New notes wait for the organiser's approval before the wall shows them."""

    rounds: Mapped[list[Round]] = relationship(
        back_populates="event", order_by="Round.number", cascade="all, delete-orphan"
    )
    tables: Mapped[list[CafeTable]] = relationship(
        back_populates="event", order_by="CafeTable.number", cascade="all, delete-orphan"
    )

    def links_expired(self, now: datetime | None = None) -> bool:
        """True once a closed event's join, host, personal and wall links have stopped
        working."""
        return links_expired(self.closed_at, self.link_days, now)

    def people_cap(self) -> int:
        """The most people checked in at once: the organiser's number, or the seats plus
        a fifth (at least five) for those who come unannounced."""
        if self.walk_in_cap:
            return self.walk_in_cap
        seats = self.table_count * self.table_size
        return seats + max(5, -(-seats // 5))

    def question(self, number: int) -> str:
        """The question of round `number`, or '' when it has none."""
        for r in self.rounds:
            if r.number == number:
                return r.question
        return ""


class Round(db.Model):
    """One round of conversation and its question."""

    __table_args__ = (UniqueConstraint("event_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    number: Mapped[int]
    question: Mapped[str] = mapped_column(Text, default="")
    event: Mapped[Event] = relationship(back_populates="rounds")


class CafeTable(db.Model):
    """A table at the venue, with its host's capability token."""

    __tablename__ = "cafe_table"
    __table_args__ = (UniqueConstraint("event_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    number: Mapped[int]
    host_token: Mapped[str] = mapped_column(String(64), unique=True)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    host_online: Mapped[int] = mapped_column(default=0)
    """How many host phones of this table have a socket open right now."""
    host_seen_at: Mapped[datetime | None]
    """When a host phone of this table last connected, wrote or went away."""
    event: Mapped[Event] = relationship(back_populates="tables")


class Participant(db.Model):
    """Someone at the event: pre-registered (not yet arrived) or checked in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    event: Mapped[Event] = relationship(viewonly=True)
    """Read with the token in one query (participants.by_token); never assigned."""
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    group: Mapped[str | None] = mapped_column(String(80))
    is_host: Mapped[bool] = mapped_column(default=False)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    arrived_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    """When a phone took this name (joined with it, or "this is me"); a tick at the desk
    alone leaves it empty, so the person can still claim their name once on their phone."""
    left_at: Mapped[datetime | None]
    walked_in: Mapped[bool] = mapped_column(default=False)
    """Joined at the door without being on the list."""
    desk_key: Mapped[str | None] = mapped_column(String(36), unique=True)
    """The desk's key for the walk-in that added this person: a walk-in sent again (its
    answer was lost, the server was busy) finds them instead of adding them twice."""
    # No foreign key: cafe_table.host_id already points here, and a cycle would stop
    # PostgreSQL from creating the tables in one pass.
    pinned_table_id: Mapped[int | None]
    """A table this person must keep in every round still to come (e.g. near the door)."""


class Seat(db.Model):
    """Where one participant sits in one round."""

    __table_args__ = (UniqueConstraint("participant_id", "round_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    round_number: Mapped[int]
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_table.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    manual: Mapped[bool] = mapped_column(default=False)
    """Set by the organiser by hand: re-plans keep it."""


class Note(db.Model):
    """What a table host typed; `uuid` comes from the phone so a resend is idempotent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_table.id"), index=True)
    round_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12), default="idea")
    text: Mapped[str] = mapped_column(Text)
    created_seq: Mapped[int]
    updated_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    starred: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The table's host marked it as a key insight."""
    tags: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The organiser hid it from the wall; it stays stored and its host sees it is hidden."""
    pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Waiting in the organiser's queue ("approve before showing"): not on the wall yet."""
    table: Mapped[CafeTable] = relationship()


class Photo(db.Model):
    """A host's photo of the tablecloth; `uuid` comes from the phone (a resend is harmless),
    `key` is the random name of the stored, EXIF-free file and of its URL."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_table.id"), index=True)
    round_number: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    hidden: Mapped[bool] = mapped_column(default=False)
    uploaded_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    table: Mapped[CafeTable] = relationship()


class Vote(db.Model):
    """The dots one participant put on one note (one row per person and note)."""

    __table_args__ = (UniqueConstraint("participant_id", "note_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id"), index=True)
    dots: Mapped[int]


class Change(db.Model):
    """The per-event change feed: what screens replay after a reconnect, in `seq` order."""

    __table_args__ = (UniqueConstraint("event_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    table_id: Mapped[int | None]
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


ANSWER_MAX = 500
"""A harvest answer is one short text."""
THEME_LABEL_MAX = 80
SYNTHESIS_TEXT_MAX = 4000
HARVEST_SCOPE = 0
"""The synthesis scope of the harvest question's answers (rounds are 1, 2, …)."""


class Answer(db.Model):
    """A participant's answer to the event's harvest question: one per person, editable until
    the event closes; `uuid` comes from the phone, so a resend stores nothing twice."""

    __table_args__ = (UniqueConstraint("event_id", "participant_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    text: Mapped[str] = mapped_column(Text)
    created_seq: Mapped[int]
    updated_seq: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The organiser hid it from the wall; it stays stored."""
    pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Waiting for the organiser's approval ("approve before showing")."""


class SynthesisTheme(db.Model):
    """A theme the organiser made or touched (renamed, merged into, split off, chose quotes
    for) in one scope (a round's question, or HARVEST_SCOPE). Its notes are SynthesisPins;
    `version` rises with every change, so an edit made on a stale copy is refused."""

    __tablename__ = "synthesis_theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    scope: Mapped[int]
    label: Mapped[str] = mapped_column(String(THEME_LABEL_MAX))
    version: Mapped[int] = mapped_column(default=1)
    quotes: Mapped[list] = mapped_column(JSON, default=list)
    """uuids of the notes (or answers) the organiser chose to stand for the theme."""


class SynthesisPin(db.Model):
    """The organiser's decision that a note (or answer) belongs to a theme: it wins over the
    automatic grouping, whatever a recomputation says."""

    __tablename__ = "synthesis_pin"
    __table_args__ = (UniqueConstraint("event_id", "scope", "item_uuid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    scope: Mapped[int]
    item_uuid: Mapped[str] = mapped_column(String(36))
    theme_id: Mapped[int] = mapped_column(ForeignKey("synthesis_theme.id"), index=True)


class SynthesisText(db.Model):
    """The organiser's words: a question's `summary` (scope = its round), or the morning's
    `conclusions` and `next_steps` (scope 0); `version` refuses edits on a stale copy."""

    __tablename__ = "synthesis_text"
    __table_args__ = (UniqueConstraint("event_id", "scope", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    scope: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
