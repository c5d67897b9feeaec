package forward_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/forward"
	"github.com/nats-io/nats.go"
)

// natsAddr is the NATS server with JetStream every machine runs.
const natsAddr = "127.0.0.1:4222"

const natsStart = "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- " +
	"-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log"

// natsConn connects to NATS, failing with how to start it.
func natsConn(t *testing.T) (*nats.Conn, nats.JetStreamContext) {
	t.Helper()
	nc, err := nats.Connect("nats://"+natsAddr, nats.Timeout(5*time.Second))
	if err != nil {
		t.Fatalf("NATS at %s: %v\n%s", natsAddr, err, natsStart)
	}
	t.Cleanup(nc.Close)
	js, err := nc.JetStream()
	if err != nil {
		t.Fatalf("JetStream at %s: %v\n%s", natsAddr, err, natsStart)
	}
	return nc, js
}

// TestForwardToNATSJetStream forwards the log to NATS JetStream through a
// kill of the forwarder process and a cut of its broker connection, then
// reads the stream: every event arrived, in order, duplicates only
// recognisable by UUID.
func TestForwardToNATSJetStream(t *testing.T) {
	_, js := natsConn(t)
	le := newLogEnv(t)
	topic := uniqueTopic(le)
	t.Cleanup(func() { _ = js.DeleteStream(forward.StreamName(topic)) })
	px := newProxy(t, natsAddr)
	log := killAndCut(t, le, px, "nats://"+px.addr(), topic)

	info, err := js.StreamInfo(forward.StreamName(topic))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := js.SubscribeSync(topic, nats.OrderedConsumer(), nats.DeliverAll())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	var got []received
	for range info.State.Msgs {
		m, err := sub.NextMsg(10 * time.Second)
		if err != nil {
			t.Fatalf("message %d of %d: %v", len(got)+1, info.State.Msgs, err)
		}
		meta := map[string]string{}
		for k := range m.Header {
			meta[k] = m.Header.Get(k)
		}
		got = append(got, received{UUID: m.Header.Get("_watermill_message_uuid"), Meta: meta, Payload: m.Data})
		if id := m.Header.Get(nats.MsgIdHdr); id != m.Header.Get("_watermill_message_uuid") {
			t.Fatalf("Nats-Msg-Id %q differs from the message UUID", id)
		}
	}
	checkDelivery(t, log, got)
}
