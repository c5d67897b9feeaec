package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
)

func TestBadRequestsAreProblemsAndAppendNothing(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	draft := skpPath
	cases := []struct {
		name, body, ct string
		status         int
		typ            string
		field          string
	}{
		{"malformed JSON", `{"plan": {`, "application/json", 400, TypeMalformed, ""},
		{"not JSON", `plan=1`, "application/json", 400, TypeMalformed, ""},
		{"two values", `{"plan":{}} {}`, "application/json", 400, TypeMalformed, ""},
		{"empty body", ``, "application/json", 400, TypeMalformed, ""},
		{"unknown field", `{"plan":{"rhk":[]},"bogus":1}`, "application/json", 400, TypeValidation, "bogus"},
		{"wrong type", `{"plan":{"rhk":"many"}}`, "application/json", 400, TypeValidation, "plan.rhk"},
		{"wrong nested type", `{"plan":{"rhk":[{"iki":[{"target":{"quantity":"ten"}}]}]}}`, "application/json", 400, TypeValidation, "plan.rhk.iki.target.quantity"},
		{"invalid plan", `{"plan":{"rhk":[]}}`, "application/json", 400, TypeValidation, ""},
		{"form body", `a=1`, "application/x-www-form-urlencoded", 415, TypeUnsupportedMediaType, ""},
		{"oversized body", `{"plan":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, "application/json", 413, TypePayloadTooLarge, ""},
	}
	for _, c := range cases {
		p := a.denied(t, c.status, c.typ, c.name, "POST", draft, tk.pegawai, c.body, "Content-Type", c.ct)
		if c.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != c.field) {
			t.Errorf("%s: field errors %+v, want one for %s", c.name, p.Errors, c.field)
		}
	}
	// A body in another charset or with a content coding would be read as
	// bytes the caller never meant: 415 naming the header, nothing recorded.
	valid, err := json.Marshal(map[string]any{"plan": plan(10)})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range [][]string{
		{"Content-Type", "application/json; charset=latin1"},
		{"Content-Type", "application/json; charset=ISO-8859-1"},
		{"Content-Type", "application/json", "Content-Encoding", "gzip"},
		{"Content-Type", "application/json", "Content-Encoding", "identity, br"},
		{"Content-Type", "application/json", "Content-Encoding", "x-custom"},
	} {
		what := strings.Join(h, " ")
		p := a.denied(t, 415, TypeUnsupportedMediaType, what, "POST", draft, tk.pegawai, string(valid), h...)
		if len(p.Errors) != 1 || p.Errors[0].Field != h[len(h)-2] {
			t.Errorf("%s: field errors %+v, want one for %s", what, p.Errors, h[len(h)-2])
		}
	}
	a.send(t, "POST", draft, tk.pegawai, string(valid), "Content-Type", `application/json; charset="UTF-8"`,
		"Content-Encoding", "Identity").must(t, 201, "draft in UTF-8 (any case), identity coding")
	p := a.denied(t, 400, TypeValidation, "invalid NIP in a body", "POST", "/v1/employees", tk.hr, map[string]any{
		"nip": "198613262015051001", "name": "X", "status": "pns", "instansi": instansi, "unit": "dinas",
		"jabatan": map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "X"}, "golongan": "III/a", "golongan_tmt": "2020-01-01"})
	if !strings.Contains(p.Detail, "NIP") {
		t.Errorf("invalid NIP detail: %q", p.Detail)
	}
	a.denied(t, 400, TypeValidation, "invalid NIP in the path", "GET", "/v1/skp/12345/2025", tk.hr, nil)
	a.denied(t, 404, TypeNotFound, "unknown /v1 path", "GET", "/v1/nothing", tk.hr, nil)
	a.denied(t, 405, TypeMethodNotAllowed, "wrong method", "DELETE", skpPath, tk.pegawai, nil)
	a.denied(t, 400, TypeValidation, "invalid date", "POST", "/v1/employees/"+pegawai+"/transfers", tk.hr,
		map[string]any{"to_unit": "bidang-b", "effective": "2025-02-30", "reason": "x"})
}

func TestBadTokensAre401(t *testing.T) {
	a := newAPIServer(t)
	a.seed(t)
	now := a.clock.Now()
	p := Principal{NIP: pegawai, Roles: []actor.Role{actor.Pegawai}, Instansi: instansi}
	expired, _ := mintHS256(testSecret, p, now.Add(-48*time.Hour), time.Hour)
	forged, _ := mintHS256([]byte("not-the-server-secret-not-the-se"), p, now, time.Hour)
	body := map[string]any{"plan": plan(10)}
	for name, tok := range map[string]string{"missing": "", "expired": expired, "wrong signature": forged, "garbage": "abc.def.ghi"} {
		before := a.head(t)
		r := a.send(t, "POST", skpPath, tok, body)
		if r.status != 401 || r.problem(t).Type != TypeUnauthorized || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s token: %d %s", name, r.status, r.body)
		}
		if a.head(t) != before {
			t.Errorf("%s token: something was appended", name)
		}
	}
}

func TestStaleIfMatchIs412WithCurrentVersion(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/plan", tk.pegawai, map[string]any{"plan": plan(11)}, "If-Match", `"1"`).must(t, 200, "edit")
	p := a.denied(t, 412, TypePreconditionFailed, "stale If-Match", "POST", skpPath+"/plan", tk.pegawai,
		map[string]any{"plan": plan(12)}, "If-Match", `"1"`)
	if p.CurrentVersion == nil || *p.CurrentVersion != 2 {
		t.Fatalf("412 current_version = %v, want 2", p.CurrentVersion)
	}
	// With an Idempotency-Key too, and the key is free again afterwards.
	key := []string{IdempotencyKeyHeader, "stale-edit"}
	a.denied(t, 412, TypePreconditionFailed, "stale If-Match with a key", "POST", skpPath+"/plan", tk.pegawai,
		map[string]any{"plan": plan(12)}, append(key, "If-Match", `"1"`)...)
	a.send(t, "POST", skpPath+"/plan", tk.pegawai, map[string]any{"plan": plan(12)}, append(key, "If-Match", `"2"`)...).
		must(t, 200, "the same key with the current version")
	a.denied(t, 400, TypeValidation, "malformed If-Match", "POST", skpPath+"/submit", tk.pegawai, nil, "If-Match", `"two"`)
}

func TestIdempotencyKeyReturnsTheFirstResponse(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	key := []string{IdempotencyKeyHeader, "draft-2025-attempt"}
	first := a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, key...).must(t, 201, "first")
	before := a.head(t)
	again := a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, key...).must(t, 201, "retry")
	if !bytes.Equal(first.body, again.body) || first.header.Get("ETag") != again.header.Get("ETag") || a.head(t) != before {
		t.Fatalf("retry answered %s (ETag %s), first %s", again.body, again.header.Get("ETag"), first.body)
	}
	p := a.denied(t, 422, TypeIdempotencyKeyReused, "same key, different body", "POST", skpPath, tk.pegawai,
		map[string]any{"plan": plan(99)}, key...)
	if p.Status != 422 {
		t.Fatalf("problem %+v", p)
	}
	// An empty key was taken as none (the document says 1 to 200
	// characters): a retry with it appended again.
	before = a.head(t)
	if p := a.denied(t, 400, TypeValidation, "an empty key", "POST", "/v1/skp/"+pegawai+"/2026", tk.pegawai,
		map[string]any{"plan": plan(10)}, IdempotencyKeyHeader, ""); len(p.Errors) != 1 || p.Errors[0].Field != IdempotencyKeyHeader {
		t.Errorf("an empty key: %+v", p)
	}
	if a.head(t) != before {
		t.Error("a write with an empty key was recorded")
	}
	// Another caller's identical key is theirs alone.
	a.send(t, "POST", rekanPath, tk.rekan, map[string]any{"plan": plan(10)}, key...).must(t, 201, "another caller's key")
	var w writeResponse
	first.json(t, &w)
	if diff := cmp.Diff([]string{w.EventIDs[0]}, []string{a.stream(t, w.Stream)[0].ID}); diff != "" {
		t.Fatal(diff)
	}
}
