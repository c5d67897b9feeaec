-- The instansi whose data a read touched, when it is not the reader's: an
-- official of another instansi, assigned to an employee with a
-- cross-instansi reason, reads that employee's SKP. The entry keeps the
-- reader's instansi (their own auditors find it) and names the resource's,
-- so that the auditors of the employee's instansi find it too. Empty for
-- every other read, which is every entry written before this migration.
--
-- Adding a column with a constant default rewrites nothing; the CHECK is
-- added NOT VALID (every existing row holds '') so that it scans nothing.
ALTER TABLE access_log ADD COLUMN resource_instansi text NOT NULL DEFAULT '';
ALTER TABLE access_log ADD CONSTRAINT access_log_resource_instansi_length
    CHECK (length(resource_instansi) <= 100) NOT VALID;

-- Only cross-instansi reads are indexed; a search of an instansi reads its
-- own entries from access_log_instansi_at and these from here, both in
-- (at, id) order.
CREATE INDEX access_log_resource_instansi_at ON access_log (resource_instansi, at, id)
    WHERE resource_instansi <> '';
