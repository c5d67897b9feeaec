package main

import (
	"strings"
	"testing"
)

func TestReplaysPerInstansiSetting(t *testing.T) {
	tests := []struct {
		env  string
		want int
		err  string
	}{
		{"", 5, ""},
		{"1", 1, ""},
		{"10", 10, ""},
		{"0", 0, "must be from 1 to 10"},
		{"11", 0, "must be from 1 to 10"},
		{"many", 0, `invalid KINERJA_REPLAYS_PER_INSTANSI (-replays-per-instansi) "many"`},
	}
	for _, tt := range tests {
		env := map[string]string{}
		if tt.env != "" {
			env["KINERJA_REPLAYS_PER_INSTANSI"] = tt.env
		}
		c, err := loadFrom(env)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want %q", tt.env, err, tt.err)
		case tt.err == "" && (err != nil || c.ReplaysPerInstansi != tt.want):
			t.Errorf("%q: %d, %v; want %d", tt.env, c.ReplaysPerInstansi, err, tt.want)
		}
	}
	if c, err := loadFrom(nil, "-replays-per-instansi", "3"); err != nil || c.ReplaysPerInstansi != 3 {
		t.Errorf("flag: %d, %v", c.ReplaysPerInstansi, err)
	}
}
