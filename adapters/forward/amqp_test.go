package forward_test

import (
	"testing"

	amqp "github.com/rabbitmq/amqp091-go"
)

// amqpURL is the RabbitMQ every machine runs.
const amqpURL = "amqp://guest:guest@127.0.0.1:5672/"

const amqpStart = "start it with: rabbitmq-server -detached"

// TestForwardToRabbitMQ forwards the log to RabbitMQ through a kill of the
// forwarder process and a cut of its broker connection. A consumer's
// durable queue is bound to the topic's fanout exchange before forwarding
// starts; afterwards it holds every event, in order, duplicates only
// recognisable by UUID.
func TestForwardToRabbitMQ(t *testing.T) {
	conn, err := amqp.Dial(amqpURL)
	if err != nil {
		t.Fatalf("RabbitMQ at %s: %v\n%s", amqpURL, err, amqpStart)
	}
	t.Cleanup(func() { _ = conn.Close() })
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	le := newLogEnv(t)
	topic := uniqueTopic(le)
	queue := topic + ".consumer"
	if err := ch.ExchangeDeclare(topic, "fanout", true, false, false, false, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ch.QueueDeclare(queue, true, false, false, false, nil); err != nil {
		t.Fatal(err)
	}
	if err := ch.QueueBind(queue, "", topic, false, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = ch.QueueDelete(queue, false, false, false)
		_ = ch.ExchangeDelete(topic, false, false)
	})
	px := newProxy(t, "127.0.0.1:5672")
	log := killAndCut(t, le, px, "amqp://guest:guest@"+px.addr()+"/", topic)

	var got []received
	for {
		d, ok, err := ch.Get(queue, true)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		meta := map[string]string{}
		for k, v := range d.Headers {
			if s, isString := v.(string); isString {
				meta[k] = s
			}
		}
		if d.MessageId != meta["_watermill_message_uuid"] || d.ContentType != "application/json" {
			t.Fatalf("message id %q, content type %q: want the UUID and application/json", d.MessageId, d.ContentType)
		}
		got = append(got, received{UUID: d.MessageId, Meta: meta, Payload: d.Body})
	}
	checkDelivery(t, log, got)
}
