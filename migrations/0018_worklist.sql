-- Read model "worklist" (projections/worklist): the facts from which the
-- supervisor's worklist is computed per official and day at query time:
-- every reporting line assigned (the line in force on a day is chosen by
-- the domain rule), the employees with their current unit, the windows of
-- each evaluation year with their end and deadline, and per SKP its plan
-- status, the windows with realisation reported, the windows rated, the
-- feedback responses not yet followed by the pejabat penilai, and the
-- objection waiting for a decision. Tasks whose state depends on the day
-- (a window over, a deadline passed) are decided by the query.
CREATE TABLE worklist_employees (
    nip          text    PRIMARY KEY,
    name         text    NOT NULL,
    instansi     text    NOT NULL,
    unit         text    NOT NULL,
    left_service boolean NOT NULL DEFAULT false
);

-- Every reporting line assigned, by the global position of its event (the
-- order in which corrections replace earlier lines).
CREATE TABLE worklist_lines (
    nip            text    NOT NULL,
    position       bigint  NOT NULL,
    penilai        text    NOT NULL,
    atasan         text    NOT NULL,
    effective_from date    NOT NULL,
    acting         boolean NOT NULL,
    PRIMARY KEY (nip, position)
);
CREATE INDEX worklist_lines_penilai ON worklist_lines (penilai);
CREATE INDEX worklist_lines_atasan ON worklist_lines (atasan);

CREATE TABLE worklist_windows (
    instansi  text    NOT NULL,
    year      integer NOT NULL,
    window_no integer NOT NULL,
    label     text    NOT NULL,
    start_day date    NOT NULL,
    end_day   date    NOT NULL,
    deadline  date    NOT NULL,
    closed    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (instansi, year, window_no)
);

-- Per SKP: its plan status and since when (the time of the event that put
-- it there), and whether it was ever approved.
CREATE TABLE worklist_skps (
    nip           text        NOT NULL,
    year          integer     NOT NULL,
    instansi      text        NOT NULL,
    status        text        NOT NULL,
    since         timestamptz NOT NULL,
    approved_once boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (nip, year)
);

-- The windows of an SKP with realisation reported: first and last report.
CREATE TABLE worklist_reports (
    nip       text        NOT NULL,
    year      integer     NOT NULL,
    window_no integer     NOT NULL,
    first_at  timestamptz NOT NULL,
    last_at   timestamptz NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);

-- The windows of an SKP with periodic ratings in force.
CREATE TABLE worklist_rated (
    nip       text    NOT NULL,
    year      integer NOT NULL,
    window_no integer NOT NULL,
    event_id  text    NOT NULL,
    PRIMARY KEY (nip, year, window_no)
);

-- Feedback responses the pejabat penilai has not followed yet: a response
-- is removed by the next feedback, return, approval or rating on its SKP.
CREATE TABLE worklist_responses (
    nip          text        NOT NULL,
    year         integer     NOT NULL,
    feedback_no  integer     NOT NULL,
    responded_at timestamptz NOT NULL,
    event_id     text        NOT NULL,
    PRIMARY KEY (nip, year, feedback_no)
);

-- Objections filed and not yet decided.
CREATE TABLE worklist_objections (
    nip      text        NOT NULL,
    year     integer     NOT NULL,
    filed_at timestamptz NOT NULL,
    deadline timestamptz NOT NULL,
    event_id text        NOT NULL,
    PRIMARY KEY (nip, year)
);
