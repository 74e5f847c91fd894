-- Matrix events the bot has taken on. A command's event id is claimed here
-- before it is answered, so no command is answered twice: not after a
-- restart, not when a sync delivers an event again.

CREATE TABLE matrix_answered_events (
    event_id    TEXT PRIMARY KEY,
    room_id     TEXT NOT NULL,
    claimed_at  TEXT NOT NULL
) WITHOUT ROWID;
