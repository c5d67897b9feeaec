package forward

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Filter selects the events a forwarder publishes. An empty list selects
// everything; the lists combine with AND.
type Filter struct {
	// Types are event type patterns: an exact type ("skp.ratings_given"), a
	// prefix ending in "." or "*" ("skp." or "skp.*" match every skp event),
	// or a path.Match glob ("skp.*_given").
	Types []string
	// Instansi are instansi codes; an event matches when its resolved
	// instansi is one of them (events whose instansi is unknown never do).
	Instansi []string
}

// Validate reports a malformed pattern or an empty entry.
func (f Filter) Validate() error {
	for _, p := range f.Types {
		if strings.TrimSpace(p) == "" {
			return errors.New("forward: empty event type pattern")
		}
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("forward: event type pattern %q: %w", p, err)
		}
	}
	for _, ins := range f.Instansi {
		if strings.TrimSpace(ins) == "" {
			return errors.New("forward: empty instansi")
		}
	}
	return nil
}

// matchType reports whether the event type t matches the Types patterns.
func (f Filter) matchType(t string) bool {
	if len(f.Types) == 0 {
		return true
	}
	for _, p := range f.Types {
		if typeMatches(p, t) {
			return true
		}
	}
	return false
}

// typeMatches reports whether t matches one pattern.
func typeMatches(p, t string) bool {
	switch {
	case p == t:
		return true
	case strings.HasSuffix(p, ".") && strings.HasPrefix(t, p):
		return true
	case strings.HasSuffix(p, "*") && !strings.ContainsAny(p[:len(p)-1], "*?[\\") && strings.HasPrefix(t, p[:len(p)-1]):
		return true
	}
	ok, _ := path.Match(p, t)
	return ok
}

// matchInstansi reports whether the instansi ins passes the filter.
func (f Filter) matchInstansi(ins string) bool {
	return len(f.Instansi) == 0 || (ins != "" && slices.Contains(f.Instansi, ins))
}

// SplitList splits a comma-separated flag value into its trimmed,
// non-empty entries.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
