package pgstore

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// announcer tells listeners that events were committed, after the commit
// and off the append path. A NOTIFY inside the commit would hold
// PostgreSQL's cluster-wide notification lock through the commit's WAL
// flush, queueing every append behind every other notifying transaction on
// the server. Announcements coalesce: a burst of commits sends one
// notification of the latest head. Subscriptions of this Store are woken
// directly. An announcement lost to a crash or a failed connection delays
// other processes' live subscriptions until their next poll
// (Config.PollInterval); it loses no event, since a woken subscription reads
// the log from where it stands.
type announcer struct {
	pool     *pgxpool.Pool
	channel  string
	notifier *notifier
	head     atomic.Uint64
	kick     chan struct{}
	start    sync.Once
	cancel   context.CancelFunc
	done     chan struct{}
}

func newAnnouncer(pool *pgxpool.Pool, channel string, n *notifier) *announcer {
	return &announcer{pool: pool, channel: channel, notifier: n, kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// committed records that the log's head is now head and announces it.
func (a *announcer) committed(ctx context.Context, head uint64) {
	a.start.Do(func() {
		actx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		a.cancel = cancel
		go a.run(actx)
	})
	a.head.Store(head)
	a.notifier.wakeAll()
	select {
	case a.kick <- struct{}{}:
	default: // an announcement is already due; it will carry this head
	}
}

func (a *announcer) run(ctx context.Context) {
	defer close(a.done)
	for {
		select {
		case <-a.kick:
			a.send(ctx)
		case <-ctx.Done():
			select {
			case <-a.kick: // due before close: send it, briefly
				sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
				a.send(sctx)
				cancel()
			default:
			}
			return
		}
	}
}

// send notifies the channel of the latest head. Failures are left to the
// subscribers' polling (see announcer).
func (a *announcer) send(ctx context.Context) {
	_, _ = a.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, a.channel, strconv.FormatUint(a.head.Load(), 10))
}

// close sends a last due announcement and stops the announcer.
func (a *announcer) close() {
	a.start.Do(func() {}) // no announcer starts after this
	if a.cancel == nil {
		return
	}
	a.cancel()
	<-a.done
}
