-- Read models "standings" and "unitreport" (projections/standings,
-- projections/unitreport): a departure recorded again with another day
-- (employee.LeaveService corrects it so) is followed as if it had been
-- recorded with that day. Before, a departure moved to a later year left the
-- standings rows of the years between marked left_service; a year opened
-- while the day recorded first took the employee out on 1 January stayed
-- without their standings row and unit-report membership, though by the
-- corrected day they serve in it; and a standings row created while a
-- departure of a later year was recorded ahead (opening a year, drafting an
-- SKP) was marked left from the start.
--
-- The rows are brought to what the projections now build, from the log: a
-- standings row is marked left when the departure's day (left_on, dated by
-- 0036 and 0040) falls in its year or an earlier one, and a row no longer
-- marked carries the correction that unmarked it (last_position, updated_at);
-- the rows and memberships a correction now adds are added, carrying the
-- correction and the later employee events that touch their year, with the
-- employee's master data as it stands. So no rebuild is needed. (With the
-- EventStoreDB backend the events are not in this database: the standings
-- rows still follow left_on where it is known, but the rows and memberships
-- to add, and the positions, need `kinerja rebuild standings` and
-- `kinerja rebuild unitreport`.)

-- The departures and the openings of years, read in one scan of the log.
CREATE TEMPORARY TABLE corrected_log ON COMMIT DROP AS
SELECT stream, position, recorded_at, type, data
FROM events
WHERE (type = 'employee.left_service' AND starts_with(stream, 'employee-'))
    OR (type = 'period.opened' AND starts_with(stream, 'period-'));

-- Every departure with the day recorded before it (prev_on), and whether
-- that one was recorded since the employee's latest registration before
-- it (a registration clears a departure).
CREATE TEMPORARY TABLE corrected_departures ON COMMIT DROP AS
SELECT d.nip, d.position, d.recorded_at, d.left_on, d.prev_on,
    d.prev_position > COALESCE((SELECT max(r.position) FROM events r
        WHERE r.stream = 'employee-' || d.nip AND r.type = 'employee.registered' AND r.position < d.position), 0) AS prev_in_force
FROM (
    SELECT substr(stream, 10) AS nip, position, recorded_at, (data->>'effective')::date AS left_on,
        lag((data->>'effective')::date) OVER w AS prev_on, lag(position) OVER w AS prev_position
    FROM corrected_log
    WHERE type = 'employee.left_service'
    WINDOW w AS (PARTITION BY stream ORDER BY position)
) d;

-- The first opening of each year of each instansi.
CREATE TEMPORARY TABLE corrected_openings ON COMMIT DROP AS
SELECT data->>'instansi' AS instansi, (data->>'year')::int AS year, min(position) AS position
FROM corrected_log
WHERE type = 'period.opened'
GROUP BY 1, 2;

-- Standings rows marked otherwise than the departure's day says, and for a
-- row to unmark the departure that now unmarks it: the last one recorded
-- after a day in the row's year or earlier, moving it to a later year. (A
-- row created after it keeps its own position: see GREATEST below.)
CREATE TEMPORARY TABLE corrected_rows ON COMMIT DROP AS
SELECT s.nip, s.year, s.year >= extract(year FROM e.left_on)::int AS left_service,
    CASE WHEN s.year < extract(year FROM e.left_on)::int THEN (
        SELECT d.position FROM corrected_departures d
        WHERE d.nip = s.nip AND extract(year FROM d.prev_on)::int <= s.year AND extract(year FROM d.left_on)::int > s.year
        ORDER BY d.position DESC LIMIT 1) END AS position
FROM standings s JOIN standings_employees e ON e.nip = s.nip
WHERE e.left_service AND e.left_on IS NOT NULL AND s.left_service <> (s.year >= extract(year FROM e.left_on)::int);

UPDATE standings s SET left_service = c.left_service,
    last_position = GREATEST(s.last_position, COALESCE(d.position, 0)),
    updated_at = CASE WHEN d.position > s.last_position THEN d.recorded_at ELSE s.updated_at END
FROM corrected_rows c LEFT JOIN corrected_departures d ON d.position = c.position
WHERE s.nip = c.nip AND s.year = c.year;

-- The years a correction brought back: opened while the day recorded then
-- took the employee out on 1 January, the correction (the first such after
-- the opening) moving it past that day.
CREATE TEMPORARY TABLE corrected_years ON COMMIT DROP AS
SELECT o.instansi, o.year, d.nip, min(d.position) AS position
FROM corrected_openings o
JOIN corrected_departures d ON d.position > o.position AND d.prev_in_force
    AND d.prev_on <= make_date(o.year, 1, 1) AND d.left_on > make_date(o.year, 1, 1)
GROUP BY 1, 2, 3;

INSERT INTO standings (nip, year, name, employee_status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name,
    golongan, golongan_tmt, left_service, last_position, updated_at)
SELECT e.nip, y.year, e.name, e.status, e.instansi, e.unit, e.jabatan_kind, e.jabatan_level, e.jabatan_name,
    e.golongan, e.golongan_tmt, e.left_on IS NULL OR y.year >= extract(year FROM e.left_on)::int, t.position, t.recorded_at
FROM corrected_years y
JOIN standings_employees e ON e.nip = y.nip AND e.instansi = y.instansi AND e.left_service
JOIN standings_periods p ON p.instansi = y.instansi AND p.year = y.year
CROSS JOIN LATERAL (
    -- The last event to touch the row since the correction added it: a
    -- departure that marks or unmarks its year, or a change of the
    -- employee taking effect in its year or before.
    SELECT x.position, x.recorded_at FROM (
        SELECT d.position, d.recorded_at FROM corrected_departures d
        WHERE d.nip = y.nip AND d.position >= y.position
            AND (extract(year FROM d.left_on)::int <= y.year OR extract(year FROM d.prev_on)::int <= y.year)
        UNION ALL
        SELECT ev.position, ev.recorded_at FROM events ev
        WHERE ev.stream = 'employee-' || y.nip AND ev.position > y.position
            AND ev.type IN ('employee.transferred', 'employee.jabatan_changed', 'employee.golongan_changed')
            AND COALESCE(extract(year FROM NULLIF(COALESCE(ev.data->>'effective', ev.data->>'tmt'), '')::date)::int, 0) <= y.year
    ) x ORDER BY x.position DESC LIMIT 1
) t
WHERE NOT EXISTS (SELECT FROM standings s WHERE s.nip = y.nip AND s.year = y.year);

INSERT INTO unitreport_members (nip, year, instansi)
SELECT y.nip, y.year, y.instansi
FROM corrected_years y
JOIN unitreport_employees e ON e.nip = y.nip AND e.instansi = y.instansi AND e.left_service
JOIN unitreport_periods p ON p.instansi = y.instansi AND p.year = y.year
ON CONFLICT (nip, year) DO NOTHING;
