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

// MaxDownloadsPerSubject bounds the concurrent downloads (a list as CSV or
// XLSX, of up to MaxDownloadRows rows, and the evaluation PDF) of one
// caller (token subject); a further one is answered 429 with Retry-After.
const MaxDownloadsPerSubject = 2

// errTooManyDownloads answers a download beyond MaxDownloadsPerSubject.
var errTooManyDownloads = newRequestError(TypeTooManyRequests,
	"You already have as many downloads (CSV, XLSX, PDF) running as allowed; retry after the time in Retry-After.")

// waitLimiter is a counting semaphore per subject for requests of one
// kind: min_position waits, or downloads.
type waitLimiter struct {
	mu   sync.Mutex
	max  int
	n    map[string]int
	full error // the answer when all slots of a subject are taken
}

// newWaitLimiter returns a limiter of max concurrent waits per subject.
func newWaitLimiter(max int) *waitLimiter {
	return &waitLimiter{max: max, n: map[string]int{}, full: errTooManyWaits}
}

// newDownloadLimiter returns a limiter of max concurrent downloads per
// subject.
func newDownloadLimiter(max int) *waitLimiter {
	return &waitLimiter{max: max, n: map[string]int{}, full: errTooManyDownloads}
}

// acquire takes a slot of subject, or returns a 429 request error when all
// are taken. The returned release gives the slot back; call it once.
func (l *waitLimiter) acquire(subject string) (release func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n[subject] >= l.max {
		return nil, l.full
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

// waiting returns how many slots subject has taken.
func (l *waitLimiter) waiting(subject string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n[subject]
}
