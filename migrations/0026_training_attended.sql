-- Read model "training" (projections/training): training attended
-- (follow-up of kind pelatihan) closes the training needs that rest on the
-- rating events the follow-up names.
CREATE TABLE training_attended (
    nip               text NOT NULL,
    event_id          text NOT NULL,
    followup_event_id text NOT NULL,
    title             text NOT NULL,
    PRIMARY KEY (nip, event_id, followup_event_id)
);
