package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progressLogEvery is how often a progress line is written where it is
// not redrawn in place: into a file, a pipe or a CI log, where every line
// stays.
const progressLogEvery = 5 * time.Second

// isTerminal reports whether w is a terminal: a character device, where a
// progress line can be redrawn in place with '\r'. A file, a pipe or a
// buffer is not. (/dev/null is a character device too; nothing reads it.)
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressEvery is the least time between two progress lines on w: redraw
// on a terminal, progressLogEvery (or redraw, if longer) anywhere else.
func progressEvery(w io.Writer, redraw time.Duration) time.Duration {
	if isTerminal(w) {
		return redraw
	}
	return max(redraw, progressLogEvery)
}

// progressLine shows the progress of one long task. On a terminal it is
// one line redrawn in place with '\r' at most once per redraw; anywhere
// else it writes whole lines, at most one per progressLogEvery, so that a
// log stays readable. done writes the final state (unless it was the last
// line written) and ends the line. It is safe for concurrent use; updates
// after done are ignored.
type progressLine struct {
	w     io.Writer
	tty   bool
	every time.Duration
	now   func() time.Time

	mu       sync.Mutex
	last     time.Time // when a line was written
	text     string    // the latest state
	written  string    // the state last written
	width    int       // the length of the line drawn on a terminal
	finished bool
}

// newProgressLine returns a progress line on w, redrawn at most once per
// redraw on a terminal.
func newProgressLine(w io.Writer, redraw time.Duration) *progressLine {
	return &progressLine{w: w, tty: isTerminal(w), every: progressEvery(w, redraw), now: time.Now}
}

// set records the state, formatted as by fmt.Sprintf, and writes it if the
// last line is old enough (the first state is written at once).
func (p *progressLine) set(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.text = fmt.Sprintf(format, args...)
	if now := p.now(); p.last.IsZero() || now.Sub(p.last) >= p.every {
		p.write(now)
	}
}

// done writes the final state if it was not the last written, and ends the
// line. Call it also when the task fails, so that the error is printed on
// a line of its own.
func (p *progressLine) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	if p.text != p.written {
		p.write(p.now())
	}
	if p.tty && p.width > 0 {
		fmt.Fprintln(p.w)
	}
}

func (p *progressLine) write(now time.Time) {
	if p.tty {
		// Spaces cover the rest of a longer line drawn before.
		fmt.Fprintf(p.w, "\r%-*s", p.width, p.text)
		p.width = max(p.width, len(p.text))
	} else {
		fmt.Fprintln(p.w, p.text)
	}
	p.written, p.last = p.text, now
}

// progress is the progress line of audit verify: events verified of the
// total, redrawn at most once per every on a terminal.
type progress struct {
	w     io.Writer
	every time.Duration
	line  *progressLine
}

// update records the progress and writes it when due.
func (p *progress) update(done, total uint64) {
	if p.line == nil {
		p.line = newProgressLine(p.w, p.every)
	}
	pct := uint64(100)
	if total > 0 && done < total {
		pct = done * 100 / total
	}
	p.line.set("verified %d/%d events (%d%%)", done, total, pct)
}

// finish writes the final state and ends the line, if there was any.
func (p *progress) finish() {
	if p.line != nil {
		p.line.done()
	}
}
