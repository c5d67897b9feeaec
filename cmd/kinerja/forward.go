package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/kinerja/kinerja/adapters/forward"
)

// forwardProgressEvery is how often "kinerja forward" prints its progress
// while the checkpoint moves.
const forwardProgressEvery = 2 * time.Second

// runForward forwards the event log to a message broker until ctx ends
// (SIGINT or SIGTERM). Usage: kinerja forward --to URL --name NAME
// [--types T,...] [--instansi I,...] [--topic TOPIC].
func runForward(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("forward", flag.ContinueOnError)
	cf := bindConfig(fs)
	to := fs.String("to", "", "broker URL: nats://127.0.0.1:4222 (JetStream) or amqp://guest:guest@127.0.0.1:5672/ (RabbitMQ)")
	name := fs.String("name", "", "the forwarder's permanent name: its checkpoint and its lock")
	types := fs.String("types", "", "comma-separated event types to forward: exact, prefix (skp.* or skp.) or glob; default all")
	instansi := fs.String("instansi", "", "comma-separated instansi codes to forward; default all")
	topic := fs.String("topic", forward.DefaultTopic, "topic: the JetStream subject or the RabbitMQ fanout exchange")
	retarget := fs.Bool("retarget", false, "go on from the checkpoint although it was saved for another --to or --topic (the broker moved with its stream); without it such a run is refused")
	if err := parseArgs(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	fcfg := forward.Config{Name: strings.TrimSpace(*name), Topic: *topic, Target: forward.Redact(*to), Retarget: *retarget,
		Filter: forward.Filter{Types: forward.SplitList(*types), Instansi: forward.SplitList(*instansi)}}
	if err := checkForwardArgs(fs, *to, fcfg); err != nil {
		return err
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, e)
	db, err := openMigrated(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelInfo)
	if have := db.pool.Config().MaxConns; have < minForwardConns {
		// One holds the name's lock, one reads the log, one reads its head:
		// with fewer the forwarder stopped for good at its first checkpoint,
		// deaf to SIGTERM. A setting that cannot work: exit code 2.
		return &usageError{noHint: true, err: fmt.Errorf("DATABASE_URL sets pool_max_conns=%d: forward needs at least %d; raise it", have, minForwardConns)}
	}
	pub, err := forward.NewPublisher(*to, *topic, logger)
	if err != nil {
		return err
	}
	defer pub.Close()
	if !usesESDB(cfg) {
		fcfg.Resolver = forward.DerivedInstansi{Pool: db.pool}
	}
	fcfg.Logger = logger
	progress := newForwardReporter(ctx, e.stdout, db.store)
	fcfg.OnProgress = progress.report
	f, err := forward.New(db.pool, db.store, pub, fcfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "meneruskan log ke %s (topik %s) sebagai %q; hentikan dengan SIGINT atau SIGTERM\n", fcfg.Target, *topic, fcfg.Name)
	if err := f.Run(ctx); err != nil {
		return err
	}
	progress.stopped()
	return nil
}

// minForwardConns is the smallest pool a forwarder runs with.
const minForwardConns = 3

// checkForwardArgs checks the command line of forward.
func checkForwardArgs(fs *flag.FlagSet, to string, fcfg forward.Config) error {
	switch {
	case fs.NArg() > 0:
		return &usageError{err: fmt.Errorf("forward: unexpected argument %q", fs.Arg(0))}
	case to == "":
		return &usageError{err: errors.New("forward: --to URL is required (nats://… or amqp://…)")}
	case !strings.HasPrefix(to, "nats://") && !strings.HasPrefix(to, "amqp://") && !strings.HasPrefix(to, "amqps://"):
		return &usageError{err: fmt.Errorf("forward: --to %s: use a nats:// or amqp:// URL", forward.Redact(to))}
	case fcfg.Name == "":
		return &usageError{err: errors.New("forward: --name NAME is required")}
	case len(fcfg.Name) > 200:
		return &usageError{err: fmt.Errorf("forward: --name is %d bytes; at most 200", len(fcfg.Name))}
	case strings.TrimSpace(fcfg.Topic) == "":
		return &usageError{err: errors.New("forward: --topic is empty; leave it out for " + forward.DefaultTopic)}
	}
	if err := fcfg.Filter.Validate(); err != nil {
		return &usageError{err: err}
	}
	return nil
}

// forwardReporter prints the progress of forward: at most every
// forwardProgressEvery the checkpoint, the head and the rate, at once when
// the forwarder reaches the head, and the last checkpoint when it stops.
type forwardReporter struct {
	ctx     context.Context
	w       io.Writer
	st      eventStore
	mu      sync.Mutex
	start   time.Time
	last    time.Time // when a line was printed
	lastPub uint64
	lagging bool // the last line printed showed the forwarder behind the head
	saved   forward.Progress
}

func newForwardReporter(ctx context.Context, w io.Writer, st eventStore) *forwardReporter {
	return &forwardReporter{ctx: ctx, w: w, st: st, start: time.Now(), lagging: true}
}

// report is the forwarder's OnProgress: called after each checkpoint save.
func (f *forwardReporter) report(p forward.Progress) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saved = p
	now := time.Now()
	due := now.Sub(f.last) >= forwardProgressEvery
	head, _, err := f.st.Head(context.WithoutCancel(f.ctx))
	if err != nil {
		if due {
			fmt.Fprintf(f.w, "posisi %d (kepala log tidak terbaca: %v)\n", p.Position, err)
			f.last = now
		}
		return
	}
	caughtUp := p.Position >= head
	if !due && !(caughtUp && f.lagging) {
		return
	}
	since := f.last
	if since.IsZero() {
		// The first line: the rate of this run, not of the messages the
		// checkpoint carried over from earlier ones.
		since, f.lastPub = f.start, p.PublishedBefore
	}
	rate := float64(p.Published-f.lastPub) / max(now.Sub(since).Seconds(), 1e-3)
	fmt.Fprintf(f.w, "posisi %d dari %d (tertinggal %d), %d pesan terkirim (%.0f/dtk), %d dilewati filter, %d percobaan ulang\n",
		p.Position, head, head-min(head, p.Position), p.Published, rate, p.Skipped, p.Retries)
	if caughtUp && f.lagging {
		fmt.Fprintln(f.w, "sudah sampai kepala log; menunggu event baru")
		if p.Published == p.PublishedBefore && p.Skipped > 0 {
			// A typo in --types or --instansi passes every event by, and
			// the checkpoint moves past them: correcting it later sends
			// none of them under this name.
			fmt.Fprintf(f.w, "peringatan: filter melewatkan semua %d event sejauh ini, tidak ada yang dikirim; periksa --types "+
				"dan --instansi (checkpoint nama ini sudah melewati event itu: filter yang diperbaiki nanti tidak mengirimnya)\n", p.Skipped)
		}
	}
	f.last, f.lastPub, f.lagging = now, p.Published, !caughtUp
}

// stopped prints the last checkpoint saved, and what this run did. A run
// that saved no checkpoint (it started at the head, or waited for another
// process holding the name) says so: it printed "posisi 0", which read as a
// checkpoint reset.
func (f *forwardReporter) stopped() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saved == (forward.Progress{}) {
		fmt.Fprintln(f.w, "penerusan dihentikan; run ini tidak menyimpan checkpoint baru (checkpoint sebelumnya tetap)")
		return
	}
	fmt.Fprintf(f.w, "penerusan dihentikan; checkpoint tersimpan di posisi %d (run ini: %d pesan terkirim, %d dilewati filter; "+
		"%d pesan terkirim sejak awal)\n", f.saved.Position, f.saved.Published-f.saved.PublishedBefore, f.saved.Skipped, f.saved.Published)
}
