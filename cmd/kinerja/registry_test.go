package main

import "testing"

// TestRegistry checks that every registered name is the name of the
// projection it makes, and that no name is registered twice.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range registry() {
		if got := r.make().Name(); got != r.name || seen[r.name] {
			t.Errorf("registered %q makes %q (registered before: %v)", r.name, got, seen[r.name])
		}
		seen[r.name] = true
	}
}
