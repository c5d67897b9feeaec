// Package adoption models the policy register of an instansi: the policy
// versions (performance.Policy) it adopted, each in force from a day on,
// as events in the stream policy-<instansi>.
//
// The rules of an adoption are those an auditor expects of a rule book:
// it takes effect on the day it is adopted or later, never before, so no
// decision already made is judged by rules that did not exist when it was
// made; a decision made on the adoption day before the adoption keeps the
// version it recorded. A version string names one content for good: the
// same version may be adopted again (from a new day) only with the same
// content, and never with the content of a built-in version changed.
// Another adoption from the same day replaces a pending one; one from an
// earlier day than a pending one is in force until the pending one starts.
package adoption

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
	"github.com/kinerja/kinerja/domain/unit"
)

// Errors of the policy register. Input errors wrap ErrInvalidInput; an
// invalid policy wraps performance.ErrInvalidPolicy.
var (
	ErrInvalidInput = errors.New("invalid policy adoption")
	// ErrRetroactive means the adoption would take effect before the day
	// it is adopted, changing the rules of decisions already made.
	ErrRetroactive = errors.New("a policy cannot take effect before the day it is adopted")
	// ErrVersionConflict means the version string already names another
	// content, built in or adopted earlier by the instansi.
	ErrVersionConflict = errors.New("policy version already used with other content")
)

// Stream returns the name of the policy register stream of instansi.
func Stream(instansi string) string { return "policy-" + instansi }

// Entry is one adoption in the register.
type Entry struct {
	Policy   performance.Policy
	From     civil.Date
	Reason   string
	At       time.Time
	By       actor.Actor
	EventID  string // empty for an adoption not stored yet
	Position uint64 // global position; 0 for an adoption not stored yet
}

// Register is the policy register of one instansi, rebuilt by Replay.
type Register struct {
	version  uint64
	instansi string
	entries  []Entry
}

// New returns the register of an instansi that adopted nothing.
func New() *Register { return &Register{} }

// Replay rebuilds a register from its whole stream, in version order.
func Replay(stored []eventlog.Event) (*Register, error) {
	r := New()
	for _, s := range stored {
		e, err := Decode(s.Type, s.SchemaVersion, s.Data)
		if err != nil {
			return nil, fmt.Errorf("replay %s version %d: %w", s.Stream, s.Version, err)
		}
		r.apply(e, s.ID, s.Position)
		r.version++
	}
	return r, nil
}

func (r *Register) apply(e Event, id string, position uint64) {
	if a, ok := e.(Adopted); ok {
		r.instansi = a.Instansi
		r.entries = append(r.entries, Entry{Policy: a.Policy, From: a.From, Reason: a.Reason, At: a.At, By: a.By,
			EventID: id, Position: position})
	}
}

// Version returns the number of events replayed.
func (r *Register) Version() uint64 { return r.version }

// Entries returns every adoption, in the order they were adopted.
func (r *Register) Entries() []Entry { return append([]Entry(nil), r.entries...) }

// InForce returns the adoption in force on day d: among those from d or
// earlier, the one from the latest day, and of those the last adopted.
// It reports false when none is (the built-in default applies).
func (r *Register) InForce(d civil.Date) (Entry, bool) {
	var best Entry
	found := false
	for _, e := range r.entries {
		if e.From.After(d) {
			continue
		}
		if !found || !e.From.Before(best.From) {
			best, found = e, true
		}
	}
	return best, found
}

// Lookup returns the policy the instansi adopted under version v.
func (r *Register) Lookup(v string) (performance.Policy, bool) {
	for _, e := range r.entries {
		if e.Policy.Version == v {
			return e.Policy, true
		}
	}
	return performance.Policy{}, false
}

// Adoption is the input of Adopt.
type Adoption struct {
	Instansi string
	From     civil.Date
	Policy   performance.Policy
	Reason   string
}

// Adopt records that a.Instansi adopts a.Policy from a.From on. Only an
// admin (or the system) adopts. The policy must be valid, From a real day
// no earlier than the day of at (ErrRetroactive), and its version must not
// name other content among the built-in policies or the register's
// adoptions (ErrVersionConflict).
func (r *Register) Adopt(at time.Time, by actor.Actor, builtin map[string]performance.Policy, a Adoption) ([]Event, error) {
	if at.IsZero() {
		return nil, fmt.Errorf("%w: the command has no time", ErrInvalidInput)
	}
	if err := by.Require(actor.Admin, actor.System); err != nil {
		return nil, err
	}
	if err := unit.ValidateInstansi(a.Instansi); err != nil {
		return nil, field.Wrap(ErrInvalidInput, "instansi", err)
	}
	if r.instansi != "" && r.instansi != a.Instansi {
		return nil, fmt.Errorf("%w: register of %s, adoption for %s", ErrInvalidInput, r.instansi, a.Instansi)
	}
	reason, err := text.Checker{Invalid: ErrInvalidInput}.Block("reason", a.Reason, text.MaxNote)
	if err != nil {
		return nil, err
	}
	if err := a.Policy.Validate(); err != nil {
		return nil, err
	}
	if !a.From.IsValid() {
		return nil, fmt.Errorf("%w: from %q is not a real day", ErrInvalidInput, a.From)
	}
	if today := civil.DateOf(at); a.From.Year > today.Year+10 {
		return nil, fmt.Errorf("%w: from %s is more than ten years ahead", ErrInvalidInput, a.From)
	}
	if today := civil.DateOf(at); a.From.Before(today) {
		return nil, fmt.Errorf("adopt policy %s from %s on %s: %w", a.Policy.Version, a.From, today, ErrRetroactive)
	}
	if err := r.checkVersion(builtin, a.Policy); err != nil {
		return nil, err
	}
	e := Adopted{Instansi: a.Instansi, From: a.From, Policy: a.Policy, Reason: reason, At: at, By: by}
	r.apply(e, "", 0)
	return []Event{e}, nil
}

// checkVersion refuses a version that already names other content.
func (r *Register) checkVersion(builtin map[string]performance.Policy, p performance.Policy) error {
	if b, ok := builtin[p.Version]; ok && !Same(b, p) {
		return fmt.Errorf("adopt policy %s: %w (a built-in version)", p.Version, ErrVersionConflict)
	}
	if prev, ok := r.Lookup(p.Version); ok && !Same(prev, p) {
		return fmt.Errorf("adopt policy %s: %w (adopted before)", p.Version, ErrVersionConflict)
	}
	return nil
}

// Same reports whether a and b have the same content: the same JSON.
func Same(a, b performance.Policy) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
