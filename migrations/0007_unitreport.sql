-- Read model "unitreport" (projections/unitreport): per unit and period the
-- members, their predikat in force and the events they rest on, the
-- organisation predikat, the recorded distribution overrides, and the
-- facts of submission progress (plan status, realisation reported on time
-- or late). Counts, shares, the distribution check and missing reports are
-- computed from these rows at query time.
CREATE TABLE unitreport_units (
    code     text PRIMARY KEY,
    name     text NOT NULL,
    parent   text NOT NULL DEFAULT '',
    instansi text NOT NULL
);

CREATE TABLE unitreport_employees (
    nip          text    PRIMARY KEY,
    name         text    NOT NULL,
    instansi     text    NOT NULL,
    unit         text    NOT NULL,
    left_service boolean NOT NULL DEFAULT false
);
CREATE INDEX unitreport_employees_instansi ON unitreport_employees (instansi);

CREATE TABLE unitreport_periods (
    instansi text    NOT NULL,
    year     integer NOT NULL,
    windows  integer NOT NULL,
    closed   boolean NOT NULL DEFAULT false,
    event_id text    NOT NULL,
    PRIMARY KEY (instansi, year)
);

CREATE TABLE unitreport_windows (
    instansi text    NOT NULL,
    year     integer NOT NULL,
    window_no integer NOT NULL,
    label    text    NOT NULL,
    deadline date    NOT NULL,
    closed   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (instansi, year, window_no)
);

-- The unit each employee belonged to in a year: a transfer moves the rows of
-- its effective year and later years.
CREATE TABLE unitreport_members (
    nip      text    NOT NULL,
    year     integer NOT NULL,
    instansi text    NOT NULL,
    unit     text    NOT NULL,
    PRIMARY KEY (nip, year)
);
CREATE INDEX unitreport_members_year_unit ON unitreport_members (year, unit);

CREATE TABLE unitreport_plans (
    nip           text    NOT NULL,
    year          integer NOT NULL,
    instansi      text    NOT NULL,
    status        text    NOT NULL,
    approved_once boolean NOT NULL DEFAULT false,
    iki_count     integer NOT NULL,
    event_id      text    NOT NULL,
    PRIMARY KEY (nip, year)
);

-- The first report of each IKI in each window (corrections do not make a
-- late report timely).
CREATE TABLE unitreport_realisations (
    nip      text    NOT NULL,
    year     integer NOT NULL,
    window_no integer NOT NULL,
    iki      text    NOT NULL,
    late     boolean NOT NULL,
    event_id text    NOT NULL,
    PRIMARY KEY (nip, year, window_no, iki)
);

-- The predikat in force per employee, year and window (0: the annual one).
CREATE TABLE unitreport_ratings (
    nip      text    NOT NULL,
    year     integer NOT NULL,
    window_no integer NOT NULL,
    predikat text    NOT NULL,
    event_id text    NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);

CREATE TABLE unitreport_org (
    code           text        NOT NULL,
    year           integer     NOT NULL,
    period         text        NOT NULL,
    predikat       text        NOT NULL,
    policy_version text        NOT NULL,
    event_id       text        NOT NULL,
    set_by         text        NOT NULL,
    set_at         timestamptz NOT NULL,
    PRIMARY KEY (code, year, period)
);

CREATE TABLE unitreport_overrides (
    event_id       text        PRIMARY KEY,
    code           text        NOT NULL,
    year           integer     NOT NULL,
    period         text        NOT NULL,
    predikat       text        NOT NULL,
    violations     jsonb       NOT NULL,
    justification  text        NOT NULL,
    policy_version text        NOT NULL,
    recorded_by    text        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    position       bigint      NOT NULL
);
CREATE INDEX unitreport_overrides_unit ON unitreport_overrides (code, year, period, position);
