-- Read model "history" (projections/history): per employee the master data
-- now, every master-data change (registration, transfers, jabatan and
-- golongan changes, reporting lines, leaving the service) with its dates
-- and event, and per year the SKP status, the annual and periodic ratings
-- in force and the objection, each with the event it rests on.
CREATE TABLE history_employees (
    nip                 text        PRIMARY KEY,
    name                text        NOT NULL,
    status              text        NOT NULL,
    instansi            text        NOT NULL,
    unit                text        NOT NULL,
    jabatan_kind        text        NOT NULL,
    jabatan_level       text        NOT NULL,
    jabatan_name        text        NOT NULL,
    golongan            text        NOT NULL,
    golongan_tmt        date,
    left_service        boolean     NOT NULL DEFAULT false,
    registered_event_id text        NOT NULL,
    registered_at       timestamptz NOT NULL,
    last_position       bigint      NOT NULL
);
CREATE INDEX history_employees_instansi ON history_employees (instansi);

CREATE TABLE history_changes (
    nip         text        NOT NULL,
    position    bigint      NOT NULL,
    event_id    text        NOT NULL,
    kind        text        NOT NULL,
    effective   date,
    from_value  text        NOT NULL,
    to_value    text        NOT NULL,
    detail      jsonb       NOT NULL,
    reason      text        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (nip, position)
);

CREATE TABLE history_years (
    nip                text        NOT NULL,
    year               integer     NOT NULL,
    instansi           text        NOT NULL DEFAULT '',
    skp_status         text        NOT NULL DEFAULT 'none',
    status_event_id    text        NOT NULL DEFAULT '',
    status_at          timestamptz,
    annual_hasil       text        NOT NULL DEFAULT '',
    annual_perilaku    text        NOT NULL DEFAULT '',
    annual_predikat    text        NOT NULL DEFAULT '',
    annual_event_id    text        NOT NULL DEFAULT '',
    annual_at          timestamptz,
    objection          text        NOT NULL DEFAULT '',
    objection_event_id text        NOT NULL DEFAULT '',
    last_position      bigint      NOT NULL,
    PRIMARY KEY (nip, year)
);

CREATE TABLE history_periodic (
    nip       text        NOT NULL,
    year      integer     NOT NULL,
    window_no integer     NOT NULL,
    label     text        NOT NULL,
    hasil     text        NOT NULL,
    perilaku  text        NOT NULL,
    predikat  text        NOT NULL,
    event_id  text        NOT NULL,
    rated_at  timestamptz NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);
