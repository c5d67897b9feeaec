-- Read model "standings" (projections/standings): a year has a row only for
-- the employees appointed in it or before, by the year of appointment their
-- NIP or NI PPPK encodes (digits 9-12). Registration has no effective day:
-- before, registering an employee while an earlier year was still open, or
-- before an earlier year was opened late, gave them a row of that year (an
-- employee registered and appointed in 2026 had a 2025 row, unrated and
-- counted in the 2025 lists). The row of an SKP drafted for such a year is
-- still made (the SKP exists; it is the SKP's row).
--
-- The rows the projection no longer builds are those of a year before the
-- appointment year with no SKP drafted (skp_status 'none': drafting sets
-- 'draft' and nothing sets 'none' again). They are deleted here, so the
-- live rows equal what a rebuild builds and no rebuild is needed, with
-- either event store backend (this reads no events).
DELETE FROM standings
WHERE skp_status = 'none'
    AND nip ~ '^[0-9]{8}[1-9][0-9]{9}$'
    AND year < substr(nip, 9, 4)::int;
