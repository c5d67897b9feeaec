package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestProjectUsageErrors checks that "kinerja project" refuses unknown
// projections and a bad batch size as usage errors (exit code 2), before
// touching the database.
func TestProjectUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"nosuch"}, {"standings", "nosuch"}, {"-batch", "0"}, {"-batch", "x"}} {
		var out, errOut syncBuffer
		err := run(context.Background(), append([]string{"project"}, args...), mapEnv(nil), &out, &errOut)
		var ue *usageError
		if !errors.As(err, &ue) || report(err, &errOut) != 2 {
			t.Errorf("project %q: %v, want a usage error", args, err)
		}
	}
	got, err := projectionsNamed("project", []string{"promotion", "promotion"})
	if err != nil || len(got) != 1 || got[0].Name() != "promotion" {
		t.Errorf("projectionsNamed(promotion promotion) = %v, %v", namesOf(got), err)
	}
	if all, _ := projectionsNamed("project", nil); strings.Join(namesOf(all), ",") != strings.Join(projectionNames(), ",") {
		t.Errorf("projectionsNamed() = %v, want every projection", namesOf(all))
	}
}

// TestTooSmallAPoolIsRefused: with pool_max_conns=5 a process running the
// projections hung: every request and /readyz waited for ever, with no
// error. It is refused at start, naming the setting and the least size.
func TestTooSmallAPoolIsRefused(t *testing.T) {
	sc := pgtest.New(t)
	var out, errOut syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := run(ctx, []string{"project"}, mapEnv(map[string]string{"DATABASE_URL": sc.URL + "&pool_max_conns=5"}), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "pool_max_conns=5") || !strings.Contains(err.Error(), "at least 10") {
		t.Fatalf("project on a pool of 5: %v", err)
	}
	// A pool too small is a setting that cannot work: exit code 2, as the
	// README says of every bad setting, not 1 (a failure of the run).
	var msg syncBuffer
	if code := report(err, &msg); code != 2 || !strings.Contains(msg.String(), "pool_max_conns=5") {
		t.Fatalf("project on a pool of 5: exit %d, %q; want 2", code, msg.String())
	}
}
