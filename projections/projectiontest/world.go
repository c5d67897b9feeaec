// Package projectiontest generates realistic random sequences of domain
// events for the tests and benchmarks of projections: instansi with unit
// trees, employees with transfers and promotions, and a year of SKP plans,
// realisation, feedback, ratings, amendments and objections, interleaved
// across employees. Tests append the result through an event store, or
// turn it into stored events (Stored) and apply them to a projector in a
// test database (Apply, Dump, BatchEqualsOneByOne, FailsAt).
package projectiontest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// Append is one append to one stream.
type Append struct {
	Stream string
	Events []eventlog.NewEvent
}

// Config shapes a generated world. Zero fields take small defaults.
type Config struct {
	Seed      uint64
	Instansi  int // default 2
	Units     int // units per instansi, default 6
	Employees int // employees in all, default 40
	Year      int // default 2025
	// National gives every employee the whole year, as a national
	// deployment sees it (about 50 events per employee): plan, approval,
	// all four quarters, feedback every month, annual rating, and an
	// objection for one in ten. Otherwise employees stop at a random stage.
	National bool
}

func (c *Config) setDefaults() {
	if c.Instansi == 0 {
		c.Instansi = 2
	}
	if c.Units == 0 {
		c.Units = 6
	}
	if c.Employees == 0 {
		c.Employees = 40
	}
	if c.Year == 0 {
		c.Year = 2025
	}
}

// world is the state of the generator.
type world struct {
	cfg   Config
	rng   *rand.Rand
	clock time.Time
	out   []Append
	units map[string][]string // instansi → unit codes
}

// Generate returns the appends of a random world, in the order to append
// them. The same Config gives the same events except for event ids.
func Generate(cfg Config) []Append {
	var out []Append
	_ = GenerateEach(cfg, 0, func(a Append) error {
		out = append(out, a)
		return nil
	})
	return out
}

// GenerateEach passes the appends of a random world to emit, in the order
// to append them, and stops at emit's first error. It writes the years of
// chunk employees at a time, so that a large world need not be held in
// memory: the employees are then interleaved within each chunk only. A
// chunk < 1 (or not less than cfg.Employees) gives Generate's world.
func GenerateEach(cfg Config, chunk int, emit func(Append) error) error {
	cfg.setDefaults()
	if chunk < 1 {
		chunk = cfg.Employees
	}
	w := &world{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 7)), units: map[string][]string{},
		clock: time.Date(cfg.Year, 1, 2, 8, 0, 0, 0, time.UTC)}
	flush := func() error {
		for _, a := range w.out {
			ins := w.instansiOf(a.Stream)
			for i := range a.Events {
				a.Events[i].Metadata.Instansi = ins
			}
			if err := emit(a); err != nil {
				return err
			}
		}
		w.out = w.out[:0]
		return nil
	}
	queues := w.master()
	if err := flush(); err != nil {
		return err
	}
	for from := 0; from < cfg.Employees; from += chunk {
		to := min(from+chunk, cfg.Employees)
		for n := from; n < to; n++ {
			queues[n] = append(queues[n], w.script(n)...)
		}
		w.interleave(queues[from:to])
		clear(queues[from:to])
		if err := flush(); err != nil {
			return err
		}
	}
	for i := range w.cfg.Instansi {
		w.closeYear(instansiCode(i))
	}
	return flush()
}

// instansiOf returns the instansi of one of the world's streams, which the
// write path records in each event's metadata (as the use cases do).
func (w *world) instansiOf(stream string) string {
	switch {
	case strings.HasPrefix(stream, "unit-"), strings.HasPrefix(stream, "period-"):
		code, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(stream, "unit-"), "period-"), "-")
		return code
	case strings.HasPrefix(stream, "employee-"), strings.HasPrefix(stream, "skp-"):
		rest := strings.TrimPrefix(strings.TrimPrefix(stream, "employee-"), "skp-")
		n, err := strconv.Atoi(rest[12:18])
		if err != nil {
			panic(fmt.Sprintf("projectiontest: stream %s: %v", stream, err))
		}
		return instansiCode(n % w.cfg.Instansi)
	}
	panic("projectiontest: no instansi for stream " + stream)
}

