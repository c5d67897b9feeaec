package httpapi

import "sync"

// MaxWaitsPerSubject bounds the concurrent ?min_position= waits of one
// caller (token subject); a further one is answered 429 with Retry-After.
const MaxWaitsPerSubject = 4

// retryAfterTooMany is the Retry-After, in seconds, of a 429.
const retryAfterTooMany = "1"

// TypeTooManyRequests: the caller already has as many requests of this kind
// running as it may; Retry-After says when to try again.
const TypeTooManyRequests = problemBase + "too-many-requests"

// errTooManyWaits answers a wait beyond MaxWaitsPerSubject.
var errTooManyWaits = newRequestError(TypeTooManyRequests,
	"You already have as many min_position waits running as allowed; retry after the time in Retry-After.")

// waitLimiter is a counting semaphore per subject for min_position waits.
type waitLimiter struct {
	mu  sync.Mutex
	max int
	n   map[string]int
}

// newWaitLimiter returns a limiter of max concurrent waits per subject.
func newWaitLimiter(max int) *waitLimiter { return &waitLimiter{max: max, n: map[string]int{}} }

// acquire takes a wait slot of subject, or returns a 429 request error
// when all are taken. The returned release gives the slot back; call it once.
func (l *waitLimiter) acquire(subject string) (release func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n[subject] >= l.max {
		return nil, errTooManyWaits
	}
	l.n[subject]++
	var once sync.Once
	return func() { once.Do(func() { l.release(subject) }) }, nil
}

func (l *waitLimiter) release(subject string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n[subject]--; l.n[subject] <= 0 {
		delete(l.n, subject)
	}
}

// waiting returns how many waits subject has running.
func (l *waitLimiter) waiting(subject string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n[subject]
}
