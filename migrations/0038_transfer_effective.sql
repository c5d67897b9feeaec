-- Read models promotion, history, training, unitreport and worklist: a
-- transfer counts from its effective day, not from the moment it was
-- recorded. Each of their employee tables keeps, beside the unit of the
-- latest transfer (unit), the employee's units with the day each took
-- effect (units and unit_days, in effective order; the first is the unit
-- registered, from -infinity; a transfer on the day of the latest one
-- corrects it, as the domain means it), and their queries take the unit on
-- a day from them. Before, a transfer recorded ahead (to another unit from
-- next month) moved the employee at once in the pejabat penilai's
-- worklist, the training needs' unit filter, the allowance export of every
-- month and the promotion candidates' unit filter. An employee never
-- transferred keeps NULL arrays: the unit is the registered one.
--
-- The rows are given their employee's transfers since the latest
-- registration from the log, so no rebuild is needed. (With the EventStoreDB
-- backend the events are not in this database: those rows keep NULL arrays,
-- the previous answer, until the projections are rebuilt.)
ALTER TABLE promotion_employees ADD COLUMN units text[], ADD COLUMN unit_days date[];
ALTER TABLE history_employees ADD COLUMN units text[], ADD COLUMN unit_days date[];
ALTER TABLE training_employees ADD COLUMN units text[], ADD COLUMN unit_days date[];
ALTER TABLE unitreport_employees ADD COLUMN units text[], ADD COLUMN unit_days date[];
ALTER TABLE worklist_employees ADD COLUMN units text[], ADD COLUMN unit_days date[];

CREATE TEMPORARY TABLE unit_history ON COMMIT DROP AS
WITH ev AS (
    SELECT substr(stream, 10) AS nip, position, type, data FROM events
    WHERE type IN ('employee.registered', 'employee.transferred') AND starts_with(stream, 'employee-')
), reg AS (
    SELECT DISTINCT ON (nip) nip, position, data->>'unit' AS unit FROM ev
    WHERE type = 'employee.registered' ORDER BY nip, position DESC
), moves AS (
    SELECT DISTINCT ON (ev.nip, (ev.data->>'effective')::date) ev.nip, (ev.data->>'effective')::date AS day,
           ev.data->>'to_unit' AS unit
    FROM ev JOIN reg ON reg.nip = ev.nip AND ev.position > reg.position
    WHERE ev.type = 'employee.transferred'
    ORDER BY ev.nip, (ev.data->>'effective')::date, ev.position DESC
)
SELECT m.nip, array_prepend(reg.unit, array_agg(m.unit ORDER BY m.day)) AS units,
       array_prepend('-infinity'::date, array_agg(m.day ORDER BY m.day)) AS unit_days
FROM moves m JOIN reg ON reg.nip = m.nip
GROUP BY m.nip, reg.unit;

UPDATE promotion_employees t SET units = h.units, unit_days = h.unit_days FROM unit_history h WHERE t.nip = h.nip;
UPDATE history_employees t SET units = h.units, unit_days = h.unit_days FROM unit_history h WHERE t.nip = h.nip;
UPDATE training_employees t SET units = h.units, unit_days = h.unit_days FROM unit_history h WHERE t.nip = h.nip;
UPDATE unitreport_employees t SET units = h.units, unit_days = h.unit_days FROM unit_history h WHERE t.nip = h.nip;
UPDATE worklist_employees t SET units = h.units, unit_days = h.unit_days FROM unit_history h WHERE t.nip = h.nip;