// instansiCode returns the code of the i-th instansi.
func instansiCode(i int) string { return fmt.Sprintf("I%02d", i) }

// master registers units and opens the year in every instansi, and returns
// one queue of appends per employee: the registration of the employees
// registered late, to which their years are added (GenerateEach).
func (w *world) master() [][]Append {
	for i := range w.cfg.Instansi {
		w.registerUnits(instansiCode(i))
	}
	queues := make([][]Append, w.cfg.Employees)
	late := map[int]bool{}
	for n := range w.cfg.Employees {
		ins := instansiCode(n % w.cfg.Instansi)
		reg := w.append(employee.Stream(NIP(n)), w.registered(n, ins))
		if w.rng.IntN(5) == 0 {
			late[n] = true
			queues[n] = append(queues[n], reg)
		} else {
			w.out = append(w.out, reg)
		}
	}
	for i := range w.cfg.Instansi {
		w.openYear(instansiCode(i))
	}
	return queues
}

// NIP returns the unique, valid 18-digit NIP of the generated employee n
// (n ≥ 0). Its parts count n in mixed radix, least significant last: the
// serial (001–999), the gender digit (1–2), the appointment month (01–12),
// the appointment year (2000–2019) and the birth day (from 1975-01-01), so
// that NIPs sort as their n do and every one parses (the appointment is at
// least 25 years after the birth).
func NIP(n int) string {
	serial, r := n%999+1, n/999
	gender, r := r%2+1, r/2
	month, r := r%12+1, r/12
	year, r := 2000+r%20, r/20
	born := time.Date(1975, time.January, 1+r, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("%s%04d%02d%d%03d", born.Format("20060102"), year, month, gender, serial)
}

// interleave appends the employees' queues in random order, and sprinkles
// unit and period events in between.
func (w *world) interleave(queues [][]Append) {
	live := make([]int, 0, len(queues))
	for i, q := range queues {
		if len(q) > 0 {
			live = append(live, i)
		}
	}
	for len(live) > 0 {
		k := w.rng.IntN(len(live))
		n := live[k]
		w.out = append(w.out, queues[n][0])
		queues[n] = queues[n][1:]
		if len(queues[n]) == 0 {
			live[k] = live[len(live)-1]
			live = live[:len(live)-1]
		}
		if w.rng.IntN(40) == 0 {
			w.sprinkle()
		}
	}
}

// tick advances the clock and returns it.
func (w *world) tick() time.Time {
	w.clock = w.clock.Add(time.Duration(1+w.rng.IntN(90)) * time.Minute)
	return w.clock
}

// append encodes events for stream.
func (w *world) append(stream string, events ...eventlog.NewEvent) Append {
	return Append{Stream: stream, Events: events}
}

// Encode returns ev, a domain event of any context, as a new event with a
// fresh id and metadata naming by.
func Encode(ev interface{ EventType() string }, by actor.Actor) eventlog.NewEvent {
	var typ string
	var ver int
	var data []byte
	var err error
	switch c, _, _ := strings.Cut(ev.EventType(), "."); c {
	case "employee":
		typ, ver, data, err = employee.Encode(ev)
	case "unit":
		typ, ver, data, err = unit.Encode(ev)
	case "period":
		typ, ver, data, err = period.Encode(ev)
	case "skp":
		typ, ver, data, err = skp.Encode(ev)
	default:
		err = fmt.Errorf("unknown context of %s", ev.EventType())
	}
	if err != nil {
		panic(fmt.Sprintf("projectiontest: encode %s: %v", ev.EventType(), err))
	}
	return eventlog.NewEvent{ID: eventlog.NewID(), Type: typ, SchemaVersion: ver, Data: data,
		Metadata: eventlog.Metadata{ActorID: by.NIP, ActorRole: string(by.Role), CorrelationID: eventlog.NewID()}}
}
