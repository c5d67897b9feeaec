package forward

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmamqp "github.com/ThreeDotsLabs/watermill-amqp/v3/pkg/amqp"
	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
)

// ErrUnsupportedBroker is returned by NewPublisher for a URL whose scheme
// names no supported broker.
var ErrUnsupportedBroker = errors.New("forward: unsupported broker (use nats://, amqp:// or amqps://)")

// NewPublisher connects to the broker at rawURL and returns a publisher
// that waits for the broker's confirmation of every message:
//
//   - nats://host:4222: NATS JetStream. The JetStream stream StreamName(topic)
//     with subject topic is created if missing (file storage); messages carry
//     Nats-Msg-Id = the event id, so the broker drops duplicates published
//     within its duplicate window (2 minutes).
//   - amqp://user:pass@host:5672/ (or amqps://): RabbitMQ. Messages go to
//     the durable fanout exchange named topic, persistent, with publisher
//     confirms; each consumer binds its own durable queue to the exchange
//     (before the forwarder starts, or it misses what was published
//     earlier).
//
// Both reconnect by themselves after a lost connection.
func NewPublisher(rawURL, topic string, logger *slog.Logger) (message.Publisher, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("forward: broker URL: %w", err)
	}
	wl := watermill.NewSlogLoggerWithLevelMapping(logger, map[slog.Level]slog.Level{slog.LevelInfo: slog.LevelDebug})
	switch u.Scheme {
	case "nats", "tls":
		return natsPublisher(rawURL, topic, wl)
	case "amqp", "amqps":
		connect := func() (message.Publisher, error) {
			cfg := wmamqp.NewDurablePubSubConfig(rawURL, nil)
			cfg.Publish.ConfirmDelivery = true
			cfg.Publish.ChannelPoolSize = 1
			cfg.Marshaler = wmamqp.DefaultMarshaler{PostprocessPublishing: withMessageID}
			cfg.Connection.Reconnect = &wmamqp.ReconnectConfig{BackoffInitialInterval: 100 * time.Millisecond,
				BackoffRandomizationFactor: 0.5, BackoffMultiplier: 1.5, BackoffMaxInterval: 5 * time.Second}
			pub, err := wmamqp.NewPublisher(cfg, wl)
			if err != nil {
				return nil, fmt.Errorf("forward: connect to %s: %w", Redact(rawURL), err)
			}
			return pub, nil
		}
		pub, err := connect()
		if err != nil {
			return nil, err
		}
		return &renewingPublisher{cur: pub, connect: connect, timeout: amqpPublishTimeout}, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupportedBroker, Redact(rawURL))
}

// withMessageID sets the AMQP message id to the message UUID (the event
// id) and the content type to JSON.
func withMessageID(p amqp.Publishing) amqp.Publishing {
	p.MessageId, _ = p.Headers[wmamqp.DefaultMessageUUIDHeaderKey].(string)
	p.ContentType = "application/json"
	return p
}

// natsPublisher connects to NATS, makes sure the JetStream stream of topic
// exists and returns a JetStream publisher with message ids.
func natsPublisher(rawURL, topic string, wl watermill.LoggerAdapter) (message.Publisher, error) {
	nc, err := nats.Connect(rawURL, nats.Name("kinerja-forward"), nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond), nats.Timeout(5*time.Second))
	if err != nil {
		return nil, fmt.Errorf("forward: connect to %s: %w", Redact(rawURL), err)
	}
	js, err := nc.JetStream()
	if err == nil {
		err = ensureStream(js, topic)
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("forward: JetStream on %s: %w", Redact(rawURL), err)
	}
	pub, err := wmnats.NewPublisherWithNatsConn(nc, wmnats.PublisherPublishConfig{Marshaler: &wmnats.NATSMarshaler{},
		SubjectCalculator: wmnats.DefaultSubjectCalculator, JetStream: wmnats.JetStreamConfig{TrackMsgId: true}}, wl)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("forward: JetStream publisher on %s: %w", Redact(rawURL), err)
	}
	return pub, nil
}

// ensureStream creates the JetStream stream of topic unless it exists.
func ensureStream(js nats.JetStreamManager, topic string) error {
	name := StreamName(topic)
	_, err := js.StreamInfo(name)
	if errors.Is(err, nats.ErrStreamNotFound) {
		_, err = js.AddStream(&nats.StreamConfig{Name: name, Subjects: []string{topic}, Storage: nats.FileStorage,
			Duplicates: 2 * time.Minute})
	}
	if err != nil {
		return fmt.Errorf("stream %s for subject %s: %w", name, topic, err)
	}
	return nil
}

// StreamName is the JetStream stream that holds topic: the topic with
// every character a stream name may not contain (. * > and spaces) as "_"
// ("kinerja.events" → "kinerja_events").
func StreamName(topic string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '*' || r == '>' || r == ' ' || r == '\t' || r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, topic)
}

// Redact returns rawURL without its password, for logs and the checkpoint
// row.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}

// amqpPublishTimeout is how long one AMQP publish may take before its
// publisher is replaced.
const amqpPublishTimeout = 15 * time.Second

// renewingPublisher replaces a publisher whose Publish hangs. watermill-amqp
// v3.0.2 can block in Publish for good after a cut connection (its
// reconnect replaces the connection's state without a lock, and a publish
// caught in between waits forever: seen in TestForwardToRabbitMQ). After
// timeout the hung call is abandoned (its goroutine and connection are
// left to end by themselves), a new publisher is connected, and the
// publish reports an error, so the forwarder publishes the message again:
// at least once, as always.
type renewingPublisher struct {
	mu      sync.Mutex
	cur     message.Publisher
	connect func() (message.Publisher, error)
	timeout time.Duration
}

// Publish publishes through the current publisher, within the timeout.
func (r *renewingPublisher) Publish(topic string, msgs ...*message.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur == nil {
		pub, err := r.connect()
		if err != nil {
			return err
		}
		r.cur = pub
	}
	done := make(chan error, 1)
	pub := r.cur
	go func() { done <- pub.Publish(topic, msgs...) }()
	t := time.NewTimer(r.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
	}
	r.cur = nil
	go func() { _ = pub.Close() }()
	return fmt.Errorf("forward: publish did not return within %s; reconnecting", r.timeout)
}

// Close closes the current publisher.
func (r *renewingPublisher) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur == nil {
		return nil
	}
	err := r.cur.Close()
	r.cur = nil
	return err
}
