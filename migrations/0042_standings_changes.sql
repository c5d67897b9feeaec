-- Read model "standings" (projections/standings): a row created for a
-- year takes the unit, jabatan and golongan in force in that year, not the
-- latest recorded. Before, opening a year (or drafting an SKP of a year)
-- after a transfer, jabatan or golongan change taking effect in a later
-- year gave the row the latest values: 2026 opened after a transfer
-- recorded ahead for 2027 put the 2026 row in the 2027 unit, and 2024
-- opened late put the 2024 row in the units of 2025.
--
-- standings_changes keeps each change with the year it takes effect from
-- (the transfer's or jabatan's effective day, the golongan's TMT) and the
-- values before and after it. A row of year Y has the values after the
-- change recorded last whose year is Y or earlier, else those before the
-- first change recorded whose year is later than Y, else the employee's
-- (the rule the rows existing when a change is recorded follow).
--
-- The changes are filled from the employee events in the log and the rows
-- of the employees who changed are recomputed from them, so no rebuild is
-- needed. (With the EventStoreDB backend the events are not in this
-- database: the table stays empty and the rows keep their values until
-- the projection is rebuilt.)
CREATE TABLE standings_changes (
    nip                text    NOT NULL,
    kind               text    NOT NULL, -- unit, jabatan or golongan
    position           bigint  NOT NULL,
    from_year          integer NOT NULL,
    from_unit          text,
    to_unit            text,
    from_jabatan_kind  text,
    from_jabatan_level text,
    from_jabatan_name  text,
    to_jabatan_kind    text,
    to_jabatan_level   text,
    to_jabatan_name    text,
    from_golongan      text,
    from_golongan_tmt  date,
    to_golongan        text,
    to_golongan_tmt    date,
    PRIMARY KEY (nip, kind, position)
);

INSERT INTO standings_changes (nip, kind, position, from_year, from_unit, to_unit)
SELECT data->>'nip', 'unit', position, extract(year FROM (data->>'effective')::date)::int,
    COALESCE(data->>'from_unit', ''), data->>'to_unit'
FROM events WHERE type = 'employee.transferred'
ON CONFLICT DO NOTHING;

INSERT INTO standings_changes (nip, kind, position, from_year, from_jabatan_kind, from_jabatan_level, from_jabatan_name,
    to_jabatan_kind, to_jabatan_level, to_jabatan_name)
SELECT data->>'nip', 'jabatan', position, extract(year FROM (data->>'effective')::date)::int,
    COALESCE(data->'from'->>'kind', ''), COALESCE(data->'from'->>'level', ''), COALESCE(data->'from'->>'name', ''),
    data->'to'->>'kind', data->'to'->>'level', data->'to'->>'name'
FROM events WHERE type = 'employee.jabatan_changed'
ON CONFLICT DO NOTHING;

INSERT INTO standings_changes (nip, kind, position, from_year, from_golongan, from_golongan_tmt, to_golongan, to_golongan_tmt)
SELECT data->>'nip', 'golongan', position, extract(year FROM (data->>'tmt')::date)::int,
    COALESCE(data->>'from', ''), NULLIF(data->>'from_tmt', '')::date, data->>'to', (data->>'tmt')::date
FROM events WHERE type = 'employee.golongan_changed'
ON CONFLICT DO NOTHING;

-- The rows of the employees who changed, recomputed by the rule above (the
-- rows existing when a change was recorded already follow it; those
-- created afterwards for an earlier year did not).
UPDATE standings s SET unit = x.unit, jabatan_kind = x.jabatan_kind, jabatan_level = x.jabatan_level,
    jabatan_name = x.jabatan_name, golongan = x.golongan, golongan_tmt = x.golongan_tmt
FROM (
    SELECT s2.nip, s2.year,
        COALESCE(NULLIF(cu.unit, ''), e.unit, '') AS unit,
        COALESCE(CASE WHEN cj.jabatan_kind <> '' THEN cj.jabatan_kind END, e.jabatan_kind, '') AS jabatan_kind,
        COALESCE(CASE WHEN cj.jabatan_kind <> '' THEN cj.jabatan_level END, e.jabatan_level, '') AS jabatan_level,
        COALESCE(CASE WHEN cj.jabatan_kind <> '' THEN cj.jabatan_name END, e.jabatan_name, '') AS jabatan_name,
        COALESCE(CASE WHEN cg.golongan <> '' THEN cg.golongan END, e.golongan, '') AS golongan,
        CASE WHEN cg.golongan <> '' THEN cg.golongan_tmt ELSE e.golongan_tmt END AS golongan_tmt
    FROM standings s2 JOIN standings_employees e ON e.nip = s2.nip
    LEFT JOIN LATERAL (SELECT * FROM (
        (SELECT c.to_unit AS unit, 0 AS o FROM standings_changes c WHERE c.nip = e.nip AND c.kind = 'unit' AND c.from_year <= s2.year ORDER BY c.position DESC LIMIT 1)
        UNION ALL
        (SELECT c.from_unit, 1 FROM standings_changes c WHERE c.nip = e.nip AND c.kind = 'unit' AND c.from_year > s2.year ORDER BY c.position LIMIT 1)
    ) x ORDER BY o LIMIT 1) cu ON true
    LEFT JOIN LATERAL (SELECT * FROM (
        (SELECT c.to_jabatan_kind AS jabatan_kind, c.to_jabatan_level AS jabatan_level, c.to_jabatan_name AS jabatan_name, 0 AS o
            FROM standings_changes c WHERE c.nip = e.nip AND c.kind = 'jabatan' AND c.from_year <= s2.year ORDER BY c.position DESC LIMIT 1)
        UNION ALL
        (SELECT c.from_jabatan_kind, c.from_jabatan_level, c.from_jabatan_name, 1
            FROM standings_changes c WHERE c.nip = e.nip AND c.kind = 'jabatan' AND c.from_year > s2.year ORDER BY c.position LIMIT 1)
    ) x ORDER BY o LIMIT 1) cj ON true
    LEFT JOIN LATERAL (SELECT * FROM (
        (SELECT c.to_golongan AS golongan, c.to_golongan_tmt AS golongan_tmt, 0 AS o
            FROM standings_changes c WHERE c.nip = e.nip AND c.kind = 'golongan' AND c.from_year <= s2.year ORDER BY c.position DESC LIMIT 1)
        UNION ALL
        (SELECT c.from_golongan, c.from_golongan_tmt, 1
            FROM standings_changes c WHERE c.nip = e.nip AND c.kind = 'golongan' AND c.from_year > s2.year ORDER BY c.position LIMIT 1)
    ) x ORDER BY o LIMIT 1) cg ON true
    WHERE s2.nip IN (SELECT nip FROM standings_changes)
) x
WHERE s.nip = x.nip AND s.year = x.year
    AND (s.unit, s.jabatan_kind, s.jabatan_level, s.jabatan_name, s.golongan, s.golongan_tmt)
        IS DISTINCT FROM (x.unit, x.jabatan_kind, x.jabatan_level, x.jabatan_name, x.golongan, x.golongan_tmt);
