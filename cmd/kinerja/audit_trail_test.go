package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestAuditTrail(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const nip = "198609262015051001"
	by := actor.Actor{NIP: "197001012000031001", Role: actor.PejabatPenilai}
	at := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	bk := skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}
	sb := skp.Ratings{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Predikat: performance.SangatBaik}
	var positions []uint64
	for _, e := range []skp.Event{
		skp.Drafted{NIP: nip, Year: 2025, At: at, By: by},
		skp.AnnualRatingsGiven{NIP: nip, Year: 2025, Ratings: bk, At: at, By: by},
		skp.RatingsAmended{NIP: nip, Year: 2025, Previous: bk, New: sb, Reason: "late evidence", At: at, By: by},
	} {
		typ, v, data, err := skp.Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.Append(ctx, skp.Stream(nip, 2025), eventlog.Any, eventlog.NewEvent{ID: eventlog.NewID(), Type: typ, SchemaVersion: v, Data: data,
			Metadata: eventlog.Metadata{ActorID: by.NIP, ActorRole: string(by.Role)}})
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, res.Position)
	}
	args := []string{"audit", "trail", "--nip", nip, "--year", "2025"}
	out, errOut, err := runKinerja(t, ctx, sc, nil, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last skp.ScoreChange
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || len(lines) != 2 {
		t.Fatalf("trail output %q: %v", out, err)
	}
	if last.Before == nil || *last.Before != bk || last.After != sb || last.Reason != "late evidence" || last.Position != positions[2] || len(last.Hash) != 64 {
		t.Fatalf("last change = %+v", last)
	}
	out, _, err = runKinerja(t, ctx, sc, nil, append(args, "--as-of", strconv.FormatUint(positions[1], 10))...)
	if err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("trail as of the annual rating: %v\n%s", err, out)
	}
	// A date is the end of that day, as replay's --until (it was refused):
	// the log's events were all recorded today, so tomorrow holds both
	// changes and a day of 2000 none.
	tomorrow := time.Now().In(civil.DefaultZone()).AddDate(0, 0, 1).Format(time.DateOnly)
	out, _, err = runKinerja(t, ctx, sc, nil, append(args, "--as-of", tomorrow)...)
	if err != nil || strings.Count(out, "\n") != 2 {
		t.Fatalf("trail as of %s: %v\n%s", tomorrow, err, out)
	}
	if _, _, err := runKinerja(t, ctx, sc, nil, append(args, "--as-of", "2000-01-01")...); err == nil || report(err, &syncBuffer{}) != 1 {
		t.Fatalf("trail as of 2000-01-01: %v, want no SKP then", err)
	}
	if _, _, err := runKinerja(t, ctx, sc, nil, append(args, "--as-of", "yesterday")...); report(err, &syncBuffer{}) != 2 {
		t.Fatalf("bad --as-of: %v, want a usage error", err)
	}
	// An SKP that is not in the log printed "0 rating events" and exited 0.
	_, _, err = runKinerja(t, ctx, sc, nil, "audit", "trail", "--nip", nip, "--year", "2031")
	if err == nil || report(err, &syncBuffer{}) != 1 || !strings.Contains(err.Error(), "no SKP of "+nip+" for 2031") {
		t.Fatalf("an SKP not in the log: %v, want exit 1 naming it", err)
	}
	// A year no SKP can have is a mistyped argument (it said "no SKP of …
	// for -5" and exited 1).
	for _, y := range []string{"-5", "25", "1999", "10000"} {
		_, _, err = runKinerja(t, ctx, sc, nil, "audit", "trail", "--nip", nip, "--year", y)
		if err == nil || report(err, &syncBuffer{}) != 2 || !strings.Contains(err.Error(), "--year "+y+": an SKP's year is from 2000 to 9999") {
			t.Fatalf("--year %s: %v, want a usage error naming the range", y, err)
		}
	}
}
