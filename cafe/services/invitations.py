"""Invitation links: how an owner makes another organiser a co-organiser without typing,
or learning, anyone's user name (docs/security.md, issue 23.13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from cafe.extensions import db
from cafe.models import (
    INVITATION_DAYS,
    Event,
    EventOrganiser,
    Invitation,
    Organiser,
    utcnow,
)
from cafe.tokens import new_token, token_digest


@dataclass(frozen=True)
class Opened:
    """What an organiser who opens an invitation link may be told: `answer` is 'accept'
    (the only one with a button), 'owner', 'member', 'accepted', 'revoked', 'expired' or
    'unknown'; `event` and `inviter` are set only for 'accept', 'owner' and 'member'."""

    answer: str
    invitation: Invitation | None = None
    event: Event | None = None
    inviter: str = ""


def create(event: Event, owner: Organiser) -> tuple[Invitation, str]:
    """A new pending invitation to the event and its token (shown once, never stored)."""
    token, now = new_token(), utcnow()
    invitation = Invitation(
        event_id=event.id,
        token_digest=token_digest(token),
        created_by=owner.id,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def pending(event: Event) -> list[Invitation]:
    """The event's invitations that can still be accepted, oldest first."""
    rows = db.session.scalars(
        select(Invitation)
        .where(Invitation.event_id == event.id, *_usable())
        .order_by(Invitation.created_at, Invitation.id)
    )
    return list(rows)


def revoke(event: Event, invitation_id: int) -> bool:
    """Withdraw one of this event's pending invitations; False when there is none such."""
    done = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation_id,
            Invitation.event_id == event.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    db.session.commit()
    return done.rowcount == 1


def open_link(token: object, organiser: Organiser) -> Opened:
    """What the link `token` means to this logged-in organiser (see Opened)."""
    found = _find(token)
    if found is None:
        return Opened("unknown")
    state = found.state()
    if state == "accepted" and found.accepted_by == organiser.id:
        state = "pending"  # their own accepted link: tell them they are in already
    if state != "pending":
        return Opened(state)
    event = db.session.get(Event, found.event_id)
    inviter = db.session.get(Organiser, event.owner_id) if event.owner_id else None
    answer = "accept"
    if event.owner_id == organiser.id:
        answer = "owner"
    elif _is_member(event, organiser):
        answer = "member"
    return Opened(answer, found, event, inviter.username if inviter else "")


def accept(invitation: Invitation, organiser: Organiser) -> bool:
    """Make the organiser a co-organiser and use the invitation up, once: of two
    browsers accepting at the same moment, one gets False."""
    used = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, *_usable())
        .values(accepted_at=utcnow(), accepted_by=organiser.id)
    )
    if used.rowcount != 1:
        db.session.rollback()
        return False
    db.session.add(EventOrganiser(event_id=invitation.event_id, organiser_id=organiser.id))
    db.session.commit()
    return True


def remove_co_organiser(event: Event, organiser_id: int) -> bool:
    """Take the event away from a co-organiser; False when they were not one. Their open
    control panels stop at their next call (the socket checks at every handler)."""
    done = db.session.execute(
        delete(EventOrganiser).where(
            EventOrganiser.event_id == event.id, EventOrganiser.organiser_id == organiser_id
        )
    )
    db.session.commit()
    return done.rowcount == 1


def _usable() -> tuple:
    """The conditions of a pending invitation, as Invitation.state says 'pending'."""
    return (
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow(),
    )


def _find(token: object) -> Invitation | None:
    if not isinstance(token, str) or not 10 <= len(token) <= 64:
        return None
    return db.session.scalar(
        select(Invitation).where(Invitation.token_digest == token_digest(token))
    )


def _is_member(event: Event, organiser: Organiser) -> bool:
    found = db.session.scalar(
        select(EventOrganiser.organiser_id).where(
            EventOrganiser.event_id == event.id, EventOrganiser.organiser_id == organiser.id
        )
    )
    return found is not None
