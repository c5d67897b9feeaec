-- Read model "history" (projections/history): the policy version each
-- periodic rating in force was given under (for the allowance export), the
-- employee's self-assessment per window shown beside the official rating,
-- and the follow-up (tindak lanjut) of the results with the rating events
-- each rests on.
ALTER TABLE history_periodic ADD COLUMN policy_version text NOT NULL DEFAULT '';

CREATE TABLE history_self_assessments (
    nip       text        NOT NULL,
    year      integer     NOT NULL,
    window_no integer     NOT NULL,
    label     text        NOT NULL,
    hasil     text        NOT NULL,
    perilaku  jsonb       NOT NULL,
    event_id  text        NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);

CREATE TABLE history_followups (
    nip         text        NOT NULL,
    position    bigint      NOT NULL,
    event_id    text        NOT NULL,
    no          integer     NOT NULL,
    kind        text        NOT NULL,
    title       text        NOT NULL,
    reason      text        NOT NULL,
    effective   date,
    basis       jsonb       NOT NULL,
    recorded_by text        NOT NULL,
    role        text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (nip, position)
);
