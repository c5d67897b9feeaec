-- Read model "promotion" (projections/promotion): the policy version each
-- annual rating recorded, so that its angka kredit is computed with the
-- angka kredit table of that version, never today's; and the periodic
-- ratings in force per window with their months and policy version, for the
-- periodic angka kredit (months/12 × % × coefficient of the level in force).
--
-- Existing rows get no version (the policy in force on the day asked about
-- applies) and no periodic rows until the projection is rebuilt: run
-- `kinerja rebuild promotion` after deploying this migration.
ALTER TABLE promotion_annual ADD COLUMN policy_version text NOT NULL DEFAULT '';

CREATE TABLE promotion_periodic (
    nip            text     NOT NULL,
    year           integer  NOT NULL,
    window_no      integer  NOT NULL,
    label          text     NOT NULL,
    first_month    smallint NOT NULL,
    last_month     smallint NOT NULL,
    predikat       text     NOT NULL,
    policy_version text     NOT NULL,
    event_id       text     NOT NULL,
    position       bigint   NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);
