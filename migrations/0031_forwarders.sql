-- Forwarders publish the log to a message broker (kinerja forward). Each
-- forwarder name has one checkpoint row: the position of the last event the
-- broker confirmed (or the forwarder's filters skipped). It only moves
-- forward, after the broker's confirmation, so a restarted forwarder
-- publishes again at most the events after it: at least once, in order.
CREATE TABLE forwarder_checkpoints (
    name       text        PRIMARY KEY,
    position   bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    published  bigint      NOT NULL DEFAULT 0 CHECK (published >= 0),
    target     text        NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);
