-- Read model "standings" (projections/standings): opening a year leaves out
-- only the employees whose departure is in force on its first day. Before,
-- a departure recorded ahead (a retirement on 2027-06-01, recorded in 2026)
-- left the employee out of the whole 2027 standings when 2027 was opened,
-- though they serve and are evaluated until June. standings_employees keeps
-- the departure's day (left_on), as the other read models do since 0036.
--
-- The rows of employees who left are given the effective day of their last
-- employee.left_service event in the log, so no rebuild is needed. (With the
-- EventStoreDB backend the events are not in this database: those rows keep
-- left_on NULL, read as "left", the previous answer, until the projection is
-- rebuilt.)
ALTER TABLE standings_employees ADD COLUMN left_on date;

UPDATE standings_employees t SET left_on = d.left_on
FROM (
    SELECT DISTINCT ON (stream) substr(stream, 10) AS nip, (data->>'effective')::date AS left_on
    FROM events
    WHERE type = 'employee.left_service' AND starts_with(stream, 'employee-')
    ORDER BY stream, position DESC
) d
WHERE t.left_service AND t.nip = d.nip;
