package esdbstore

import (
	"context"
	"slices"
	"sync"
)

// streamLocks serialises this process's appends per stream: an append holds
// the lock of its stream, a conditioned append also those of its condition
// streams (taken in name order, so two appends never wait for each other in
// a cycle).
type streamLocks struct {
	mu    sync.Mutex
	locks map[string]*streamLock
}

type streamLock struct {
	ch   chan struct{} // holds a token while locked
	refs int
}

func newStreamLocks() *streamLocks { return &streamLocks{locks: map[string]*streamLock{}} }

// lock locks every stream named (each once) and returns the function that
// unlocks them, or ctx's error.
func (l *streamLocks) lock(ctx context.Context, streams ...string) (func(), error) {
	names := slices.Clone(streams)
	slices.Sort(names)
	names = slices.Compact(names)
	held := make([]string, 0, len(names))
	unlock := func() {
		for _, n := range held {
			l.release(n)
		}
	}
	for _, n := range names {
		sl := l.acquireRef(n)
		select {
		case sl.ch <- struct{}{}:
			held = append(held, n)
		case <-ctx.Done():
			l.dropRef(n)
			unlock()
			return nil, ctx.Err()
		}
	}
	return unlock, nil
}

func (l *streamLocks) acquireRef(name string) *streamLock {
	l.mu.Lock()
	defer l.mu.Unlock()
	sl := l.locks[name]
	if sl == nil {
		sl = &streamLock{ch: make(chan struct{}, 1)}
		l.locks[name] = sl
	}
	sl.refs++
	return sl
}

func (l *streamLocks) dropRef(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	sl := l.locks[name]
	sl.refs--
	if sl.refs == 0 {
		delete(l.locks, name)
	}
}

func (l *streamLocks) release(name string) {
	l.mu.Lock()
	sl := l.locks[name]
	l.mu.Unlock()
	<-sl.ch
	l.dropRef(name)
}
