-- Read models promotion, history, training, unitreport and worklist: a
-- transfer counts from its effective day, not from the moment it was
-- recorded. Each of their employee tables keeps, beside the unit of the
-- latest transfer, the unit before it (prior_unit) and the day it takes
-- effect (unit_from); their queries take the unit on a day as the prior unit
-- before that day. Before, a transfer recorded ahead (to another unit from
-- next month) moved the employee at once in the pejabat penilai's worklist,
-- the training needs' unit filter, the allowance export of the current month
-- and the promotion candidates' unit filter.
--
-- Transfers follow one another (the domain refuses one dated before the
-- latest), so the prior unit is exact on every day from the previous
-- transfer's effective day on; with two transfers both still ahead, the days
-- before the first show the first one's unit.
--
-- The rows are given the latest employee.transferred of their employee in
-- the log (unless a registration came after it), so no rebuild is needed.
-- (With the EventStoreDB backend the events are not in this database: those
-- rows keep prior_unit NULL, the previous answer, until the projections are
-- rebuilt.)
ALTER TABLE promotion_employees ADD COLUMN prior_unit text, ADD COLUMN unit_from date;
ALTER TABLE history_employees ADD COLUMN prior_unit text, ADD COLUMN unit_from date;
ALTER TABLE training_employees ADD COLUMN prior_unit text, ADD COLUMN unit_from date;
ALTER TABLE unitreport_employees ADD COLUMN prior_unit text, ADD COLUMN unit_from date;
ALTER TABLE worklist_employees ADD COLUMN prior_unit text, ADD COLUMN unit_from date;

CREATE TEMPORARY TABLE latest_transfers ON COMMIT DROP AS
SELECT nip, prior_unit, unit_from FROM (
    SELECT DISTINCT ON (stream) substr(stream, 10) AS nip, type,
           data->>'from_unit' AS prior_unit, (data->>'effective')::date AS unit_from
    FROM events
    WHERE type IN ('employee.transferred', 'employee.registered') AND starts_with(stream, 'employee-')
    ORDER BY stream, position DESC
) l WHERE type = 'employee.transferred';

UPDATE promotion_employees t SET prior_unit = l.prior_unit, unit_from = l.unit_from FROM latest_transfers l WHERE t.nip = l.nip;
UPDATE history_employees t SET prior_unit = l.prior_unit, unit_from = l.unit_from FROM latest_transfers l WHERE t.nip = l.nip;
UPDATE training_employees t SET prior_unit = l.prior_unit, unit_from = l.unit_from FROM latest_transfers l WHERE t.nip = l.nip;
UPDATE unitreport_employees t SET prior_unit = l.prior_unit, unit_from = l.unit_from FROM latest_transfers l WHERE t.nip = l.nip;
UPDATE worklist_employees t SET prior_unit = l.prior_unit, unit_from = l.unit_from FROM latest_transfers l WHERE t.nip = l.nip;
