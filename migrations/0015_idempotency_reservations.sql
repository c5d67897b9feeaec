-- An Idempotency-Key is reserved before its command runs, so that two
-- requests with the same key (to the same or to different paths) cannot both
-- commit. A reservation is pending until the command's response is stored
-- (state 'done'). reserved_at starts the owner's lease: a pending
-- reservation whose lease ran out (its process died between the append and
-- storing the response) may be taken over by the same request, which finds
-- the committed events by their derived ids. Keys expire after a configured
-- time (default 24 h) counted from created_at and are purged in the
-- background.
ALTER TABLE idempotency_keys
    ADD COLUMN state       text        NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done')),
    ADD COLUMN path        text        NOT NULL DEFAULT '',
    ADD COLUMN reserved_at timestamptz NOT NULL DEFAULT now();
