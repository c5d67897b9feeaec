-- The instansi whose employees' data a read returned, when they are not
-- the reader's: an official of another instansi, assigned to employees with
-- a cross-instansi reason, reads their SKPs or their worklist. The entry
-- keeps the reader's instansi (their own auditors find it) and names the
-- others, so that the auditors of those instansi find it too. Empty for
-- every other read, which is every entry written before this migration.
--
-- Adding a column with a constant default rewrites nothing; the CHECK is
-- added NOT VALID (every existing row holds '{}') so that it scans nothing.
ALTER TABLE access_log ADD COLUMN resource_instansi text[] NOT NULL DEFAULT '{}';
ALTER TABLE access_log ADD CONSTRAINT access_log_resource_instansi_count
    CHECK (cardinality(resource_instansi) <= 16) NOT VALID;

-- Only cross-instansi reads are indexed (they are few); a search of an
-- instansi reads its readers' entries from access_log_instansi_at in
-- (at, id) order and these through this index.
CREATE INDEX access_log_resource_instansi ON access_log USING gin (resource_instansi)
    WHERE resource_instansi <> '{}';
