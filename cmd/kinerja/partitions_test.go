package main

import (
	"context"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestPartitionsListsAndCreatesAhead(t *testing.T) {
	sc := pgtest.New(t)
	if _, err := sc.Pool.Exec(context.Background(), `UPDATE event_partitioning SET size = 4`); err != nil {
		t.Fatal(err)
	}
	seedLog(t, sc, 10)
	var out, errOut syncBuffer
	err := run(context.Background(), []string{"partitions"}, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	if err != nil {
		t.Fatalf("partitions: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"events_p000000000001", "head 10;"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
	// The first partition ends at 10000001 (the default size when the
	// schema was migrated), far enough ahead of the head.
	if !strings.Contains(out.String(), "sampai sebelum posisi 10000001") {
		t.Fatalf("covered bound missing:\n%s", out.String())
	}
	if out, _, _ := auditVerify(t, sc); !strings.HasPrefix(out, "verified 10 events") {
		t.Fatalf("audit verify: %q", out)
	}
}
