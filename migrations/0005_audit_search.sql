-- Audit search over the event log: by actor and by time, paged by position.
-- The actor index carries the position so a keyset page (position > after
-- ORDER BY position) is read straight from the index.
CREATE INDEX events_actor_id_position ON events ((metadata->>'actor_id'), position);
CREATE INDEX events_recorded_at ON events (recorded_at);
