"""Thin Socket.IO handlers: authorise, parse, call a service, return the acknowledgement.

Every client connects with `auth = {role, token}` (the organiser's browser uses its login
session instead). The token is checked again in every handler, so a revoked link stops
working at once, even on a phone that is still connected.

One module per area; the helpers they share (who is asking, refusals, running an action
as the organiser or a table's host) are public in `cafe.sockets.access`. Importing this
package registers every handler, which must happen before `socketio.init_app`.
"""

from cafe.sockets import (  # noqa: F401
    answers,
    connection,
    harvest,
    morning,
    notes,
    sync,
    synthesis,
    votes,
)
