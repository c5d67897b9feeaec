-- Read model "worklist": the BerAKHLAK values whose expectation the
-- pejabat penilai has set on each SKP (skp.expectations_set), so that a
-- plan_approval task names the values still missing (issue 14).
ALTER TABLE worklist_skps ADD COLUMN expectations text[] NOT NULL DEFAULT '{}';
