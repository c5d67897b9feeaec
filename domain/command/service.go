package command

import (
	"errors"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
)

// Errors of the use cases. Domain errors (skp.ErrAlreadyRated and the like)
// and eventlog.ErrConcurrency are returned wrapped, so errors.Is finds them.
var (
	// ErrNotFound means a stream the command or query needs has no events:
	// the employee, unit, period or SKP does not exist.
	ErrNotFound = errors.New("not found")
	// ErrPolicyUnknown means an event names a policy version that is neither
	// built in nor adopted by the instansi.
	ErrPolicyUnknown = errors.New("policy version unknown")
	// ErrOtherInstansi means the command links things of different instansi,
	// such as an employee and a unit.
	ErrOtherInstansi = errors.New("belongs to another instansi")
	// ErrNotPimpinan means the actor does not head the unit one level up.
	ErrNotPimpinan = errors.New("actor is not the pimpinan of the unit one level up")
)

// Meta is what a command carries besides its input: who acts, when, and the
// tracing and idempotency data recorded in the metadata of every event.
type Meta struct {
	Actor actor.Actor
	// At is the time of the action. Zero means the service clock. Either way
	// it is taken in the time zone of the instansi of the command's stream
	// (InstansiZone; the service's location for a stream not yet started),
	// so the civil day of the action is the instansi's.
	At time.Time
	// OnBehalfOf, CorrelationID, CausationID, RequestID and IdempotencyKey
	// go into the event metadata; a non-empty IdempotencyKey also makes the
	// event ids derived, so that a retry returns the first result.
	OnBehalfOf, CorrelationID, CausationID, RequestID, IdempotencyKey string
	// Reason explains the action in the event metadata. When empty, the
	// reason the command itself carries (an amendment's reason, a
	// correction's reason) is recorded instead.
	Reason, Client string
	// IfMatch is the stream version the caller saw (HTTP If-Match). When set,
	// a different version is a *eventlog.ConcurrencyError, returned at once
	// and never retried. Nil means: the version loaded, with retries.
	IfMatch *uint64
	// IfExists (HTTP If-Match: *) requires the stream to exist: on a stream
	// with no events the command is a *eventlog.ConcurrencyError expecting
	// eventlog.StreamExists, returned at once.
	IfExists bool
}

// Result is where the events of a command landed.
type Result struct {
	Stream   string
	Version  uint64   // the stream's version after the command
	Position uint64   // the global position of the command's last event
	EventIDs []string // the ids of the command's events, in order
	// Replayed is true when an idempotent retry returned the first result
	// and appended nothing.
	Replayed bool
}

// ServiceConfig configures a Service. Zero fields take their defaults.
type ServiceConfig struct {
	// Store is the event store; required.
	Store EventStore
	// Policies holds the built-in policy versions, known to every instansi,
	// by version. Default: performance.DefaultPolicy alone. Versions an
	// instansi adopts are in its policy register (AdoptPolicy).
	Policies map[string]performance.Policy
	// CurrentPolicy is the built-in version in force for an instansi on a
	// day for which it adopted none. Default: performance.DefaultPolicyVersion.
	CurrentPolicy string
	// Location is the time zone of the instansi. Default: civil.DefaultZone (WIB,
	// a fixed UTC+7 when the time zone database is unavailable).
	Location *time.Location
	// Now is the service clock. Default: time.Now.
	Now func() time.Time
	// MaxRetries bounds how often a command is decided again after a
	// concurrency conflict. Zero means the default, 50; negative means never.
	MaxRetries int
	// Unqueued lets commands of one stream run in this service at the same
	// time, each deciding on the version it read, as commands of different
	// processes do; by default they take turns (a command then meets a
	// conflict only from another process). Tests of those conflicts set it.
	Unqueued bool
	// RetryWithin bounds the time over which a command is decided again
	// after conflicts, measured from its first attempt. Between attempts the
	// service pauses a random while, up to 1 ms doubled per attempt and at
	// most 100 ms, so that writers of one stream stop colliding. Zero means
	// the default, 5 s.
	RetryWithin time.Duration
}

// withDefaults returns c with its zero fields set to their defaults.
func (c ServiceConfig) withDefaults() ServiceConfig {
	if len(c.Policies) == 0 {
		p := performance.DefaultPolicy()
		c.Policies = map[string]performance.Policy{p.Version: p}
	}
	if c.CurrentPolicy == "" {
		c.CurrentPolicy = performance.DefaultPolicyVersion
	}
	if c.Location == nil {
		c.Location = civil.DefaultZone()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = 50
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	if c.RetryWithin <= 0 {
		c.RetryWithin = 5 * time.Second
	}
	return c
}

// Validate reports a configuration that cannot work, after defaults: no
// store, a policy that is invalid or filed under another version, or a
// current policy that is not among the policies.
func (c ServiceConfig) Validate() error {
	c = c.withDefaults()
	if c.Store == nil {
		return errors.New("command: ServiceConfig.Store is required")
	}
	for v, p := range c.Policies {
		if v != p.Version {
			return fmt.Errorf("command: policy filed under %q has version %q", v, p.Version)
		}
		if err := p.Validate(); err != nil {
			return fmt.Errorf("command: policy %s: %w", v, err)
		}
	}
	if _, ok := c.Policies[c.CurrentPolicy]; !ok {
		return fmt.Errorf("command: current policy %q: %w", c.CurrentPolicy, ErrPolicyUnknown)
	}
	return nil
}

// Service runs Kinerja's write-side use cases: one method per command, each
// loading the streams it needs, deciding with the domain model and appending
// the new events with the version it loaded. It is safe for concurrent use.
type Service struct {
	cfg  ServiceConfig
	refs refCache
	// streams caches the events of the commands' own streams (readStream).
	streams streamCache
	// queue runs the commands of one stream one at a time (streamQueue),
	// unless ServiceConfig.Unqueued.
	queue streamQueue
}

// NewService returns a Service for cfg, or the error of cfg.Validate.
func NewService(cfg ServiceConfig) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Service{cfg: cfg.withDefaults()}, nil
}

// policy returns the policy of version v, or an error wrapping ErrPolicyUnknown.
func (s *Service) policy(v string) (performance.Policy, error) {
	p, ok := s.cfg.Policies[v]
	if !ok {
		return performance.Policy{}, fmt.Errorf("%w: %q", ErrPolicyUnknown, v)
	}
	return p, nil
}

// at returns the time of the action m describes, in the service's location.
func (s *Service) at(m Meta) time.Time {
	t := m.At
	if t.IsZero() {
		t = s.cfg.Now()
	}
	return t.In(s.cfg.Location)
}
