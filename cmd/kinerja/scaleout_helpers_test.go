package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// buildKinerja builds the kinerja binary once for the test.
func buildKinerja(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kinerja")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// binProc is a process of the built binary.
type binProc struct {
	name string
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// startBin starts bin with args on the test schema; its database sessions
// carry application_name name, and params are added to its DATABASE_URL.
// The process is killed if the test process dies (a timeout panic skips
// the cleanups).
func startBin(t *testing.T, bin string, sc *pgtest.Schema, name, params string, env map[string]string, args ...string) *binProc {
	t.Helper()
	p := &binProc{name: name, logs: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, args...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p.cmd.Env = append(os.Environ(), "DATABASE_URL="+sc.URL+"&application_name="+name+params, "KINERJA_LOG_LEVEL=info")
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		err := <-p.done
		p.done <- err
		if t.Failed() {
			t.Logf("%s logs:\n%s", p.name, p.logs)
		}
	})
	return p
}

// owner is the owner this process writes in projection_status.
func (p *binProc) owner(t *testing.T) string {
	t.Helper()
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s:%d", host, p.cmd.Process.Pid)
}

// kill9 kills the process with SIGKILL and waits until it is gone.
func (p *binProc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-p.done
	p.done <- err
}

// terminate stops the process with SIGTERM and checks that it exits 0.
func (p *binProc) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("%s after SIGTERM: %v", p.name, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop within 30s of SIGTERM", p.name)
	}
}

// freeAddr returns a loopback address with a port free at the moment.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// postJSON sends body to url with a bearer token and an Idempotency-Key
// and returns the status and the decoded command result (or problem).
func postJSON(ctx context.Context, url, token, key string, body any) (int, commandResult, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return 0, commandResult{}, err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(raw))
	if err != nil {
		return 0, commandResult{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, commandResult{}, err
	}
	defer resp.Body.Close()
	res := commandResult{RetryAfter: resp.Header.Get("Retry-After")}
	_ = json.NewDecoder(resp.Body).Decode(&res)
	return resp.StatusCode, res, nil
}

// commandResult is what the tests read of a command's response.
type commandResult struct {
	Position uint64   `json:"position"`
	EventIDs []string `json:"event_ids"`
	Detail   string   `json:"detail"` // of a problem
	// RetryAfter is the Retry-After header of a 503, or of a 409 for a
	// first request with the same Idempotency-Key still running.
	RetryAfter string `json:"-"`
}
