package esdbtest_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
)

func TestReadStream(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	appendEvents(t, c, "s", event("E0", `{}`), event("E1", `{}`), event("E2", `{}`), event("E3", `{}`))
	appendEvents(t, c, "other", event("X", `{}`))
	cases := []struct {
		name  string
		opts  esdb.ReadStreamOptions
		count uint64
		want  []string
	}{
		{"all forwards", esdb.ReadStreamOptions{}, 100, []string{"E0", "E1", "E2", "E3"}},
		{"count", esdb.ReadStreamOptions{}, 2, []string{"E0", "E1"}},
		{"from revision", esdb.ReadStreamOptions{From: esdb.Revision(2)}, 100, []string{"E2", "E3"}},
		{"past the end", esdb.ReadStreamOptions{From: esdb.Revision(9)}, 100, nil},
		{"from end", esdb.ReadStreamOptions{From: esdb.End{}}, 100, nil},
		{"backwards from end", esdb.ReadStreamOptions{From: esdb.End{}, Direction: esdb.Backwards}, 3, []string{"E3", "E2", "E1"}},
		{"backwards from revision", esdb.ReadStreamOptions{From: esdb.Revision(1), Direction: esdb.Backwards}, 100, []string{"E1", "E0"}},
		{"backwards past the end", esdb.ReadStreamOptions{From: esdb.Revision(9), Direction: esdb.Backwards}, 1, []string{"E3"}},
		{"backwards from start", esdb.ReadStreamOptions{From: esdb.Start{}, Direction: esdb.Backwards}, 100, []string{"E0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := drain(c.ReadStream(ctx, "s", tc.opts, tc.count))
			if err != nil {
				t.Fatal(err)
			}
			if got := types(evs); !slices.Equal(got, tc.want) {
				t.Fatalf("read %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadMissingStream(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	_, err := drain(c.ReadStream(testContext(t), "nope", esdb.ReadStreamOptions{}, 10))
	var esErr *esdb.Error
	if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorCodeResourceNotFound || !strings.Contains(err.Error(), "'nope'") {
		t.Fatalf("err = %v, want stream 'nope' not found", err)
	}
}

func TestReadAll(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	appendEvents(t, c, "a", event("A0", `{}`), event("A1", `{}`))
	appendEvents(t, c, "b", event("B0", `{}`))
	appendEvents(t, c, "a", event("A2", `{}`))

	all, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{}, 1000))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != srv.EventCount() || !strings.HasPrefix(all[0].OriginalEvent().EventType, "$") {
		t.Fatalf("$all = %v, want the system events then the 4 user events", types(all))
	}
	user := all[len(all)-4:]
	if got := types(user); !slices.Equal(got, []string{"A0", "A1", "B0", "A2"}) {
		t.Fatalf("user events in $all = %v", got)
	}
	for i := 1; i < len(all); i++ {
		prev, cur := all[i-1], all[i]
		if cur.Commit == nil || *cur.Commit != cur.OriginalEvent().Position.Commit || prev.OriginalEvent().Position.Commit >= cur.OriginalEvent().Position.Commit {
			t.Fatalf("positions not increasing at %d: %v then %v", i, prev.OriginalEvent().Position, cur.OriginalEvent().Position)
		}
	}
	b0 := user[2].OriginalEvent().Position
	cases := []struct {
		name  string
		opts  esdb.ReadAllOptions
		count uint64
		want  []string
	}{
		{"forwards from a position includes it", esdb.ReadAllOptions{From: b0}, 100, []string{"B0", "A2"}},
		{"count", esdb.ReadAllOptions{From: b0}, 1, []string{"B0"}},
		{"backwards from a position excludes it", esdb.ReadAllOptions{From: b0, Direction: esdb.Backwards}, 2, []string{"A1", "A0"}},
		{"backwards from end", esdb.ReadAllOptions{From: esdb.End{}, Direction: esdb.Backwards}, 2, []string{"A2", "B0"}},
		{"forwards from end", esdb.ReadAllOptions{From: esdb.End{}}, 100, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := drain(c.ReadAll(ctx, tc.opts, tc.count))
			if err != nil {
				t.Fatal(err)
			}
			if got := types(evs); !slices.Equal(got, tc.want) {
				t.Fatalf("read %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOmitSystemEvents(t *testing.T) {
	srv := esdbtest.StartConfig(t, esdbtest.Config{OmitSystemEvents: true})
	c := newClient(t, srv)
	res := appendEvents(t, c, "a", event("A0", `{}`))
	all, err := drain(c.ReadAll(testContext(t), esdb.ReadAllOptions{}, 100))
	if err != nil || !slices.Equal(types(all), []string{"A0"}) {
		t.Fatalf("$all = %v, %v; want only A0", types(all), err)
	}
	if res.CommitPosition == 0 {
		t.Fatal("the first event is at position 0; a real log never puts one there")
	}
}
