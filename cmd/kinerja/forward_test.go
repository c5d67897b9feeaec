package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/forward"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/nats-io/nats.go"
)

func TestForwardUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"forward"},
		{"forward", "--name", "x"},
		{"forward", "--to", "nats://127.0.0.1:4222"},
		{"forward", "--to", "http://127.0.0.1", "--name", "x"},
		{"forward", "--to", "nats://127.0.0.1:4222", "--name", "x", "--types", "skp.["},
		{"forward", "--to", "nats://127.0.0.1:4222", "--name", "x", "extra"},
		{"forward", "--to", "nats://127.0.0.1:4222", "--name", strings.Repeat("n", 201)},
		{"forward", "--to", "nats://127.0.0.1:4222", "--name", "x", "--topic", ""},
	} {
		var out, errOut syncBuffer
		err := run(context.Background(), args, mapEnv(nil), &out, &errOut)
		var msg syncBuffer
		if code := report(err, &msg); code != 2 || msg.String()+errOut.String() == "" {
			t.Errorf("%q: exit %d, message %q", args, code, msg.String())
		}
	}
}

// TestForwardCommandToNATS runs "kinerja forward" against the real NATS
// JetStream until the log is forwarded, stops it, and reads the stream.
func TestForwardCommandToNATS(t *testing.T) {
	nc, err := nats.Connect("nats://127.0.0.1:4222", nats.Timeout(5*time.Second))
	if err != nil {
		t.Fatalf("NATS at 127.0.0.1:4222: %v\nstart it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- "+
			"-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log", err)
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	sc := pgtest.New(t)
	seedLog(t, sc, 30)
	topic := "kinerja.test.cli." + sc.Name
	t.Cleanup(func() { _ = js.DeleteStream(forward.StreamName(topic)) })
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"forward", "--to", "nats://127.0.0.1:4222", "--name", "cli", "--topic", topic,
			"--types", "skp.*"}, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	}()
	waitFor(t, time.Minute, "forwarded the log", func() bool {
		cp, err := forward.Checkpoint(context.Background(), sc.Pool, "cli")
		return err == nil && cp == 30
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("forward: %v\n%s", err, errOut.String())
	}
	info, err := js.StreamInfo(forward.StreamName(topic))
	if err != nil || info.State.Msgs != 30 {
		t.Fatalf("stream %s: %+v, %v", forward.StreamName(topic), info, err)
	}
	if !strings.Contains(out.String(), "meneruskan log ke nats://127.0.0.1:4222") || !strings.Contains(out.String(), "penerusan dihentikan") ||
		!strings.Contains(out.String(), "posisi 30 dari 30") || !strings.Contains(out.String(), "sudah sampai kepala log") ||
		!strings.Contains(out.String(), "checkpoint tersimpan di posisi 30 (") {
		t.Fatalf("output:\n%s", out.String())
	}
	// Another topic for the same name is refused (the new topic would
	// never receive the 30 events), and so is a pool of one connection (the
	// forwarder stopped for good at its first checkpoint, deaf to SIGTERM).
	// The pool is a bad setting (exit code 2, as every bad setting); the
	// other topic is refused for the log's state (1).
	for _, c := range []struct {
		url   string
		args  []string
		wants string
		code  int
	}{
		{sc.URL, []string{"--topic", topic + ".other"}, "give a new --name", 1},
		{sc.URL + "&pool_max_conns=1", []string{"--topic", topic}, "forward needs at least 3", 2},
	} {
		args := append([]string{"forward", "--to", "nats://127.0.0.1:4222", "--name", "cli"}, c.args...)
		err := run(context.Background(), args, mapEnv(map[string]string{"DATABASE_URL": c.url}), &out, &errOut)
		var msg syncBuffer
		if code := report(err, &msg); code != c.code || !strings.Contains(msg.String(), c.wants) {
			t.Errorf("%q: exit %d, %q; want %d and %q", c.args, code, msg.String(), c.code, c.wants)
		}
	}
}

// headOnly is an eventStore whose head is fixed; the reporter reads
// nothing else.
type headOnly struct {
	eventStore
	head uint64
}

func (h headOnly) Head(context.Context) (uint64, []byte, error) { return h.head, nil, nil }

// TestForwardRateCountsThisRunOnly: a forwarder restarted from a checkpoint
// that had carried 22,000 messages printed "22584 pesan terkirim
// (119265/dtk)": the first line's rate counted the messages of earlier
// runs too.
func TestForwardRateCountsThisRunOnly(t *testing.T) {
	var out syncBuffer
	f := newForwardReporter(context.Background(), &out, headOnly{head: 22_584})
	f.start = time.Now().Add(-10 * time.Second)
	f.report(forward.Progress{Position: 22_584, Published: 22_584, PublishedBefore: 22_000})
	// 584 messages in about 10 s.
	if !strings.Contains(out.String(), "22584 pesan terkirim (58/dtk)") {
		t.Fatalf("output:\n%s", out.String())
	}
}

// TestForwardWarnsWhenTheFilterPassesEverythingBy: --instansi nosuch
// filtered out the whole log and moved the checkpoint to the head without
// a word; a typo fixed later sends none of those events under that name.
func TestForwardWarnsWhenTheFilterPassesEverythingBy(t *testing.T) {
	var out syncBuffer
	f := newForwardReporter(context.Background(), &out, headOnly{head: 500})
	f.report(forward.Progress{Position: 500, Skipped: 500})
	if !strings.Contains(out.String(), "peringatan: filter melewatkan semua 500 event") {
		t.Fatalf("output:\n%s", out.String())
	}
	var quiet syncBuffer
	g := newForwardReporter(context.Background(), &quiet, headOnly{head: 500})
	g.report(forward.Progress{Position: 500, Published: 20, Skipped: 480})
	if strings.Contains(quiet.String(), "peringatan") {
		t.Fatalf("a warning though 20 were sent:\n%s", quiet.String())
	}
}

// TestForwardStopLine: a run that saved no checkpoint printed "checkpoint
// tersimpan di posisi 0", read as a reset; a resumed run mixed the messages
// of every run with the events skipped in this one.
func TestForwardStopLine(t *testing.T) {
	var none syncBuffer
	newForwardReporter(context.Background(), &none, headOnly{head: 2840}).stopped()
	if s := none.String(); strings.Contains(s, "posisi 0") || !strings.Contains(s, "tidak menyimpan checkpoint baru") {
		t.Errorf("a run without a checkpoint: %q", s)
	}
	var resumed syncBuffer
	f := newForwardReporter(context.Background(), &resumed, headOnly{head: 2840})
	f.report(forward.Progress{Position: 2840, Published: 2526, PublishedBefore: 2212, Skipped: 17})
	f.stopped()
	if !strings.Contains(resumed.String(), "checkpoint tersimpan di posisi 2840 (run ini: 314 pesan terkirim, 17 dilewati filter; 2526 pesan terkirim sejak awal)") {
		t.Errorf("a resumed run:\n%s", resumed.String())
	}
}
