-- Projections: only a process whose read models follow this schema may
-- apply events to them. Before, a `kinerja project` worker (or a serve
-- running the projections) started before a migration went on applying
-- events after it with its own, older code: after 0045 and 0046 it wrote
-- the standings, unit report and training rows without the columns of the
-- plan in force, and the newer code that took over counted no IKI for a
-- plan the older one had drafted (0 IKI, progress 0%, no report expected,
-- no target in the training needs), or the plan approved before for a
-- revision the older one had recorded. A binary older than the schema
-- refuses to start (migrations.Check), but one already running did not
-- notice.
--
-- Every write of a checkpoint names, in writer_schema, the migration whose
-- read models its writer writes (readside.WriterSchema); a write that names
-- none or an older one is refused, so an older process's batch fails and
-- rolls back, and its projection stops (state "stopped", GET
-- /v1/projections gives this message) until the process is replaced by the
-- newer binary, which takes the projection over from its checkpoint. The
-- column is stored NULL, so that every write must name it. A migration that
-- changes how a read model is written raises the number here and in
-- readside.WriterSchema.
ALTER TABLE projection_checkpoints ADD COLUMN writer_schema integer;

CREATE FUNCTION projection_checkpoints_writer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.writer_schema IS NULL OR NEW.writer_schema < 48 THEN
        RAISE EXCEPTION 'this kinerja is older than the database schema (migration 0048_projection_writer.sql): it may not apply events to the read model %; stop it and run the version that applied the migration or a newer one', NEW.name
            USING HINT = 'a process started before the migration keeps running the code of its own version';
    END IF;
    NEW.writer_schema := NULL;
    RETURN NEW;
END $$;

CREATE TRIGGER projection_checkpoints_writer BEFORE INSERT OR UPDATE ON projection_checkpoints
    FOR EACH ROW EXECUTE FUNCTION projection_checkpoints_writer();
