package console

import (
	"context"
	"net/http"
	"net/url"
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
func (c *Console) verifyPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	v, err := c.getJSON(ctx, s, "/v1/audit/verify", nil)
	if err != nil {
		return view{}, err
	}
	data := map[string]any{"verify": v}
	q := r.URL.Query()
	pos, hash := strings.TrimSpace(q.Get("posisi")), strings.ToLower(strings.TrimSpace(q.Get("hash")))
	data["posisi"], data["hash"] = pos, hash
	if pos == "" {
		return view{tmpl: "verify", title: "Verifikasi rantai hash", data: data}, nil
	}
	n, err := strconv.ParseUint(pos, 10, 63)
	if err != nil || n == 0 {
		return view{}, pageError{status: http.StatusBadRequest, detail: "Posisi jangkar tidak valid: bilangan bulat positif."}
	}
	ev, err := c.getJSON(ctx, s, "/v1/audit/events", url.Values{"after": {strconv.FormatUint(n-1, 10)}, "limit": {"1"}})
	if err != nil {
		return view{}, err
	}
	anchor := map[string]any{"status": "missing"}
	if evs := list(ev["events"]); len(evs) > 0 {
		e, _ := evs[0].(map[string]any)
		if num(e["position"]) == int(n) {
			anchor["actual"] = str(e["hash"])
			anchor["status"] = "mismatch"
			if str(e["hash"]) == hash {
				anchor["status"] = "match"
			}
		}
	}
	data["anchor"] = anchor
	return view{tmpl: "verify", title: "Verifikasi rantai hash", data: data}, nil
}
