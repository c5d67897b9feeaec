-- Read model "promotion" (projections/promotion): per employee the grade, its
-- TMT and the event that set it, and per year the annual predikat in force
-- and the event it rests on. Eligibility for kenaikan pangkat reguler and
-- angka kredit are computed from these rows by the policy at query time.
CREATE TABLE promotion_employees (
    nip               text    PRIMARY KEY,
    name              text    NOT NULL,
    instansi          text    NOT NULL,
    unit              text    NOT NULL,
    status            text    NOT NULL,
    jabatan_kind      text    NOT NULL,
    jabatan_level     text    NOT NULL,
    golongan          text    NOT NULL,
    golongan_tmt      date,
    golongan_event_id text    NOT NULL,
    left_service      boolean NOT NULL DEFAULT false,
    last_position     bigint  NOT NULL
);
CREATE INDEX promotion_employees_instansi_unit ON promotion_employees (instansi, unit);

CREATE TABLE promotion_annual (
    nip      text    NOT NULL,
    year     integer NOT NULL,
    predikat text    NOT NULL,
    event_id text    NOT NULL,
    position bigint  NOT NULL,
    PRIMARY KEY (nip, year)
);
