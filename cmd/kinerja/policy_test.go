package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyValidate: the default policy printed by 'policy show' is valid
// and summarised; a policy with broken rules lists each field at fault and
// fails; an unknown field fails with its name.
func TestPolicyValidate(t *testing.T) {
	dir := t.TempDir()
	var shown syncBuffer
	if err := run(t.Context(), []string{"policy", "show"}, mapEnv(nil), &shown, &syncBuffer{}); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	unknown := filepath.Join(dir, "unknown.json")
	long := filepath.Join(dir, "long.json")
	huge := filepath.Join(dir, "huge.json")
	broken := strings.Replace(shown.String(), `"objection_days": 14`, `"objection_days": 0`, 1)
	// Changed under the built-in version: valid, then refused on adoption.
	renamedNot := filepath.Join(dir, "samever.json")
	changed := strings.Replace(shown.String(), `"objection_days": 14`, `"objection_days": 30`, 1)
	// A member left out was valid, as zero ("0 years in rank"); cascade_check
	// alone may be left out, and was refused as "".
	missing := filepath.Join(dir, "missing.json")
	noCascade := filepath.Join(dir, "nocascade.json")
	var whole map[string]any
	if err := json.Unmarshal([]byte(shown.String()), &whole); err != nil {
		t.Fatal(err)
	}
	delete(whole, "cascade_check")
	nc, _ := json.Marshal(whole)
	delete(whole, "min_years_in_rank")
	ms, _ := json.Marshal(whole)
	longVersion := strings.Replace(shown.String(), `"version": "permenpanrb-6-2022/default-1"`, `"version": "`+strings.Repeat("v", 100000)+`"`, 1)
	for f, s := range map[string]string{good: shown.String(), bad: broken, unknown: `{"version": "x", "objection_window": 3}`,
		long: longVersion, huge: `{"version": "` + strings.Repeat("v", 2<<20) + `"}`, missing: string(ms), noCascade: string(nc), renamedNot: changed} {
		if err := os.WriteFile(f, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		file    string
		ok      bool
		out     string
		errText string
	}{
		{good, true, "valid policy permenpanrb-6-2022/default-1", ""},
		{bad, false, "objection_days: objection_days 0 is not in 1-365", "1 problem"},
		{unknown, false, "", `unknown field "objection_window"`},
		{missing, false, "min_years_in_rank: required", "1 problem"},
		{noCascade, true, "valid policy", ""},
		{renamedNot, false, "version: names the built-in default policy", "1 problem"},
		// Each once echoed the whole value.
		{long, false, "version: ", "1 problem"},
		{huge, false, "", "the API takes a policy of at most 1048576"},
		// Read whole before the size check, it once took 23 GB and the OOM killer.
		{"/dev/zero", false, "", "the API takes a policy of at most 1048576"},
	} {
		var out syncBuffer
		err := run(t.Context(), []string{"policy", "validate", c.file}, mapEnv(nil), &out, &syncBuffer{})
		if len(out.String()) > 1000 || (err != nil && len(err.Error()) > 1000) {
			t.Errorf("validate %s printed %d bytes, error %v", filepath.Base(c.file), len(out.String()), err)
		}
		if (err == nil) != c.ok || (err != nil && !strings.Contains(err.Error(), c.errText)) {
			t.Errorf("validate %s: error %v", filepath.Base(c.file), err)
		}
		if !strings.Contains(out.String(), c.out) {
			t.Errorf("validate %s printed %q, want %q", filepath.Base(c.file), out.String(), c.out)
		}
	}
}
