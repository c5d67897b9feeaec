package pgstore

import "time"

// maxLinger bounds how long a group commit waits for more appends.
const maxLinger = 2 * time.Millisecond

// pace remembers the last group commit so that the next one can wait,
// briefly, for the callers it has just answered. Without it, callers that
// append again right after their answer miss the batch the committer starts
// at once with the appends that queued meanwhile: the writers split into two
// halves that take turns, and every commit carries half of them.
//
// The next batch waits only while the log is busy (it starts within the
// linger time of the last commit's end), only until it holds as many appends
// as the last commit answered plus those that queued during it, and at most
// half as long as the last commit took (the commit's own latency bounds the
// cost), capped at maxLinger. A lone caller is never kept waiting: the last
// commit answered one append and the next batch already holds one.
type pace struct {
	expect int
	done   time.Time
	linger time.Duration
}

// wait returns how many appends the next batch may expect and how long it
// may wait for them.
func (p *pace) wait(now time.Time) (int, time.Duration) {
	if p.expect <= 1 || now.Sub(p.done) > p.linger {
		return 0, 0
	}
	return p.expect, p.linger
}

// record notes a commit of answered appends that started at start, while
// queued more appends queued.
func (p *pace) record(answered, queued int, start time.Time) {
	p.done = time.Now()
	p.expect = answered + queued
	p.linger = min(p.done.Sub(start)/2, maxLinger)
}
