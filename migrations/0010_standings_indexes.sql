-- Indexes of the standings read model for what HR asks: HTTP queries always
-- name the instansi, and usually the year. Each index leads with both, so a
-- province of 50,000 employees is read without touching the other instansi:
--   * name order (the default sort) and the count of an instansi's year;
--   * unit, for units with their sub-units (standings.Filter.SubUnits);
--   * the predikat rank (standings.predikatRankSQL, keep it alike): the
--     predikat filter and the sort by predikat, both directions (ties are
--     broken by nip in the sort's direction). annual_predikat is included
--     so the filter is counted from the index alone.
-- Columns that SKP events change often (status, counts) stay out of every
-- index: updates of them remain HOT, which keeps catch-up fast.
DROP INDEX standings_year_instansi_unit;
DROP INDEX standings_year_predikat;
DROP INDEX standings_year_name;
CREATE INDEX standings_instansi_year_name ON standings (instansi, year, name, nip);
CREATE INDEX standings_instansi_year_unit ON standings (instansi, year, unit);
CREATE INDEX standings_instansi_year_predikat ON standings (instansi, year,
    (CASE annual_predikat WHEN 'sangat_baik' THEN 5 WHEN 'baik' THEN 4 WHEN 'butuh_perbaikan' THEN 3
        WHEN 'kurang' THEN 2 WHEN 'sangat_kurang' THEN 1 ELSE 0 END), nip) INCLUDE (annual_predikat);
