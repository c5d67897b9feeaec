-- The event log partitioned by position range (declarative partitioning), so
-- that old ranges can be moved to cheaper storage (ALTER TABLE ... SET
-- TABLESPACE on one partition) and verified in parallel.
--
-- PostgreSQL cannot enforce a unique index across partitions on columns
-- outside the partition key, so the uniqueness of event ids and of (stream,
-- version) moves to two unpartitioned side tables, written by a statement
-- trigger in the same statement as the events: any insert into events,
-- through the store or by hand, fails on a duplicate in any partition.
-- The position stays the primary key (it is the partition key). The hash
-- chain is computed by the store over the global order, as before; Verify
-- checks every link, the links across partition boundaries included.
--
-- The existing table becomes the first partition without copying its rows:
-- it is attached with a lower bound of MINVALUE and an upper bound at the
-- first multiple of the partition size past the head. Later partitions are
-- created ahead by the binary (events_ensure_partitions below).

-- The size, in positions, of each new partition.
CREATE TABLE event_partitioning (
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    size bigint  NOT NULL CHECK (size >= 1)
);
INSERT INTO event_partitioning (id, size) VALUES (true, 10000000);

-- Every event id ever stored, with the event's position.
CREATE TABLE event_ids (
    id       uuid   PRIMARY KEY,
    position bigint NOT NULL
);
-- Every (stream, version) ever stored; also the one-probe answer to a
-- stream's current version.
CREATE TABLE event_versions (
    stream  text   NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (stream, version)
);
INSERT INTO event_ids (id, position) SELECT id, position FROM events;
INSERT INTO event_versions (stream, version) SELECT stream, version FROM events;

-- The table becomes the first partition: its triggers move to the parent,
-- its unique constraints to the side tables, its index names to the parent.
DROP TRIGGER events_no_update_delete ON events;
DROP TRIGGER events_no_truncate ON events;
DROP TRIGGER events_derive_instansi ON events;
ALTER TABLE events DROP CONSTRAINT events_id_key;
ALTER TABLE events DROP CONSTRAINT events_stream_version_key;
ALTER TABLE events RENAME TO events_p000000000001;
ALTER INDEX events_pkey RENAME TO events_p000000000001_pkey;
ALTER INDEX events_instansi_position RENAME TO events_instansi_position_p000000000001;
ALTER INDEX events_actor_id_position RENAME TO events_actor_id_position_p000000000001;
ALTER INDEX events_recorded_at RENAME TO events_recorded_at_p000000000001;

CREATE TABLE events (
    position       bigint      NOT NULL,
    id             uuid        NOT NULL,
    stream         text        NOT NULL,
    version        bigint      NOT NULL CONSTRAINT events_version_check CHECK (version >= 1),
    type           text        NOT NULL,
    schema_version integer     NOT NULL CONSTRAINT events_schema_version_check CHECK (schema_version >= 1),
    data           json        NOT NULL,
    metadata       json        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    prev_hash      bytea       NOT NULL,
    hash           bytea       NOT NULL,
    PRIMARY KEY (position)
) PARTITION BY RANGE (position);

DO $$
DECLARE
    size  bigint := (SELECT p.size FROM event_partitioning p);
    head  bigint := (SELECT h.position FROM event_head h);
    upper bigint := (head / size + 1) * size + 1;
BEGIN
    EXECUTE format('ALTER TABLE events ATTACH PARTITION events_p000000000001 FOR VALUES FROM (MINVALUE) TO (%s)', upper);
END;
$$;

-- Created on the parent: the matching indexes of the first partition are
-- attached, not rebuilt; the stream index is built once.
CREATE INDEX events_stream_version ON events (stream, version);
CREATE INDEX events_instansi_position ON events ((metadata->>'instansi'), position);
CREATE INDEX events_actor_id_position ON events ((metadata->>'actor_id'), position);
CREATE INDEX events_recorded_at ON events (recorded_at);

-- Row triggers on the parent apply to every partition, present and future.
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();
-- TRUNCATE of one partition does not fire the parent's statement trigger.
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events_p000000000001
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();
CREATE TRIGGER events_derive_instansi AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.metadata->>'instansi' IS NULL)
    EXECUTE FUNCTION events_derive_instansi_row();

-- The global uniqueness: one statement trigger per insert statement (the
-- store inserts a whole group commit in one), two set inserts into the side
-- tables' primary keys.
CREATE FUNCTION events_register_keys() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO event_ids (id, position) SELECT id, position FROM new_events;
    INSERT INTO event_versions (stream, version) SELECT stream, version FROM new_events;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_register_keys AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION events_register_keys();

-- The upper bounds of the partitions of events (exclusive), highest first.
CREATE FUNCTION events_partition_bounds() RETURNS TABLE (name text, lower bigint, upper bigint)
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT c.relname::text,
           (substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''?(-?[0-9]+)''?\)'))::bigint,
           (substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''?(-?[0-9]+)''?\)'))::bigint
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'events'::regclass
    ORDER BY 3 DESC
$$;

-- events_ensure_partitions creates partitions until every position up to
-- head + greatest(size, margin) is covered, and returns the (exclusive)
-- upper bound covered and the partition size. A new partition is created
-- empty and attached, which takes no lock that waits for appends (SHARE
-- UPDATE EXCLUSIVE on the parent). Concurrent callers are serialised.
CREATE FUNCTION events_ensure_partitions(head bigint, margin bigint)
RETURNS TABLE (covered bigint, size bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    psize bigint;
    hi    bigint;
    lo    bigint;
    pname text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('kinerja.partitions.' || current_schema(), 0));
    SELECT p.size INTO psize FROM event_partitioning p;
    SELECT max(b.upper) INTO hi FROM events_partition_bounds() b;
    WHILE hi IS NULL OR hi <= head + greatest(psize, margin) LOOP
        lo := coalesce(hi, (greatest(head, 0) / psize) * psize + 1);
        hi := lo + psize;
        pname := 'events_p' || lpad(lo::text, 12, '0');
        EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', pname);
        EXECUTE format('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()', pname);
        EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', pname, lo, hi);
    END LOOP;
    RETURN QUERY SELECT hi, psize;
END;
$$;
