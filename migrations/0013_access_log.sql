-- The access log: who read which personal data, when, through which route,
-- and with what outcome. It is not part of the event log: it is not hash
-- chained, and entries older than the retention (KINERJA_ACCESS_LOG_RETENTION)
-- are deleted by a periodic purge.
--
-- instansi is the reader's instansi (the token's claim); auditors search
-- within their own. Every search is ordered by (at, id), so each index ends
-- with those two columns and a keyset page is read straight from it.
CREATE TABLE access_log (
    id            bigserial   PRIMARY KEY,
    at            timestamptz NOT NULL,
    subject       text        NOT NULL,
    roles         text[]      NOT NULL DEFAULT '{}',
    instansi      text        NOT NULL,
    method        text        NOT NULL,
    route         text        NOT NULL,
    resource_kind text        NOT NULL,
    resource_id   text        NOT NULL DEFAULT '',
    query         text        NOT NULL DEFAULT '',
    status        integer     NOT NULL,
    request_id    text        NOT NULL DEFAULT '',
    client_addr   text        NOT NULL DEFAULT '',
    CHECK (length(subject) <= 64 AND length(instansi) <= 100 AND length(route) <= 200
       AND length(resource_kind) <= 40 AND length(resource_id) <= 100 AND length(query) <= 512
       AND length(request_id) <= 128 AND length(client_addr) <= 64)
);

CREATE INDEX access_log_instansi_at ON access_log (instansi, at, id);
CREATE INDEX access_log_subject_at ON access_log (subject, at, id);
CREATE INDEX access_log_resource_at ON access_log (resource_id, at, id);
-- The purge deletes by age only; entries arrive in time order, so a BRIN
-- index finds the old ones cheaply.
CREATE INDEX access_log_at_brin ON access_log USING brin (at);
