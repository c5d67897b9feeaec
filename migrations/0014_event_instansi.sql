-- The instansi of every event, so that audit search is scoped to the
-- caller's instansi cheaply.
--
-- New events name their instansi in their metadata (metadata->>'instansi');
-- the expression index carries the position, so a scoped keyset page
-- (instansi = $1 AND position > after ORDER BY position) is read straight
-- from the index.
CREATE INDEX events_instansi_position ON events ((metadata->>'instansi'), position);

-- Events stored without an instansi in their metadata (before it was
-- recorded, or by a writer that does not record it) cannot be changed: the
-- log is append-only and their bytes are hashed. Their instansi is derived
-- from their stream's first event instead, whose payload names it (an
-- employee's or a unit's registration, a period's opening, an SKP's draft),
-- and kept here. An event whose stream names no instansi has no row and is
-- found by no scoped search.
CREATE TABLE event_instansi_derived (
    event_position bigint PRIMARY KEY,
    instansi       text   NOT NULL
);
CREATE INDEX event_instansi_derived_instansi ON event_instansi_derived (instansi, event_position);

INSERT INTO event_instansi_derived (event_position, instansi)
SELECT e.position, f.data->>'instansi'
FROM events e
JOIN events f ON f.stream = e.stream AND f.version = 1
WHERE e.metadata->>'instansi' IS NULL AND f.data->>'instansi' IS NOT NULL;

-- Events appended later without an instansi in their metadata are derived
-- the same way, once per insert statement (the store inserts a whole group
-- commit in one statement). A stream's first event may be in the same
-- statement: an AFTER trigger sees the statement's rows.
CREATE FUNCTION events_derive_instansi() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    -- A subquery per row, not a join: the planner knows nothing of the
    -- transition table's size and could otherwise scan the whole log.
    INSERT INTO event_instansi_derived (event_position, instansi)
    SELECT position, instansi FROM (
        SELECT n.position,
               (SELECT f.data->>'instansi' FROM events f WHERE f.stream = n.stream AND f.version = 1) AS instansi
        FROM new_events n
        WHERE n.metadata->>'instansi' IS NULL
    ) derived
    WHERE instansi IS NOT NULL;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_derive_instansi AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION events_derive_instansi();
