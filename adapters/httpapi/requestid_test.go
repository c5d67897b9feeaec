package httpapi

import (
	"regexp"
	"strings"
	"testing"
)

// TestClientRequestIDIsBounded: a client's X-Request-Id is kept only when
// it is 1 to 128 letters, digits and - _ . : + / =; anything else (markup,
// quotes, spaces, an overlong id) is replaced by a fresh id, in the header,
// the problem body and the log alike. (`<script>` was echoed as given.)
func TestClientRequestIDIsBounded(t *testing.T) {
	uuidV7 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, kept := range []string{"client-abc-123", "01J0ABCD.ef_gh:42", "dHJhY2U+aWQ/PQ==", strings.Repeat("x", 128)} {
		r := a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil, RequestIDHeader, kept)
		if r.status != 200 || r.header.Get(RequestIDHeader) != kept {
			t.Errorf("id %q: status %d, echoed %q", kept, r.status, r.header.Get(RequestIDHeader))
		}
	}
	for _, bad := range []string{"<script>alert(1)</script>", `a"b`, "a'b", "a&b", "a;b", `a\b`, "a%3Cb", strings.Repeat("x", 129)} {
		r := a.send(t, "GET", "/v1/employees/199001012099011999", tk.hr, nil, RequestIDHeader, bad)
		id := r.header.Get(RequestIDHeader)
		if r.status != 404 || !uuidV7.MatchString(id) {
			t.Errorf("id %q: status %d, echoed %q, want a fresh UUIDv7", bad, r.status, id)
			continue
		}
		if p := r.problem(t); p.RequestID != id {
			t.Errorf("id %q: the problem names %q, the header %q", bad, p.RequestID, id)
		}
	}
}
