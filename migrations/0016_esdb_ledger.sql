-- The tamper-evidence ledger of the EventStoreDB backend. EventStoreDB keeps
-- no hash chain, so the esdb_ledger projection keeps one here, over $all
-- order: one row per Kinerja event with its commit position, its identity
-- and hash = SHA-256(prev_hash ‖ canonical bytes of the event as read back).
-- "kinerja audit verify" compares it with the events read back from
-- EventStoreDB. With the PostgreSQL backend the table stays empty.
CREATE TABLE esdb_ledger (
    position  bigint PRIMARY KEY,
    event_id  uuid   NOT NULL,
    stream    text   NOT NULL,
    version   bigint NOT NULL,
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL
);
