package openapitest

import (
	"bytes"
	"io"
	"mime"
	"net/http"
)

// Transport returns a RoundTripper that sends requests with base (the
// default transport if nil) and checks every exchange with c. A mismatch is
// returned as the round trip's error, so the test's request fails with it.
// Streams (text/event-stream) are passed through with only their route and
// status checked, since their body never ends.
func (c *Checker) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{c: c, base: base}
}

type transport struct {
	c    *Checker
	base http.RoundTripper
}

// RoundTrip sends req and checks the exchange.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	x := Exchange{Request: req, RequestBody: reqBody, Status: resp.StatusCode, Header: resp.Header}
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct == "text/event-stream" {
		if err := t.c.Check(req.Context(), x); err != nil {
			_ = resp.Body.Close()
			return nil, err
		}
		return resp, nil
	}
	x.Body, err = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if err := t.c.Check(req.Context(), x); err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(x.Body))
	return resp, nil
}
