package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/actor"
)

func TestTokenMintsAVerifiableToken(t *testing.T) {
	secret := "4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830"
	var out, errOut bytes.Buffer
	args := []string{"token", "--sub", "198609262015051001", "--roles", "pegawai,pejabat_penilai", "--instansi", "pemprov-jabar", "--ttl", "2h"}
	// The issuer was once left out (the audience was not).
	env := mapEnv(map[string]string{"KINERJA_JWT_SECRET": secret, "KINERJA_JWT_ISSUER": "https://sso.example.go.id", "KINERJA_JWT_AUDIENCE": "kinerja-api"})
	if err := run(context.Background(), args, env, &out, &errOut); err != nil {
		t.Fatalf("token: %v\n%s", err, errOut.String())
	}
	v, err := auth.NewVerifier(auth.Config{HS256Secret: []byte(secret), Issuer: "https://sso.example.go.id", Audience: "kinerja-api"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Authenticate(context.Background(), "Bearer "+strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	want := auth.Principal{NIP: "198609262015051001", Roles: []actor.Role{actor.Pegawai, actor.PejabatPenilai}, Instansi: "pemprov-jabar"}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Fatalf("principal (-want +got):\n%s", diff)
	}
	expired, err := auth.NewVerifier(auth.Config{HS256Secret: []byte(secret), Now: func() time.Time { return time.Now().Add(3 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := expired.Authenticate(context.Background(), "Bearer "+strings.TrimSpace(out.String())); err == nil {
		t.Fatal("the token outlived its --ttl")
	}
}

func TestTokenUsageErrors(t *testing.T) {
	env := mapEnv(map[string]string{"KINERJA_JWT_SECRET": "4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830"})
	for _, args := range [][]string{
		{"token", "--instansi", "x"},
		{"token", "--sub", "1", "--instansi", "x", "--roles", "king"},
		{"token", "--sub", "1"},
		{"token", "--sub", "1", "--instansi", "x"}, // not a NIP: the server would refuse the token
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, env, &out, &errOut); report(err, &errOut) != 2 {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"token", "--sub", "198609262015051001", "--instansi", "x"}, mapEnv(nil), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "KINERJA_JWT_SECRET") {
		t.Fatalf("without a secret: %v", err)
	}
}

// TestTokenWithoutSecretIsAConfigurationError: kinerja token without
// KINERJA_JWT_SECRET exited 1, the code of a failure, although the README
// gives 2 to a missing or wrong setting; it now exits 2 and points to the
// command's help.
func TestTokenWithoutSecretIsAConfigurationError(t *testing.T) {
	var out, errOut bytes.Buffer
	args := []string{"token", "--sub", "198609262015051001", "--roles", "pegawai", "--instansi", "pemprov-jabar"}
	err := run(context.Background(), args, mapEnv(map[string]string{}), &out, &errOut)
	if code := report(err, &errOut); code != 2 || !strings.Contains(errOut.String(), "set KINERJA_JWT_SECRET") ||
		!strings.Contains(errOut.String(), "kinerja help token") {
		t.Fatalf("exit code %d, stderr %q; want 2 naming the setting and the help", code, errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
}
