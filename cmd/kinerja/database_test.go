package main

import "testing"

func TestWithoutPoolParams(t *testing.T) {
	got := withoutPoolParams("postgres://u:p@127.0.0.1:5432/kinerja?sslmode=disable&pool_max_conns=20&pool_min_conns=2")
	want := "postgres://u:p@127.0.0.1:5432/kinerja?sslmode=disable"
	if got != want {
		t.Fatalf("withoutPoolParams = %q, want %q", got, want)
	}
}
