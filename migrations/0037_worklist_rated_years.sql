-- Read model "worklist" (projections/worklist): worklist_rated also records
-- a year whose annual ratings are given (window_no 0), and the windows of
-- such a year are no longer tasks. Before, a pejabat penilai kept rating and
-- overdue-realisation tasks for windows of years already rated for good,
-- even after the objection was decided.
--
-- The years already rated are taken from the log itself (the first
-- skp.annual_ratings_given of each SKP), so no rebuild is needed. (With the
-- EventStoreDB backend the events are not in this database: rebuild
-- `worklist` after deploying this migration.)
INSERT INTO worklist_rated (nip, year, window_no, event_id)
SELECT DISTINCT ON (stream) data->>'nip', (data->>'year')::int, 0, id::text
FROM events
WHERE type = 'skp.annual_ratings_given' AND starts_with(stream, 'skp-')
ORDER BY stream, position
ON CONFLICT (nip, year, window_no) DO NOTHING;
