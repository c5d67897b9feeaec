package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestBenchTinyOnBothBackends runs "kinerja bench" at a tiny size on
// PostgreSQL and on EventStoreDB (the fake server): it prints the table and
// writes the JSON with every figure.
func TestBenchTinyOnBothBackends(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"postgres", "esdb"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			sc := pgtest.New(t)
			vars := map[string]string{"DATABASE_URL": sc.URL}
			if backend == "esdb" {
				vars["KINERJA_EVENTSTORE"] = esdbtest.Start(t).URL()
			}
			file := filepath.Join(t.TempDir(), "bench.json")
			var out, errOut syncBuffer
			err := run(context.Background(), []string{"bench", "--employees", "20", "--backend", backend, "--json", file}, mapEnv(vars), &out, &errOut)
			if err != nil {
				t.Fatalf("bench: %v\n%s", err, errOut.String())
			}
			// Its progress into a buffer, as into a CI log: whole lines.
			if strings.Contains(errOut.String(), "\r") || !strings.Contains(errOut.String(), "bench: verify ") {
				t.Fatalf("progress outside a terminal drawn with \\r, or missing:\n%q", errOut.String())
			}
			for _, want := range []string{"append throughput", "catch-up standings", "rebuild of all projections", "audit verify"} {
				if !strings.Contains(out.String(), want) {
					t.Fatalf("table lacks %q:\n%s", want, out.String())
				}
			}
			var rep benchReport
			b, err := os.ReadFile(file)
			if err != nil || json.Unmarshal(b, &rep) != nil || rep.Backend != backend || rep.Events < 20 || len(rep.Figures) < 5 {
				t.Fatalf("json: %s (%v)", b, err)
			}
			// The HTTP phase: commands through the API, then read-model queries.
			for _, want := range []string{"HTTP commands (64 clients)", "HTTP command p50", "HTTP command p99",
				"standings query p50 (8 clients)", "standings query p99 (8 clients)", "standings query p99 (1 client)",
				"unit report query p50 (8 clients)", "unit report query p99 (1 client)",
				"promotion candidates query p99 (8 clients)", "promotion candidates query p50 (1 client)",
				"worklist query p50 (8 clients)", "worklist query p99 (8 clients)", "worklist query p99 (1 client)"} {
				i := slices.IndexFunc(rep.Figures, func(f benchFigure) bool { return f.Name == want })
				if i < 0 || rep.Figures[i].Value <= 0 || !strings.Contains(out.String(), want) {
					t.Fatalf("figure %q missing or not positive:\n%s", want, out.String())
				}
			}
			// A second run refuses the log it filled.
			if err := run(context.Background(), []string{"bench", "--employees", "20", "--backend", backend}, mapEnv(vars), &out, &errOut); err == nil {
				t.Fatal("bench on a non-empty log did not refuse")
			}
		})
	}
}
