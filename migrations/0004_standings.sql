-- Read model "standings" (projections/standings): one row per employee and
-- year with the employee's unit, jabatan and golongan, the SKP status, the
-- latest periodic and the annual ratings and predikat, and progress. The
-- helper tables hold the master data the rows are built from.
CREATE TABLE standings_employees (
    nip           text    PRIMARY KEY,
    name          text    NOT NULL,
    status        text    NOT NULL,
    instansi      text    NOT NULL,
    unit          text    NOT NULL,
    jabatan_kind  text    NOT NULL,
    jabatan_level text    NOT NULL,
    jabatan_name  text    NOT NULL,
    golongan      text    NOT NULL,
    golongan_tmt  date,
    left_service  boolean NOT NULL DEFAULT false
);
CREATE INDEX standings_employees_instansi ON standings_employees (instansi);

CREATE TABLE standings_units (
    code     text PRIMARY KEY,
    name     text NOT NULL,
    parent   text NOT NULL DEFAULT '',
    instansi text NOT NULL
);
CREATE INDEX standings_units_parent ON standings_units (parent);

CREATE TABLE standings_periods (
    instansi       text    NOT NULL,
    year           integer NOT NULL,
    windows        integer NOT NULL,
    closed_windows integer NOT NULL DEFAULT 0,
    closed         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (instansi, year)
);

CREATE TABLE standings (
    nip               text        NOT NULL,
    year              integer     NOT NULL,
    name              text        NOT NULL DEFAULT '',
    employee_status   text        NOT NULL DEFAULT '',
    instansi          text        NOT NULL DEFAULT '',
    unit              text        NOT NULL DEFAULT '',
    jabatan_kind      text        NOT NULL DEFAULT '',
    jabatan_level     text        NOT NULL DEFAULT '',
    jabatan_name      text        NOT NULL DEFAULT '',
    golongan          text        NOT NULL DEFAULT '',
    golongan_tmt      date,
    left_service      boolean     NOT NULL DEFAULT false,
    skp_status        text        NOT NULL DEFAULT 'none',
    rhk_count         integer     NOT NULL DEFAULT 0,
    iki_count         integer     NOT NULL DEFAULT 0,
    realisations      integer     NOT NULL DEFAULT 0,
    late_realisations integer     NOT NULL DEFAULT 0,
    feedback_count    integer     NOT NULL DEFAULT 0,
    windows_rated     integer     NOT NULL DEFAULT 0,
    periodic_window   integer,
    periodic_label    text        NOT NULL DEFAULT '',
    periodic_hasil    text        NOT NULL DEFAULT '',
    periodic_perilaku text        NOT NULL DEFAULT '',
    periodic_predikat text        NOT NULL DEFAULT '',
    annual_hasil      text        NOT NULL DEFAULT '',
    annual_perilaku   text        NOT NULL DEFAULT '',
    annual_predikat   text        NOT NULL DEFAULT '',
    annual_at         timestamptz,
    objection         text        NOT NULL DEFAULT '',
    last_position     bigint      NOT NULL DEFAULT 0,
    updated_at        timestamptz,
    PRIMARY KEY (nip, year)
) WITH (fillfactor = 70); -- room for HOT updates: most events update one row in place
CREATE INDEX standings_year_instansi_unit ON standings (year, instansi, unit);
CREATE INDEX standings_year_predikat ON standings (year, annual_predikat);
CREATE INDEX standings_year_name ON standings (year, name, nip);
