-- Read models promotion, history, training, unitreport and worklist: the day
-- an employee leaves the service counts, not the day it was recorded. Each
-- of their employee tables keeps the departure's effective day (left_on:
-- the first day out of service, as employee.LeftService means it), and their
-- queries take an employee as in service on a day before it. Before, a
-- departure recorded ahead of time (a retirement on 2027-06-30, recorded
-- today) took the employee out of promotion candidates, training needs and
-- the pejabat penilai's worklist at once, and out of the allowance of every
-- month, past ones too.
--
-- The rows of employees who left are given the effective day of their last
-- employee.left_service event in the log, so no rebuild is needed. (With the
-- EventStoreDB backend the events are not in this database: those rows keep
-- left_on NULL, which the queries read as "left", the previous answer, until
-- the projections are rebuilt.)
ALTER TABLE promotion_employees ADD COLUMN left_on date;
ALTER TABLE history_employees ADD COLUMN left_on date;
ALTER TABLE training_employees ADD COLUMN left_on date;
ALTER TABLE unitreport_employees ADD COLUMN left_on date;
ALTER TABLE worklist_employees ADD COLUMN left_on date;

CREATE TEMPORARY TABLE departures ON COMMIT DROP AS
SELECT DISTINCT ON (stream) substr(stream, 10) AS nip, (data->>'effective')::date AS left_on
FROM events
WHERE type = 'employee.left_service' AND starts_with(stream, 'employee-')
ORDER BY stream, position DESC;

UPDATE promotion_employees t SET left_on = d.left_on FROM departures d WHERE t.left_service AND t.nip = d.nip;
UPDATE history_employees t SET left_on = d.left_on FROM departures d WHERE t.left_service AND t.nip = d.nip;
UPDATE training_employees t SET left_on = d.left_on FROM departures d WHERE t.left_service AND t.nip = d.nip;
UPDATE unitreport_employees t SET left_on = d.left_on FROM departures d WHERE t.left_service AND t.nip = d.nip;
UPDATE worklist_employees t SET left_on = d.left_on FROM departures d WHERE t.left_service AND t.nip = d.nip;
