-- Read model "worklist" (projections/worklist): per window of an SKP, the
-- employee's self-assessment in force and the number of peer feedback
-- given, shown on the rating task so that the penilai sees them before
-- rating.
CREATE TABLE worklist_inputs (
    nip           text    NOT NULL,
    year          integer NOT NULL,
    window_no     integer NOT NULL,
    self_event_id text    NOT NULL DEFAULT '',
    peer_feedback integer NOT NULL DEFAULT 0,
    PRIMARY KEY (nip, year, window_no)
);
