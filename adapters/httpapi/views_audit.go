package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// eventView is one event of the log as an auditor reads it: the envelope,
// the payload and metadata exactly as stored, and its links in the chain.
type eventView struct {
	Position      uint64          `json:"position"`
	EventID       string          `json:"event_id"`
	Stream        string          `json:"stream"`
	Version       uint64          `json:"version"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	RecordedAt    time.Time       `json:"recorded_at"`
	Metadata      json.RawMessage `json:"metadata"`
	Data          json.RawMessage `json:"data"`
	PrevHash      string          `json:"prev_hash"`
	Hash          string          `json:"hash"`

	meta eventlog.Metadata
}

func eventViewOf(e eventlog.Event) eventView {
	meta := e.RawMetadata
	if len(meta) == 0 {
		meta, _ = json.Marshal(e.Metadata) // plain strings: cannot fail.
	}
	return eventView{Position: e.Position, EventID: e.ID, Stream: e.Stream, Version: e.Version, Type: e.Type,
		SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt.UTC(), Metadata: meta, Data: e.Data,
		PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash), meta: e.Metadata}
}

// eventTable is the CSV form of events: the metadata spread over columns,
// the payload as its JSON text.
func eventTable(evs []eventView) table {
	var rows [][]string
	for _, e := range evs {
		m := e.meta
		rows = append(rows, []string{u(e.Position), e.EventID, e.Stream, u(e.Version), e.Type, strconv.Itoa(e.SchemaVersion),
			e.RecordedAt.Format(time.RFC3339Nano), m.ActorID, m.ActorRole, m.OnBehalfOf, m.Reason, m.RequestID,
			m.CorrelationID, m.CausationID, m.Client, e.PrevHash, e.Hash, string(e.Data)})
	}
	return table{cols: eventColumns, rows: rows}
}

// scoreTrailTable is the CSV form of a score trail.
func scoreTrailTable(trail []skp.ScoreChange) table {
	var rows [][]string
	for _, c := range trail {
		var before skp.Ratings
		if c.Before != nil {
			before = *c.Before
		}
		rows = append(rows, []string{u(c.Position), c.EventID, c.Stream, u(c.Version), c.Hash, c.Type,
			strconv.Itoa(c.Window), strconv.FormatBool(c.Annual),
			string(before.Hasil), string(before.Perilaku), string(before.Predikat),
			string(c.After.Hasil), string(c.After.Perilaku), string(c.After.Predikat),
			string(c.Outcome), c.ActorID, c.ActorRole, c.Reason, c.PolicyVersion,
			c.At.UTC().Format(time.RFC3339Nano), c.RecordedAt.UTC().Format(time.RFC3339Nano)})
	}
	return table{cols: scoreTrailColumns, rows: rows}
}

// maxActorLen bounds the actor parameter: an actor id is a NIP or a
// service name.
const maxActorLen = 100

func u(n uint64) string { return strconv.FormatUint(n, 10) }

// searchParams are the query parameters of GET /v1/audit/events; type may
// be repeated (or hold a comma-separated list), the others appear at most once.
var searchParams = map[string]bool{"actor": false, "stream": false, "stream_prefix": false,
	"type": true, "from": false, "to": false, "after": false, "limit": false}

// auditFilterOf reads an audit search from query parameters. Every problem
// is a field error; unknown parameters are errors too, so that a misspelt
// filter cannot silently widen a search.
func auditFilterOf(q url.Values) (eventlog.AuditFilter, error) {
	var f eventlog.AuditFilter
	var errs []FieldError
	bad := func(field, msg string) { errs = append(errs, FieldError{Field: field, Message: msg}) }
	for _, k := range slices.Sorted(maps.Keys(q)) {
		repeatable, known := searchParams[k]
		switch {
		case !known:
			bad(k, "unknown parameter; use actor, stream, stream_prefix, type, from, to, after or limit")
		case len(q[k]) > 1 && !repeatable:
			bad(k, "give it once")
		}
	}
	f.ActorID, f.Stream, f.StreamPrefix = q.Get("actor"), q.Get("stream"), q.Get("stream_prefix")
	if f.Stream != "" {
		if err := eventlog.ValidateStream(f.Stream); err != nil {
			bad("stream", err.Error())
		}
	}
	if len(f.StreamPrefix) > eventlog.MaxStreamNameLen {
		bad("stream_prefix", "too long")
	}
	if f.Stream != "" && f.StreamPrefix != "" {
		// Both were taken together, and a prefix the stream lacks
		// answered an empty list as if the log held nothing.
		bad("stream_prefix", "give stream or stream_prefix, not both")
	}
	if len(f.ActorID) > maxActorLen {
		bad("actor", "too long")
	}
	for _, v := range q["type"] {
		for _, t := range strings.Split(v, ",") {
			if err := eventlog.ValidateEventType(t); err != nil {
				bad("type", err.Error())
				continue
			}
			f.Types = append(f.Types, t)
		}
	}
	f.From = parseTimeParam(q, "from", bad)
	f.To = parseTimeParam(q, "to", bad)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		bad("to", "must be after from")
	}
	if v := q.Get("after"); v != "" {
		n, err := eventlog.ParsePosition(v)
		if err != nil {
			bad("after", "not a global position")
		}
		f.After = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > eventlog.MaxSearchLimit {
			bad("limit", "must be a number from 1 to "+strconv.Itoa(eventlog.MaxSearchLimit))
		}
		f.Limit = n
	}
	if len(errs) > 0 {
		return f, newRequestError(TypeValidation, "The search has invalid parameters.", errs...)
	}
	return f, nil
}

// parseTimeParam reads an RFC 3339 time from q[name], reporting a bad one.
func parseTimeParam(q url.Values, name string, bad func(field, msg string)) time.Time {
	v := q.Get(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	switch {
	case err != nil:
		bad(name, "not an RFC 3339 time such as 2025-03-31T00:00:00+07:00")
	case t.Before(eventlog.Epoch):
		// The zero time would read as no bound at all.
		bad(name, "must not be before "+eventlog.Epoch.Format(time.RFC3339))
	}
	return t
}
