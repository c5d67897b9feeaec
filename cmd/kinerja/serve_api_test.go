package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestServeMountsTheAPIWithASecret checks that serve serves /v1 when a JWT
// secret is configured, verifying tokens with it, and not otherwise.
func TestServeMountsTheAPIWithASecret(t *testing.T) {
	secret := "4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830"
	sc := pgtest.New(t)
	s := startServe(t, sc, map[string]string{"KINERJA_JWT_SECRET": secret, "KINERJA_JWT_AUDIENCE": "kinerja-api"})
	path := s.base + "/v1/employees/198609262015051001"
	hr := auth.Principal{NIP: "198202022006042005", Roles: []actor.Role{actor.HR}, Instansi: "pemprov-x"}
	tok, err := auth.MintHS256For([]byte(secret), hr, auth.Issuance{Audience: "kinerja-api"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	noAud, _ := auth.MintHS256([]byte(secret), hr, time.Now(), time.Hour)
	tooLong, _ := auth.MintHS256For([]byte(secret), hr, auth.Issuance{Audience: "kinerja-api"}, time.Now(), 48*time.Hour)
	// A verified token whose subject has no employee record is refused (403):
	// the claims are bound to the master data.
	cases := []struct {
		auth   string
		status int
	}{{"", 401}, {"Bearer " + noAud, 401}, {"Bearer " + tooLong, 401}, {"Bearer " + tok, 403}}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != httpapi.ProblemContentType {
			t.Errorf("GET with %q: %d %s, want %d", c.auth[:min(len(c.auth), 12)], resp.StatusCode, resp.Header.Get("Content-Type"), c.status)
		}
	}
	plain := startServe(t, pgtest.New(t), nil)
	if resp, _ := get(t, plain.base+"/v1/employees/198609262015051001"); resp.StatusCode != 404 {
		t.Fatalf("without a secret /v1 answered %d, want 404 (not served)", resp.StatusCode)
	}
}
