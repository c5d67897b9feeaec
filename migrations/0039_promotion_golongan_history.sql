-- Read model "promotion" (projections/promotion): the golongan of a
-- candidate is the one in force on the day asked (as_of), not the latest
-- recorded. Before, a golongan recorded ahead (III/b from its TMT next
-- year) made the candidate "III/b held only from ..." for every as_of, and
-- a TMT corrected ahead moved the years in rank of past dates too.
--
-- promotion_employees keeps the employee's golongan with their TMT and event
-- in TMT order (golongans, golongan_tmts, golongan_event_ids; the first is
-- the one registered; a change of the same grade or on the same TMT
-- corrects the latest, as the domain means it). An employee whose golongan
-- never changed keeps NULL arrays.
--
-- The rows keep NULL arrays, the previous answers (the latest golongan),
-- until the projection is rebuilt: run `kinerja rebuild promotion` after
-- deploying this migration.
ALTER TABLE promotion_employees ADD COLUMN golongans text[], ADD COLUMN golongan_tmts date[],
    ADD COLUMN golongan_event_ids text[];
