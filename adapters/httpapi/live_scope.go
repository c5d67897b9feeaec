package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// Who receives which event on a live stream: exactly who may read the
// event's subject over GET, decided against the current state (as canRead
// does). An event of an employee's own stream or of one of their SKP
// streams goes to the employee (pegawai), to their pejabat penilai and
// atasan pejabat penilai in force today (who may read the employee's SKP,
// feedback and ratings included), and to the reading roles of its instansi
// (HR, admin, pimpinan, auditor, inspektorat: they may read every
// employee's data of the instansi, ratings and feedback texts included).
// An event of a period goes to every caller of its instansi (periods are
// public within it); any other event (units) to the reading roles of its
// instansi. Nothing else is ever sent.

// liveScope is what a caller may receive.
type liveScope struct {
	nip, instansi string
	// reader: a reading role of the instansi; owner: an employee (their own
	// streams); evaluator: may be someone's pejabat penilai or atasan.
	reader, owner, evaluator bool
}

// scopeOf returns the live scope of p.
func scopeOf(p Principal) liveScope {
	sc := liveScope{nip: p.NIP, instansi: p.Instansi, owner: p.Has(actor.Pegawai),
		evaluator: p.Has(actor.PejabatPenilai) || p.Has(actor.AtasanPejabatPenilai)}
	for _, r := range readRoles() {
		sc.reader = sc.reader || p.Has(r)
	}
	return sc
}

// instansiOnly reports whether sc admits exactly the events of its
// instansi: a reading role that evaluates nobody (an employee's own streams
// and the periods are of their instansi too).
func (sc liveScope) instansiOnly() bool { return sc.reader && !sc.evaluator }

// liveFacts are what deciding who may receive an event needs to know about
// it.
type liveFacts struct {
	// instansi is the event's: its metadata's, or derived from its stream
	// for events stored before metadata named one ("" when unknown).
	instansi string
	// subject is the NIP of the employee whose own or SKP stream the event
	// is on ("" for other streams).
	subject string
	// period marks an event of a period stream.
	period bool
	// peer marks an event that names a colleague giving peer feedback; the
	// employee does not receive it, since they see peer feedback without
	// who gave it (see anonymousPeers).
	peer bool
	// penilai and atasan are the officials of subject's reporting line in
	// force today; linesErr, when not nil, says they could not be loaded.
	penilai, atasan string
	linesErr        error
}

// verdict is the outcome of a scope decision.
type verdict int

const (
	deny verdict = iota
	allow
	// undecided: the decision needs facts that could not be loaded.
	undecided
)

// decide says whether sc may receive the event with facts f.
func (sc liveScope) decide(f liveFacts) verdict {
	if sc.reader && f.instansi != "" && f.instansi == sc.instansi {
		return allow
	}
	if f.subject == "" {
		if f.period && f.instansi != "" && f.instansi == sc.instansi {
			return allow
		}
		return deny
	}
	if sc.owner && f.subject == sc.nip {
		if f.peer {
			return deny
		}
		return allow
	}
	if !sc.evaluator || f.subject == sc.nip {
		return deny
	}
	if f.linesErr != nil {
		return undecided
	}
	if f.penilai == sc.nip || f.atasan == sc.nip {
		return allow
	}
	return deny
}

// maxLiveLines bounds the cache of reporting lines; past it the cache
// starts over.
const maxLiveLines = 50000

// liveLine is an employee's instansi and reporting line on day.
type liveLine struct {
	day                       civil.Date
	instansi, penilai, atasan string
}

// liveFactsSource finds the facts of events. It caches each employee's
// line of the day until the hub, which sees every event in order, passes
// an event of the employee's stream (forget), and each instansi's time
// zone until it passes an event of the instansi's settings (forgetZone).
type liveFactsSource struct {
	svc *command.Service
	now func() time.Time
	// zoneOf returns the time zone of instansi (the server's for ""),
	// whose day decides the line in force, as the commands count it.
	zoneOf func(ctx context.Context, instansi string) (*time.Location, error)
	// fallback is the zone of an instansi whose zone cannot be read.
	fallback *time.Location
	mu       sync.Mutex
	lines    map[string]liveLine
	zones    map[string]*time.Location
	// forgets counts calls of forget and forgetZone: what was loaded while
	// one ran may be stale and is not cached.
	forgets uint64
}

func newLiveFactsSource(svc *command.Service, now func() time.Time, zoneOf func(ctx context.Context, instansi string) (*time.Location, error),
	fallback *time.Location) *liveFactsSource {
	return &liveFactsSource{svc: svc, now: now, zoneOf: zoneOf, fallback: fallback, lines: map[string]liveLine{},
		zones: map[string]*time.Location{}}
}

