package projectiontest

import (
	"sort"
	"strings"
	"testing"
)

// TestGenerateEachInChunks checks the streamed world: every employee is
// registered before the first event of their SKP, each chunk's employees
// are done before the next chunk's start (so at most one chunk is held in
// memory), the years are closed last, and a chunk that covers everyone
// gives Generate's world.
func TestGenerateEachInChunks(t *testing.T) {
	cfg := Config{Seed: 3, Employees: 30, Instansi: 2, National: true}
	var got []Append
	if err := GenerateEach(cfg, 7, func(a Append) error { got = append(got, a); return nil }); err != nil {
		t.Fatal(err)
	}
	registered, chunkSeen := map[int]bool{}, -1
	for i, a := range got {
		switch {
		case strings.HasPrefix(a.Stream, "employee-") && a.Events[0].Type == "employee.registered":
			registered[employeeOf(t, a.Stream)] = true
		case strings.HasPrefix(a.Stream, "skp-"):
			n := employeeOf(t, a.Stream)
			if !registered[n] {
				t.Fatalf("append %d: SKP of employee %d before their registration", i, n)
			}
			if n/7 < chunkSeen {
				t.Fatalf("append %d: employee %d of chunk %d after chunk %d began", i, n, n/7, chunkSeen)
			}
			chunkSeen = max(chunkSeen, n/7)
		}
	}
	if len(registered) != 30 || chunkSeen != 4 {
		t.Fatalf("%d employees registered, last chunk %d", len(registered), chunkSeen)
	}
	for _, a := range got[len(got)-2:] {
		if !strings.HasPrefix(a.Stream, "period-") {
			t.Errorf("the world ends with %s, want the years closed", a.Stream)
		}
	}
	whole, all := Generate(cfg), []Append(nil)
	_ = GenerateEach(cfg, 30, func(a Append) error { all = append(all, a); return nil })
	if len(whole) != len(all) {
		t.Fatalf("one chunk of all: %d appends, Generate %d", len(all), len(whole))
	}
	for i := range whole {
		if whole[i].Stream != all[i].Stream || len(whole[i].Events) != len(all[i].Events) || whole[i].Events[0].Type != all[i].Events[0].Type {
			t.Fatalf("append %d: %s %s, Generate %s %s", i, all[i].Stream, all[i].Events[0].Type, whole[i].Stream, whole[i].Events[0].Type)
		}
	}
}

// employeeOf returns the generated employee number of an employee or SKP
// stream: the n whose NIP(n) it names (NIPs sort as their n do).
func employeeOf(t *testing.T, stream string) int {
	t.Helper()
	id := strings.TrimPrefix(strings.TrimPrefix(stream, "employee-"), "skp-")[:18]
	n := sort.Search(4000000, func(n int) bool { return NIP(n) >= id })
	if NIP(n) != id {
		t.Fatalf("stream %s names no generated NIP", stream)
	}
	return n
}
