-- Read models never index unbounded text. A btree entry holds at most about
-- 2,700 bytes, so an index on a whole name stops the projection that writes
-- a longer one ("index row size exceeds btree maximum"), and an event in the
-- log can never be removed. Names are bounded by the domain now (200
-- characters), but events written before the bound, or with it bypassed,
-- may hold anything.
--
-- The name order of standings uses name_key, the first 100 characters of
-- the name (at most 400 bytes): a generated column, so the index stays
-- usable by index-only scans for deep pages, and the projection's
-- statements need not know it. Names equal in their first 100 characters
-- are ordered by nip.
ALTER TABLE standings ADD COLUMN name_key text GENERATED ALWAYS AS (left(name, 100)) STORED;
DROP INDEX standings_instansi_year_name;
CREATE INDEX standings_instansi_year_name ON standings (instansi, year, name_key, nip);
