package actor

import (
	"errors"
	"testing"
)

func TestRequire(t *testing.T) {
	cases := []struct {
		name    string
		a       Actor
		allowed []Role
		wantErr error
	}{
		{"allowed", Actor{NIP: "198609262015051001", Role: HR}, []Role{HR, Admin}, nil},
		{"wrong role", Actor{NIP: "198609262015051001", Role: Pegawai}, []Role{HR, Admin}, ErrRoleNotAllowed},
		{"unknown role", Actor{NIP: "198609262015051001", Role: "boss"}, []Role{HR}, ErrInvalidActor},
		{"no identifier", Actor{Role: HR}, []Role{HR}, ErrInvalidActor},
		{"identifier with space", Actor{NIP: "a b", Role: HR}, []Role{HR}, ErrInvalidActor},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.a.Require(c.allowed...); !errors.Is(err, c.wantErr) {
				t.Fatalf("Require() = %v, want %v", err, c.wantErr)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	if _, err := ParseRole("superuser"); !errors.Is(err, ErrInvalidActor) {
		t.Errorf("ParseRole(superuser) error = %v", err)
	}
}