// forgetZone drops the cached zone of instansi.
func (s *liveFactsSource) forgetZone(instansi string) {
	s.mu.Lock()
	delete(s.zones, instansi)
	s.forgets++
	s.mu.Unlock()
}

// today returns today's date in the zone of instansi (the server's for
// ""). The zone is read once and cached: checking a cached line against
// the day read the instansi's settings stream for every event.
func (s *liveFactsSource) today(ctx context.Context, instansi string) civil.Date {
	s.mu.Lock()
	loc, ok := s.zones[instansi]
	forgets := s.forgets
	s.mu.Unlock()
	if !ok {
		var err error
		if loc, err = s.zoneOf(ctx, instansi); err != nil {
			return civil.DateOf(s.now().In(s.fallback)) // not cached: read again next time
		}
		s.mu.Lock()
		if s.forgets == forgets {
			if len(s.zones) >= maxLiveLines {
				s.zones = map[string]*time.Location{}
			}
			s.zones[instansi] = loc
		}
		s.mu.Unlock()
	}
	return civil.DateOf(s.now().In(loc))
}

// forget drops the cached line of the employee nip.
func (s *liveFactsSource) forget(nip string) {
	s.mu.Lock()
	delete(s.lines, nip)
	s.forgets++
	s.mu.Unlock()
}

// of returns the facts of e. Only a failure to find the instansi of a
// unit event is an error; a failure to load a reporting line is recorded in
// the facts (linesErr), since it matters only to evaluators.
func (s *liveFactsSource) of(ctx context.Context, e eventlog.Event) (liveFacts, error) {
	f := liveFacts{instansi: e.Metadata.Instansi}
	switch {
	case strings.HasPrefix(e.Stream, "employee-"):
		f.subject = strings.TrimPrefix(e.Stream, "employee-")
	case strings.HasPrefix(e.Stream, "skp-"):
		if nip, _, err := skp.ParseStream(e.Stream); err == nil {
			f.subject = nip
		}
		f.peer = e.Type == skp.TypePeerInvited || e.Type == skp.TypePeerFeedbackRecorded
	case strings.HasPrefix(e.Stream, "followup-"):
		f.subject = strings.TrimPrefix(e.Stream, "followup-")
	case strings.HasPrefix(e.Stream, "period-"):
		f.period = true
		if f.instansi == "" {
			f.instansi = periodInstansi(e.Stream)
		}
	case strings.HasPrefix(e.Stream, "unit-") && f.instansi == "":
		u, err := s.svc.Unit(ctx, strings.TrimPrefix(e.Stream, "unit-"))
		if err != nil {
			return f, fmt.Errorf("live event %d: instansi of %s: %w", e.Position, e.Stream, err)
		}
		f.instansi = u.Instansi()
	}
	if f.subject != "" {
		l, err := s.line(ctx, f.subject)
		f.penilai, f.atasan, f.linesErr = l.penilai, l.atasan, err
		if f.instansi == "" && err == nil {
			f.instansi = l.instansi
		}
	}
	return f, nil
}

// line returns the instansi and the reporting line in force today (in the
// instansi's zone) of the employee nip; an employee never registered has
// none.
func (s *liveFactsSource) line(ctx context.Context, nip string) (liveLine, error) {
	s.mu.Lock()
	l, ok := s.lines[nip]
	forgets := s.forgets
	s.mu.Unlock()
	if ok && l.day == s.today(ctx, l.instansi) {
		return l, nil
	}
	l = liveLine{day: s.today(ctx, "")}
	e, err := s.svc.Employee(ctx, nip)
	switch {
	case errors.Is(err, command.ErrNotFound):
	case err != nil:
		return liveLine{}, fmt.Errorf("reporting line of %s: %w", nip, err)
	default:
		l.instansi = e.Instansi()
		l.day = s.today(ctx, l.instansi)
		if rl, ok := e.ReportingLineAt(l.day); ok {
			l.penilai, l.atasan = rl.PejabatPenilai, rl.AtasanPejabatPenilai
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.forgets != forgets {
		return l, nil
	}
	if len(s.lines) >= maxLiveLines {
		s.lines = map[string]liveLine{}
	}
	s.lines[nip] = l
	return l, nil
}

// periodInstansi returns the instansi of the period stream
// period-<instansi>-<year>.
func periodInstansi(stream string) string {
	rest := strings.TrimPrefix(stream, "period-")
	if i := strings.LastIndexByte(rest, '-'); i > 0 {
		return rest[:i]
	}
	return ""
}
