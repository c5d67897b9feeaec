-- Read model "promotion" (projections/promotion): the jabatan history of each
-- employee, effective-dated, so that the angka kredit of a year is computed
-- with the levels in force during it (pro rata by months), not with today's.
-- The jabatan an employee is registered with has effective '0001-01-01'
-- (in force since before any year asked about); a later change with the same
-- effective date corrects an earlier one.
--
-- The rows below copy today's level as the whole history, which keeps the
-- previous answers until the projection is rebuilt: run
-- `kinerja rebuild promotion` after deploying this migration.
CREATE TABLE promotion_jabatan (
    nip           text   NOT NULL,
    effective     date   NOT NULL,
    jabatan_kind  text   NOT NULL,
    jabatan_level text   NOT NULL,
    event_id      text   NOT NULL,
    position      bigint NOT NULL,
    PRIMARY KEY (nip, effective)
);

INSERT INTO promotion_jabatan (nip, effective, jabatan_kind, jabatan_level, event_id, position)
SELECT nip, DATE '0001-01-01', jabatan_kind, jabatan_level, '', last_position FROM promotion_employees;
