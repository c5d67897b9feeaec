package httpapi

import (
	"bufio"
	"net/http"
	"strconv"
	"time"
)

// sseStream writes a text/event-stream response. Every flush gets its own
// write deadline, so the stream lives past the server's WriteTimeout but a
// client that stops reading is cut off.
type sseStream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	bw      *bufio.Writer
	timeout time.Duration
}

func newSSEStream(w http.ResponseWriter, timeout time.Duration) *sseStream {
	return &sseStream{w: w, rc: http.NewResponseController(w), timeout: timeout}
}

// open writes the response headers and the reconnection delay. It lifts
// the read deadline: the server's ReadTimeout would otherwise end the
// request (and the stream) while the client only listens.
func (s *sseStream) open() error {
	_ = s.rc.SetReadDeadline(time.Time{})
	setSSEHeaders(s.w.Header())
	s.w.WriteHeader(http.StatusOK)
	s.bw = bufio.NewWriterSize(s.w, 32<<10)
	if err := s.buffer([]byte("retry: " + strconv.Itoa(liveRetryMillis) + "\n\n")); err != nil {
		return err
	}
	return s.flush()
}

// setSSEHeaders sets the headers of a stream's response.
func setSSEHeaders(h http.Header) {
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
}

// buffer adds b to the response, to be sent at the next flush (or sooner
// when the buffer fills).
func (s *sseStream) buffer(b []byte) error {
	_ = s.rc.SetWriteDeadline(time.Now().Add(s.timeout))
	_, err := s.bw.Write(b)
	return err
}

// flush sends what is buffered.
func (s *sseStream) flush() error {
	_ = s.rc.SetWriteDeadline(time.Now().Add(s.timeout))
	if err := s.bw.Flush(); err != nil {
		return err
	}
	return s.rc.Flush()
}

// checkpoint writes and sends a message with only an id: it dispatches no
// event, but an EventSource takes the id as its last event id, so that it
// resumes from pos when it reconnects even if no event came since it
// connected (without it, it would reconnect without Last-Event-ID and miss
// what committed while it was away).
func (s *sseStream) checkpoint(pos uint64) error {
	if err := s.buffer(strconv.AppendUint([]byte("id: "), pos, 10)); err != nil {
		return err
	}
	if err := s.buffer([]byte("\n\n")); err != nil {
		return err
	}
	return s.flush()
}

// comment writes and sends an SSE comment line, which clients ignore.
func (s *sseStream) comment(text string) error {
	if err := s.buffer([]byte(": " + text + "\n\n")); err != nil {
		return err
	}
	return s.flush()
}
