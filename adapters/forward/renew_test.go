package forward

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

// stuckPublisher is a broker client whose Publish never returns, as
// watermill-amqp's can after a cut connection.
type stuckPublisher struct {
	hang   chan struct{}
	closed atomic.Bool
}

func (s *stuckPublisher) Publish(string, ...*message.Message) error { <-s.hang; return nil }
func (s *stuckPublisher) Close() error                              { s.closed.Store(true); close(s.hang); return nil }

// countingPublisher confirms every message.
type countingPublisher struct{ n atomic.Int64 }

func (c *countingPublisher) Publish(_ string, msgs ...*message.Message) error {
	c.n.Add(int64(len(msgs)))
	return nil
}
func (c *countingPublisher) Close() error { return nil }

// TestRenewingPublisherReplacesAHungPublisher: a publish that hangs is
// reported as failed after the timeout, the hung publisher is closed, and
// the next publish goes through a newly connected one.
func TestRenewingPublisherReplacesAHungPublisher(t *testing.T) {
	stuck := &stuckPublisher{hang: make(chan struct{})}
	fresh := &countingPublisher{}
	connects := 0
	r := &renewingPublisher{cur: stuck, timeout: 50 * time.Millisecond, connect: func() (message.Publisher, error) {
		connects++
		return fresh, nil
	}}
	msg := message.NewMessage("01a22edc-8c6c-74bb-ad38-7639f059037e", []byte(`{}`))
	start := time.Now()
	if err := r.Publish("t", msg); err == nil {
		t.Fatal("a hung publish was reported as confirmed")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the hung publish took %s to report", took)
	}
	deadline := time.Now().Add(2 * time.Second)
	for !stuck.closed.Load() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if !stuck.closed.Load() {
		t.Fatal("the hung publisher was not closed")
	}
	if err := r.Publish("t", msg); err != nil {
		t.Fatalf("publish after renewal: %v", err)
	}
	if connects != 1 || fresh.n.Load() != 1 {
		t.Fatalf("connects %d, published through the new publisher %d: want 1 and 1", connects, fresh.n.Load())
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}
