-- The immutable event log: one row per event, gapless commit-ordered global
-- positions assigned under the lock of the single event_head row, and a
-- SHA-256 hash chain over the global order.
CREATE TABLE events (
    position       bigint      PRIMARY KEY,
    id             uuid        NOT NULL UNIQUE,
    stream         text        NOT NULL,
    version        bigint      NOT NULL CHECK (version >= 1),
    type           text        NOT NULL,
    schema_version integer     NOT NULL CHECK (schema_version >= 1),
    data           json        NOT NULL,
    metadata       json        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    prev_hash      bytea       NOT NULL,
    hash           bytea       NOT NULL,
    UNIQUE (stream, version)
);

-- The head of the log. Every append locks this row (SELECT ... FOR UPDATE),
-- so positions are assigned and committed in one order: a reader that sees
-- position n has already been able to see every position below n.
CREATE TABLE event_head (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    position bigint  NOT NULL,
    hash     bytea   NOT NULL
);
INSERT INTO event_head (id, position, hash) VALUES (true, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- Immutability inside the database: no UPDATE, DELETE or TRUNCATE of events.
CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'kinerja: the event log is append-only (% on events rejected)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();
