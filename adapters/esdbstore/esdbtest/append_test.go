package esdbtest_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestAppendAndReadBack(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	first, second := event("Opened", `{"n":1}`), event("Closed", `{"n":2}`)
	res, err := c.AppendToStream(ctx, "acct-1", esdb.AppendToStreamOptions{ExpectedRevision: esdb.NoStream{}}, first, second)
	if err != nil {
		t.Fatal(err)
	}
	if res.NextExpectedVersion != 1 || res.CommitPosition == 0 || res.CommitPosition != res.PreparePosition {
		t.Fatalf("write result = %+v, want revision 1 and a non-zero position", res)
	}
	evs, err := drain(c.ReadStream(ctx, "acct-1", esdb.ReadStreamOptions{}, 10))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("read %d events, want 2", len(evs))
	}
	got := evs[1].OriginalEvent()
	if got.EventID != second.EventID || got.EventType != "Closed" || got.EventNumber != 1 ||
		got.StreamID != "acct-1" || got.ContentType != "application/json" ||
		!bytes.Equal(got.Data, second.Data) || !bytes.Equal(got.UserMetadata, second.Metadata) {
		t.Fatalf("second event = %+v", got)
	}
	if got.Position.Commit != res.CommitPosition || evs[0].OriginalEvent().Position.Commit >= got.Position.Commit {
		t.Fatalf("positions %v, %v; append returned %d", evs[0].OriginalEvent().Position, got.Position, res.CommitPosition)
	}
	if got.CreatedDate.IsZero() || got.SystemMetadata["created"] == "" {
		t.Fatalf("created = %v, metadata %v", got.CreatedDate, got.SystemMetadata)
	}
}

func TestWrongExpectedVersion(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	appendEvents(t, c, "s", event("A", `{}`), event("B", `{}`))
	cases := []struct {
		name string
		exp  esdb.ExpectedRevision
		sub  string
		want string
	}{
		{"revision", esdb.Revision(0), "s", "expecting '0' but got '1'"},
		{"no stream", esdb.NoStream{}, "s", "expecting 'no_stream' but got '1'"},
		{"stream exists", esdb.StreamExists{}, "missing", "expecting 'stream_exists' but got 'no_stream'"},
		{"revision on missing", esdb.Revision(3), "missing", "expecting '3' but got 'no_stream'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.AppendToStream(ctx, tc.sub, esdb.AppendToStreamOptions{ExpectedRevision: tc.exp}, event("C", `{}`))
			var esErr *esdb.Error
			if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorCodeWrongExpectedVersion {
				t.Fatalf("err = %v, want wrong expected version", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	res, err := c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(1)}, event("C", `{}`))
	if err != nil || res.NextExpectedVersion != 2 {
		t.Fatalf("append at revision 1 = %+v, %v", res, err)
	}
	res, err = c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: esdb.StreamExists{}}, event("D", `{}`))
	if err != nil || res.NextExpectedVersion != 3 {
		t.Fatalf("append to existing stream = %+v, %v", res, err)
	}
}

func TestIdempotentAppend(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	a, b := event("A", `{}`), event("B", `{}`)
	first, err := c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: esdb.NoStream{}}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, exp := range []esdb.ExpectedRevision{esdb.NoStream{}, esdb.Any{}} {
		again, err := c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: exp}, a, b)
		if err != nil {
			t.Fatalf("re-append with %T: %v", exp, err)
		}
		if *again != *first {
			t.Fatalf("re-append with %T = %+v, want %+v", exp, again, first)
		}
	}
	// Only part of the events at the expected place: a conflict.
	_, err = c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: esdb.NoStream{}}, a, event("X", `{}`))
	var esErr *esdb.Error
	if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorCodeWrongExpectedVersion {
		t.Fatalf("partial re-append: err = %v, want wrong expected version", err)
	}
	_, err = c.AppendToStream(ctx, "s", esdb.AppendToStreamOptions{ExpectedRevision: esdb.Any{}}, a, event("Y", `{}`))
	if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorCodeWrongExpectedVersion {
		t.Fatalf("partial re-append with any: err = %v, want wrong expected version", err)
	}
	evs, err := drain(c.ReadStream(ctx, "s", esdb.ReadStreamOptions{}, 100))
	if err != nil || !slices.Equal(types(evs), []string{"A", "B"}) {
		t.Fatalf("stream = %v, %v; want A B once", types(evs), err)
	}
}

func TestMaxAppendSize(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	big := event("Big", "")
	big.Data = bytes.Repeat([]byte("x"), esdbtest.MaxAppendSize/2)
	big.Metadata = nil
	other := big
	other.EventID = [16]byte{1}
	if _, err := c.AppendToStream(ctx, "ok", esdb.AppendToStreamOptions{}, big, other); err != nil {
		t.Fatalf("append of exactly MaxAppendSize: %v", err)
	}
	third := big
	third.EventID = [16]byte{2}
	third.Data = []byte("y")
	_, err := c.AppendToStream(ctx, "too-big", esdb.AppendToStreamOptions{}, big, other, third)
	if status.Code(errors.Unwrap(err)) != codes.InvalidArgument {
		t.Fatalf("err = %v, want InvalidArgument", err)
	}
	if _, err := drain(c.ReadStream(ctx, "too-big", esdb.ReadStreamOptions{}, 10)); err == nil {
		t.Fatal("the refused append wrote events")
	}
}
