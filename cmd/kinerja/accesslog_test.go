package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestAccessLogRetentionSetting(t *testing.T) {
	tests := []struct {
		env  string
		want time.Duration
		err  string
	}{
		{"", 365 * 24 * time.Hour, ""},
		{"30d", 30 * 24 * time.Hour, ""},
		{"720h", 720 * time.Hour, ""},
		{"30m", 0, "must be at least 1h"},
		{"0d", 0, "must be at least 1h"},
		{"forever", 0, `invalid KINERJA_ACCESS_LOG_RETENTION (-access-log-retention) "forever"`},
		{"-3d", 0, "invalid KINERJA_ACCESS_LOG_RETENTION"},
	}
	for _, tt := range tests {
		env := map[string]string{}
		if tt.env != "" {
			env["KINERJA_ACCESS_LOG_RETENTION"] = tt.env
		}
		c, err := loadFrom(env)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want %q", tt.env, err, tt.err)
		case tt.err == "" && (err != nil || c.AccessLogRetention != tt.want):
			t.Errorf("%q: %s, %v; want %s", tt.env, c.AccessLogRetention, err, tt.want)
		}
	}
	if c, err := loadFrom(nil, "-access-log-retention", "7d"); err != nil || c.AccessLogRetention != 7*24*time.Hour {
		t.Errorf("flag: %s, %v", c.AccessLogRetention, err)
	}
}

// TestServeRecordsReadsAndPurgesExpiredEntries checks the wiring of the
// access log in serve: a read is recorded (and written on shutdown at the
// latest), entries older than the retention are purged at start, and the
// request log line names the caller.
func TestServeRecordsReadsAndPurgesExpiredEntries(t *testing.T) {
	secret := "4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830"
	sc := pgtest.New(t)
	ctx := context.Background()
	const insert = `INSERT INTO access_log (at, subject, instansi, method, route, resource_kind, status)
		VALUES (now() - $1::interval, $2, 'pemprov-x', 'GET', '/v1/employees/{nip}', 'employee', 200)`
	for _, r := range [][2]string{{"40 days", "old"}, {"20 days", "recent"}} {
		if _, err := sc.Pool.Exec(ctx, insert, r[0], r[1]); err != nil {
			t.Fatal(err)
		}
	}
	s := startServe(t, sc, map[string]string{"KINERJA_JWT_SECRET": secret, "KINERJA_ACCESS_LOG_RETENTION": "30d"})
	hr := "198202022006042005"
	registerCaller(t, sc.Pool, hr, "pemprov-x", "bkpsdm-x", true)
	tok, err := auth.MintHS256([]byte(secret), auth.Principal{NIP: hr, Roles: []actor.Role{actor.HR}, Instansi: "pemprov-x"},
		time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", s.base+"/v1/employees/198609262015051001", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.cancel()
	err = <-s.done
	s.done <- err // for the cleanup of startServe
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	rows, err := sc.Pool.Query(ctx, `SELECT subject || ' ' || status FROM access_log ORDER BY at`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if strings.Join(got, ",") != "recent 200,"+hr+" 404" {
		t.Fatalf("access log after serve: %v, want the recent entry and HR's read (the old one purged)", got)
	}
	if !strings.Contains(s.stderr.String(), `"subject":"`+hr+`"`) {
		t.Errorf("no request log line names the subject:\n%s", s.stderr)
	}
}
