-- Projection bookkeeping. A projection's checkpoint is the global position
-- of the last event it applied; it is written in the same transaction as the
-- projection's read-model rows, so each event takes effect exactly once.
CREATE TABLE projection_checkpoints (
    name       text        PRIMARY KEY,
    position   bigint      NOT NULL CHECK (position >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- What the runners report about each projection: who owns it, whether it
-- runs or was stopped by an event it cannot handle (the poison event's
-- position, id, type and the error), for /readyz and the metrics.
CREATE TABLE projection_status (
    name            text        PRIMARY KEY,
    state           text        NOT NULL CHECK (state IN ('running', 'stopped', 'rebuilding')),
    owner           text        NOT NULL DEFAULT '',
    failed_position bigint,
    failed_event_id text,
    failed_type     text,
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
