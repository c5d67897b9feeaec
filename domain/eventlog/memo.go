package eventlog

import "sync"

// Memo keeps the decoded form of each event of a page of the log, so that
// several read models reading the same page (a rebuild of all of them in
// one pass) decode each event once between them. Slot i belongs to the
// page's event i; a Memo is safe for concurrent use.
type Memo struct {
	slots []memoSlot
}

type memoSlot struct {
	once sync.Once
	v    any
	err  error
}

// NewMemo returns an empty memo for a page of n events.
func NewMemo(n int) *Memo { return &Memo{slots: make([]memoSlot, n)} }

// Decode returns the decoded form of event i: decode's result the first
// time slot i is asked for, that same result afterwards. Every caller must
// pass the decoding of event i by its context's one Decode, since the
// first caller's decode is the one that runs. A nil memo, or an i out of
// its range, just decodes.
func (m *Memo) Decode(i int, decode func() (any, error)) (any, error) {
	if m == nil || i < 0 || i >= len(m.slots) {
		return decode()
	}
	s := &m.slots[i]
	s.once.Do(func() { s.v, s.err = decode() })
	return s.v, s.err
}
