package httpapi

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestUnreadableBodyIsAMalformedRequest: a body with a broken chunked
// encoding answered 400 validation "A field has an invalid value: invalid
// byte in chunk length" (and a body cut off by the read timeout the
// server's address and port, "read tcp 127.0.0.1:…: i/o timeout"). It is
// a malformed request that says what may have happened, without the
// network error's text.
func TestUnreadableBodyIsAMalformedRequest(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	u, err := url.Parse(a.url)
	if err != nil {
		t.Fatal(err)
	}
	// Also an import's file (it was a 500, logged as an error).
	for _, c := range []struct{ path, contentType string }{
		{"/v1/units/bidang-a/rename", "application/json"}, {"/v1/import/units", "text/csv"},
	} {
		conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		req := "POST " + c.path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nAuthorization: Bearer " + tk.hr +
			"\r\nContent-Type: " + c.contentType + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		var p Problem
		err = json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		conn.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if resp.StatusCode != 400 || p.Type != TypeMalformed || strings.Contains(p.Detail, "chunk length") || !strings.Contains(p.Detail, "could not be read") {
			t.Errorf("%s: status %d, problem %+v", c.path, resp.StatusCode, p)
		}
	}
}
