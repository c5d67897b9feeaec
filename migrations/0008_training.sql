-- Read model "training" (projections/training): the facts training needs
-- are read from: per employee and year the ratings in force per window (0
-- for the annual ones), feedback on BerAKHLAK values, the IKI of the plan
-- in force with their targets, the latest realisation per IKI and window,
-- and which windows are closed. Needs are derived from these rows at query
-- time, each with the ids of the events it rests on.
CREATE TABLE training_employees (
    nip          text    PRIMARY KEY,
    name         text    NOT NULL,
    instansi     text    NOT NULL,
    unit         text    NOT NULL,
    left_service boolean NOT NULL DEFAULT false
);
CREATE INDEX training_employees_instansi_unit ON training_employees (instansi, unit);

CREATE TABLE training_skp (
    nip           text    NOT NULL,
    year          integer NOT NULL,
    instansi      text    NOT NULL,
    approved_once boolean NOT NULL DEFAULT false,
    plan_event_id text    NOT NULL,
    PRIMARY KEY (nip, year)
);

CREATE TABLE training_iki (
    nip             text             NOT NULL,
    year            integer          NOT NULL,
    iki             text             NOT NULL,
    rhk             text             NOT NULL,
    text            text             NOT NULL,
    target_kind     text             NOT NULL,
    target_quantity double precision NOT NULL,
    target_unit     text             NOT NULL,
    PRIMARY KEY (nip, year, iki)
);

CREATE TABLE training_realisations (
    nip       text             NOT NULL,
    year      integer          NOT NULL,
    window_no integer          NOT NULL,
    iki       text             NOT NULL,
    quantity  double precision,
    event_id  text             NOT NULL,
    PRIMARY KEY (nip, year, window_no, iki)
);

CREATE TABLE training_ratings (
    nip       text    NOT NULL,
    year      integer NOT NULL,
    window_no integer NOT NULL,
    label     text    NOT NULL,
    hasil     text    NOT NULL,
    perilaku  text    NOT NULL,
    predikat  text    NOT NULL,
    event_id  text    NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);

CREATE TABLE training_feedback (
    nip      text        NOT NULL,
    year     integer     NOT NULL,
    no       integer     NOT NULL,
    value    text        NOT NULL,
    text     text        NOT NULL,
    event_id text        NOT NULL,
    given_at timestamptz NOT NULL,
    PRIMARY KEY (nip, year, no)
);

CREATE TABLE training_windows (
    instansi        text    NOT NULL,
    year            integer NOT NULL,
    window_no       integer NOT NULL,
    label           text    NOT NULL,
    closed_event_id text,
    PRIMARY KEY (instansi, year, window_no)
);
