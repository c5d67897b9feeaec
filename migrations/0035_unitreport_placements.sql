-- Read model "unitreport" (projections/unitreport): the unit of each employee
-- is effective-dated, so that a period's distribution counts every employee
-- in the unit they belonged to on the period's last day (a window's, or
-- 31 December for the year). Before, a transfer moved the employee's whole
-- year, rewriting the distributions of windows that had already ended.
--
-- unitreport_placements holds the unit from each effective date: the unit an
-- employee is registered with has effective '0001-01-01', each transfer adds
-- its effective date (a later transfer with the same date corrects an
-- earlier one). unitreport_members keeps who takes part in a year; its unit
-- column goes. unitreport_windows gains each window's last day, and
-- unitreport_org the position of the event that set the organisation
-- predikat (an override recorded before it does not cover its violations).
--
-- The rows below copy the year-by-year units the members table held (from
-- 1 January of each year), the windows' last days of the period layout and
-- position 0, which keeps the previous answers until the projection is
-- rebuilt: run `kinerja rebuild unitreport` after deploying this migration.
CREATE TABLE unitreport_placements (
    nip       text NOT NULL,
    effective date NOT NULL,
    unit      text NOT NULL,
    event_id  text NOT NULL,
    PRIMARY KEY (nip, effective)
);
CREATE INDEX unitreport_placements_unit ON unitreport_placements (unit, effective);

INSERT INTO unitreport_placements (nip, effective, unit, event_id)
SELECT nip, make_date(year, 1, 1), unit, '' FROM unitreport_members;
INSERT INTO unitreport_placements (nip, effective, unit, event_id)
SELECT nip, DATE '0001-01-01', unit, '' FROM unitreport_employees
ON CONFLICT (nip, effective) DO NOTHING;

ALTER TABLE unitreport_members DROP COLUMN unit;

ALTER TABLE unitreport_windows ADD COLUMN ends date;
UPDATE unitreport_windows w
SET ends = (make_date(w.year, 1, 1) + make_interval(months => w.window_no * (12 / NULLIF(p.windows, 0))))::date - 1
FROM unitreport_periods p WHERE p.instansi = w.instansi AND p.year = w.year;
UPDATE unitreport_windows SET ends = make_date(year, 12, 31) WHERE ends IS NULL;
ALTER TABLE unitreport_windows ALTER COLUMN ends SET NOT NULL;

ALTER TABLE unitreport_org ADD COLUMN position bigint NOT NULL DEFAULT 0;
