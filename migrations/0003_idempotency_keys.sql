-- Responses of HTTP writes sent with an Idempotency-Key, so that a retried
-- request gets the first response back and a key reused for a different
-- request is refused. A key belongs to the caller (actor) that sent it.
CREATE TABLE idempotency_keys (
    actor          text        NOT NULL,
    key            text        NOT NULL,
    request_hash   bytea       NOT NULL,
    status         integer     NOT NULL,
    etag           text        NOT NULL DEFAULT '',
    body           bytea       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, key)
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
