package console

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// trailPage shows an employee's score trail of a year as a timeline.
func (c *Console) trailPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	q := r.URL.Query()
	nip := strings.TrimSpace(q.Get("nip"))
	data := map[string]any{"nip": nip, "tahun": q.Get("tahun")}
	if nip == "" {
		return view{tmpl: "trail", title: "Jejak nilai", data: data}, nil
	}
	if len(nip) != 18 || strings.Trim(nip, "0123456789") != "" {
		return view{}, pageError{status: http.StatusBadRequest, detail: "NIP tidak valid: 18 angka."}
	}
	year, err := yearParam(r)
	if err != nil || year == 0 {
		return view{}, pageError{status: http.StatusBadRequest, detail: "Isi tahun penilaian, misalnya 2025."}
	}
	trail, err := c.getJSON(ctx, s, "/v1/employees/"+nip+"/skp/"+strconv.Itoa(year)+"/score-trail", nil)
	if err != nil {
		return view{}, err
	}
	data["trail"] = trail
	return view{tmpl: "trail", title: "Jejak nilai " + nip, data: data}, nil
}

// eventsPage searches the audit log.
func (c *Console) eventsPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	q := r.URL.Query()
	api := url.Values{"limit": {"50"}}
	for _, k := range []string{"actor", "stream", "stream_prefix", "type", "after"} {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			api.Set(k, v)
		}
	}
	res, err := c.getJSON(ctx, s, "/v1/audit/events", api)
	if err != nil {
		return view{}, err
	}
	data := map[string]any{"res": res, "q": q, "nextq": withParam(q, "after", str(res["next_after"]))}
	return view{tmpl: "events", title: "Pencarian log audit", data: data}, nil
}

// verifyPage recomputes the hash chain and shows the result with the
// anchor status: whether the log still holds the head an anchor names.
//
// The anchor is checked by the API against the global chain: the event at
// its position may be of any instansi (the caller's audit search would not
// find another's, and once reported the log truncated).
func (c *Console) verifyPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	q := r.URL.Query()
	pos, hash := strings.TrimSpace(q.Get("posisi")), strings.ToLower(strings.TrimSpace(q.Get("hash")))
	data := map[string]any{"posisi": pos, "hash": hash}
	var params url.Values
	if pos != "" {
		n, err := strconv.ParseUint(pos, 10, 63)
		if err != nil || n == 0 {
			return view{}, pageError{status: http.StatusBadRequest, detail: "Posisi jangkar tidak valid: bilangan bulat positif."}
		}
		if !hashPattern.MatchString(hash) {
			return view{}, pageError{status: http.StatusBadRequest, detail: "Hash jangkar tidak valid: 64 digit heksadesimal."}
		}
		params = url.Values{"anchor_position": {pos}, "anchor_hash": {hash}}
	}
	v, err := c.getJSON(ctx, s, "/v1/audit/verify", params)
	if err != nil {
		return view{}, err
	}
	data["verify"] = v
	if a, ok := v["anchor"].(map[string]any); ok {
		anchor := map[string]any{"status": "mismatch", "problem": str(v["problem"])}
		if held, _ := a["held"].(bool); held {
			anchor["status"] = "match"
		}
		data["anchor"] = anchor
	}
	return view{tmpl: "verify", title: "Verifikasi rantai hash", data: data}, nil
}

// hashPattern is a SHA-256 hash in hexadecimal.
var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
