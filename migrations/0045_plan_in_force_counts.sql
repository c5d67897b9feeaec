-- Read models "standings" and "unitreport": the IKI an employee reports
-- against are those of the plan in force, the one last approved, while a
-- revision awaits approval (domain/skp, since realisations follow the
-- approved plan). Before, a revision's counts replaced the approved plan's
-- at once: the standings' rhk_count, iki_count and progress, and the unit
-- report's expected realisations, counted IKI the employee may not report
-- on yet.
--
-- The new columns hold the latest plan's counts (plan_rhk, plan_iki; in
-- the unit report plan_iki) and, in standings, whether the plan was ever
-- approved. They start from the counts as stored, which are right for
-- every SKP without a revision pending. An SKP whose revision was awaiting
-- approval when this migration ran keeps the revision's counts until the
-- revision is decided, or until `kinerja rebuild standings` and `kinerja
-- rebuild unitreport` rebuild them from the log.
ALTER TABLE standings
    ADD COLUMN plan_rhk integer NOT NULL DEFAULT 0,
    ADD COLUMN plan_iki integer NOT NULL DEFAULT 0,
    ADD COLUMN plan_approved_once boolean NOT NULL DEFAULT false;
UPDATE standings SET plan_rhk = rhk_count, plan_iki = iki_count,
    plan_approved_once = skp_status = 'approved' OR realisations > 0 OR windows_rated > 0 OR annual_predikat <> ''
WHERE skp_status <> 'none';

ALTER TABLE unitreport_plans ADD COLUMN plan_iki integer NOT NULL DEFAULT 0;
UPDATE unitreport_plans SET plan_iki = iki_count;
