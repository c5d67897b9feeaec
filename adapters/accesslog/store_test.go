package accesslog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/access"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func newStore(t *testing.T, cfg Config) (*Store, *pgtest.Schema) {
	t.Helper()
	sc := pgtest.New(t)
	st, err := New(context.Background(), sc.Pool, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	return st, sc
}

func entry(subject, instansi, nip string, at time.Time) access.Entry {
	return access.Entry{At: at, Subject: subject, Roles: []string{"hr"}, Instansi: instansi, Method: "GET",
		Route: "/v1/employees/{nip}", ResourceKind: "employee", ResourceID: nip, Status: 200, RequestID: "r", ClientAddr: "127.0.0.1"}
}

func flush(t *testing.T, st *Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, sc *pgtest.Schema) int {
	t.Helper()
	var n int
	if err := sc.Pool.QueryRow(context.Background(), `SELECT count(*) FROM access_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSearchFiltersByInstansiSubjectResourceAndTime(t *testing.T) {
	st, _ := newStore(t, Config{})
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	st.Record(entry("hr-a", "a", "n1", t0))
	st.Record(entry("hr-a", "a", "n2", t0.Add(time.Hour)))
	st.Record(entry("hr-b", "b", "n1", t0.Add(2*time.Hour)))
	st.Record(entry("hr-a2", "a", "n1", t0.Add(3*time.Hour)))
	flush(t, st)
	ctx := context.Background()
	cases := []struct {
		f    access.Filter
		want []string
	}{
		{access.Filter{Instansi: "a"}, []string{"hr-a n1", "hr-a n2", "hr-a2 n1"}},
		{access.Filter{Instansi: "b"}, []string{"hr-b n1"}},
		{access.Filter{Instansi: "a", ResourceID: "n1"}, []string{"hr-a n1", "hr-a2 n1"}},
		{access.Filter{Instansi: "a", Subject: "hr-a"}, []string{"hr-a n1", "hr-a n2"}},
		{access.Filter{Instansi: "a", Subject: "hr-b"}, nil},
		{access.Filter{Instansi: "a", From: t0.Add(time.Hour), To: t0.Add(3 * time.Hour)}, []string{"hr-a n2"}},
		{access.Filter{Instansi: "a", ResourceKind: "skp"}, nil},
	}
	for _, c := range cases {
		es, err := st.Search(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			got = append(got, e.Subject+" "+e.ResourceID)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
	}
	if _, err := st.Search(ctx, access.Filter{}); !errors.Is(err, access.ErrBadFilter) {
		t.Errorf("a search without instansi: %v", err)
	}
}

func TestSearchPagesByCursorWithTies(t *testing.T) {
	st, _ := newStore(t, Config{})
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range 5 {
		st.Record(entry(fmt.Sprint("s", i), "a", "n", at)) // the same time: the id breaks ties.
	}
	flush(t, st)
	var seen []string
	f := access.Filter{Instansi: "a", Limit: 2}
	for page := 0; page < 5; page++ {
		es, err := st.Search(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			seen = append(seen, e.Subject)
		}
		if len(es) < f.PageSize() {
			break
		}
		c, err := access.ParseCursor(access.CursorOf(es[len(es)-1]).String())
		if err != nil {
			t.Fatal(err)
		}
		f.After = c
	}
	if got := strings.Join(seen, ","); got != "s0,s1,s2,s3,s4" {
		t.Fatalf("pages gave %s", got)
	}
}

// TestSearchFindsReadsOfTheInstansisDataByOtherInstansi: an instansi's
// search holds its readers' reads and the reads of its data by readers of
// another instansi (ResourceInstansi), merged in (at, id) order across pages
// and filtered alike; never the other instansi's reads of its own data.
func TestSearchFindsReadsOfTheInstansisDataByOtherInstansi(t *testing.T) {
	st, _ := newStore(t, Config{})
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	cross := func(subject, nip string, at time.Time) access.Entry {
		e := entry(subject, "b", nip, at)
		e.ResourceInstansi = []string{"c", "a"}
		return e
	}
	st.Record(entry("hr-a", "a", "n1", t0))
	st.Record(cross("kepala-b", "n1", t0.Add(time.Minute)))
	st.Record(entry("hr-b", "b", "m1", t0.Add(2*time.Minute)))
	st.Record(entry("hr-a", "a", "n2", t0.Add(3*time.Minute)))
	st.Record(cross("kepala-b", "n2", t0.Add(3*time.Minute))) // a tie in time: the id orders it
	st.Record(cross("kepala-b", "n1", t0.Add(4*time.Minute)))
	flush(t, st)
	search := func(f access.Filter) string {
		var seen []string
		for page := 0; page < 10; page++ {
			es, err := st.Search(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				seen = append(seen, e.Subject+" "+e.ResourceID)
			}
			if len(es) < f.PageSize() {
				break
			}
			f.After = access.CursorOf(es[len(es)-1])
		}
		return strings.Join(seen, ",")
	}
	for _, c := range []struct {
		f    access.Filter
		want string
	}{
		{access.Filter{Instansi: "a", Limit: 2}, "hr-a n1,kepala-b n1,hr-a n2,kepala-b n2,kepala-b n1"},
		{access.Filter{Instansi: "a", Limit: 1000}, "hr-a n1,kepala-b n1,hr-a n2,kepala-b n2,kepala-b n1"},
		{access.Filter{Instansi: "a", ResourceID: "n1"}, "hr-a n1,kepala-b n1,kepala-b n1"},
		{access.Filter{Instansi: "a", Subject: "kepala-b", From: t0.Add(2 * time.Minute)}, "kepala-b n2,kepala-b n1"},
		{access.Filter{Instansi: "b", Limit: 2}, "kepala-b n1,hr-b m1,kepala-b n2,kepala-b n1"},
		{access.Filter{Instansi: "c"}, "kepala-b n1,kepala-b n2,kepala-b n1"},
	} {
		if got := search(c.f); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.f, got, c.want)
		}
	}
}

func TestPurgeRemovesOnlyExpiredEntries(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	st, sc := newStore(t, Config{Retention: 30 * 24 * time.Hour, Now: func() time.Time { return now }})
	for i := range 12 {
		st.Record(entry("old", "a", "n", now.AddDate(0, 0, -31-i)))
	}
	st.Record(entry("new", "a", "n", now.AddDate(0, 0, -29)))
	flush(t, st)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { st.RunPurger(ctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for count(t, sc) != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	es, err := st.Search(context.Background(), access.Filter{Instansi: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Subject != "new" {
		t.Fatalf("after the purge: %+v, want only the entry within the retention", es)
	}
	n, err := st.Purge(context.Background(), now)
	if err != nil || n != 1 {
		t.Fatalf("Purge(now) = %d, %v; want 1", n, err)
	}
}

func TestCloseWritesEverythingQueued(t *testing.T) {
	st, sc := newStore(t, Config{BatchSize: 7})
	at := time.Now()
	for i := range 100 {
		st.Record(entry(fmt.Sprint("s", i), "a", "n", at))
	}
	if err := st.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, sc); n != 100 {
		t.Fatalf("%d entries stored after Close, want 100", n)
	}
	st.Record(entry("late", "a", "n", at))
	if got := value(t, st.dropped); got != 1 {
		t.Fatalf("dropped = %v after a record past Close, want 1", got)
	}
	if err := st.Flush(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("Flush after Close: %v", err)
	}
}

func TestFullQueueDropsAndCounts(t *testing.T) {
	st, sc := newStore(t, Config{QueueSize: 1, MaxWait: -1})
	// Hold the table so that the writer blocks in its first insert.
	tx, err := sc.Pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), `LOCK TABLE access_log IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		st.Record(entry(fmt.Sprint("s", i), "a", "n", time.Now()))
	}
	// The writer blocks inserting its first batch and the queue holds one
	// entry: Record must drop rather than wait.
	if got := value(t, st.dropped); got == 0 {
		t.Errorf("nothing dropped of 50 entries with a queue of 1 and a blocked writer")
	}
	_ = tx.Rollback(context.Background())
	flush(t, st)
	stored := count(t, sc)
	if float64(stored)+value(t, st.dropped) != 50 {
		t.Errorf("%d stored + %v dropped != 50 recorded", stored, value(t, st.dropped))
	}
}

func TestBoundMakesEntriesStorable(t *testing.T) {
	st, sc := newStore(t, Config{})
	e := entry("sub\x00ject", "a", strings.Repeat("9", 500), time.Now())
	e.Query = strings.Repeat("q=\xff", 1000)
	e.Roles = []string{"hr\x01"}
	st.Record(e)
	flush(t, st)
	if n := count(t, sc); n != 1 {
		t.Fatalf("%d entries stored, want the bounded one", n)
	}
	es, _ := st.Search(context.Background(), access.Filter{Instansi: "a"})
	if len(es) != 1 || es[0].Subject != "subject" || len(es[0].ResourceID) != access.MaxResourceIDLen || es[0].Roles[0] != "hr" {
		t.Fatalf("stored %+v", es)
	}
}

// value reads a counter.
func value(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
