package main

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestReplayCommands replays a world into a scratch schema with progress on
// stderr, diffs it against the live standings (same, then one corrupted
// row, exit code 1), lists it and drops it.
func TestReplayCommands(t *testing.T) {
	sc := pgtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, a := range projectiontest.Generate(projectiontest.Config{Seed: 3, Employees: 20}) {
		if _, err := st.Append(ctx, a.Stream, eventlog.Any, a.Events...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rebuild.Rebuild(ctx, sc.Pool, st, standings.New(), rebuild.Config{}); err != nil {
		t.Fatal(err)
	}
	head, _, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	scratch := "rp_" + sc.Name
	t.Cleanup(func() { _ = rebuild.DropReplay(context.Background(), sc.Pool, scratch) })

	out, errOut, err := runKinerja(t, ctx, sc, nil, "replay", "--until", strconv.FormatUint(head, 10), "--projection", "standings", "--into", scratch, "--batch", "50")
	if err != nil || !strings.Contains(out, "into schema "+scratch+" up to position "+strconv.FormatUint(head, 10)) ||
		!strings.Contains(errOut, "position "+strconv.FormatUint(head, 10)+" of "+strconv.FormatUint(head, 10)+" (100%)") {
		t.Fatalf("replay: %v\nstdout %s\nstderr %s", err, out, errOut)
	}
	if strings.Contains(errOut, "past the log's head") {
		t.Errorf("replay to the head noted as past it: %s", errOut)
	}
	// A position past the head (a typo) replays the whole log, and says so.
	_, errOut, err = runKinerja(t, ctx, sc, nil, "replay", "--until", strconv.FormatUint(head*10, 10), "--projection", "standings", "--into", scratch)
	if err != nil || !strings.Contains(errOut, "--until "+strconv.FormatUint(head*10, 10)+" is past the log's head") {
		t.Fatalf("replay past the head: %v\nstderr %s", err, errOut)
	}
	out, _, err = runKinerja(t, ctx, sc, nil, "replay", "diff", "--schema", scratch, "--projection", "standings")
	if err != nil || !strings.Contains(out, "same as live") {
		t.Fatalf("diff of an equal replay: %v\n%s", err, out)
	}
	if _, err := sc.Pool.Exec(ctx, `UPDATE standings SET skp_status = 'returned' WHERE nip = (SELECT min(nip) FROM standings)`); err != nil {
		t.Fatal(err)
	}
	out, _, err = runKinerja(t, ctx, sc, nil, "replay", "diff", "--schema", scratch, "--json")
	if !errors.Is(err, errDiffers) || report(err, &syncBuffer{}) != 1 {
		t.Fatalf("diff after corruption: %v, want errDiffers", err)
	}
	var rep rebuild.DiffReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Tables[0].Differing != 1 || rep.Tables[0].Rows[0].Columns[0].Column != "skp_status" {
		t.Fatalf("diff JSON %s: %v", out, err)
	}
	out, _, err = runKinerja(t, ctx, sc, nil, "replay", "list")
	if err != nil || !strings.HasPrefix(out, scratch+"\tstandings\tposition "+strconv.FormatUint(head, 10)) {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, _, err = runKinerja(t, ctx, sc, nil, "replay", "--drop", scratch); err != nil || !strings.Contains(out, "dropped") {
		t.Fatalf("drop: %v\n%s", err, out)
	}
	if out, _, _ = runKinerja(t, ctx, sc, nil, "replay", "list"); out != "" {
		t.Fatalf("list after drop: %q", out)
	}
}

// TestReplayRefusesBadInput checks the usage errors: missing flags, a bad
// bound, an unsafe or live schema, an unknown projection, and a drop of
// the live schema.
func TestReplayRefusesBadInput(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	cases := [][]string{
		{"replay", "--until", "5"},
		{"replay", "--until", "yesterday", "--into", "rp_x"},
		{"replay", "--until", "5", "--into", "Robert'); DROP TABLE events;--"},
		{"replay", "--until", "5", "--into", "rp_x", "--projection", "nope"},
		{"replay", "--until", "2025-03-31", "--into", sc.Name},
		{"replay", "--drop", "pg_catalog"},
		{"replay", "--drop", "x", "--until", "5"},
		{"replay", "diff", "--schema", "Bad"},
	}
	for _, args := range cases {
		if _, errOut, err := runKinerja(t, ctx, sc, nil, args...); report(err, &syncBuffer{}) != 2 {
			t.Errorf("%q: %v (stderr %s), want a usage error", args, err, errOut)
		}
	}
	if _, _, err := runKinerja(t, ctx, sc, nil, "replay", "--drop", sc.Name); !errors.Is(err, rebuild.ErrUnsafeSchema) {
		t.Errorf("drop of the live schema: %v, want ErrUnsafeSchema", err)
	}
}
