-- Read model "training" (projections/training): the IKI whose targets
-- decide `iki_under_target` are those of the plan in force, the one last
-- approved, while a revision awaits approval (domain/skp, since
-- realisations follow the approved plan). Before, a revision's IKI and
-- targets replaced the approved plan's at once.
--
-- training_iki_latest holds the latest plan's IKI and training_skp's
-- latest_event_id the event they rest on; on approval they become the IKI
-- in force (training_iki, plan_event_id). Both start as the plan stored,
-- which is right for every SKP without a revision pending. An SKP whose
-- revision was awaiting approval when this migration ran keeps the
-- revision's IKI until the revision is decided or `kinerja rebuild
-- training` rebuilds it from the log.
ALTER TABLE training_skp ADD COLUMN latest_event_id text NOT NULL DEFAULT '';
UPDATE training_skp SET latest_event_id = plan_event_id;

CREATE TABLE training_iki_latest (LIKE training_iki INCLUDING ALL);
INSERT INTO training_iki_latest SELECT * FROM training_iki;
