-- The instansi derivation of 0014 ran for every insert statement into events:
-- it captured every inserted row in a transition table and scanned it, although
-- every event the store writes now names its instansi in its metadata. A row
-- trigger with a WHEN condition costs nothing for those events: rows that name
-- their instansi are never queued. AFTER row triggers fire at the end of the
-- statement, so a stream's first event inserted by the same statement is seen.
DROP TRIGGER events_derive_instansi ON events;
DROP FUNCTION events_derive_instansi();

CREATE FUNCTION events_derive_instansi_row() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO event_instansi_derived (event_position, instansi)
    SELECT NEW.position, f.data->>'instansi'
    FROM events f
    WHERE f.stream = NEW.stream AND f.version = 1 AND f.data->>'instansi' IS NOT NULL;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_derive_instansi AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.metadata->>'instansi' IS NULL)
    EXECUTE FUNCTION events_derive_instansi_row();
