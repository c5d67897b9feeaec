package forward

import "testing"

func TestTypeMatches(t *testing.T) {
	cases := []struct {
		pattern, typ string
		want         bool
	}{
		{"skp.drafted", "skp.drafted", true},
		{"skp.drafted", "skp.drafted2", false},
		{"skp.", "skp.ratings_given", true},
		{"skp.*", "skp.ratings_given", true},
		{"skp*", "skpx.a", true},
		{"skp.*", "employee.registered", false},
		{"*.registered", "employee.registered", true},
		{"skp.*_given", "skp.ratings_given", true},
		{"skp.*_given", "skp.drafted", false},
		{"sk?.drafted", "skp.drafted", true},
	}
	for _, c := range cases {
		if got := typeMatches(c.pattern, c.typ); got != c.want {
			t.Errorf("typeMatches(%q, %q) = %v, want %v", c.pattern, c.typ, got, c.want)
		}
	}
}

func TestFilterValidate(t *testing.T) {
	for _, f := range []Filter{{Types: []string{"["}}, {Types: []string{" "}}, {Instansi: []string{""}}} {
		if f.Validate() == nil {
			t.Errorf("%+v: no error", f)
		}
	}
	if err := (Filter{Types: []string{"skp.*"}, Instansi: []string{"I01"}}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestFilterInstansi(t *testing.T) {
	f := Filter{Instansi: []string{"I01"}}
	if f.matchInstansi("") || f.matchInstansi("I02") || !f.matchInstansi("I01") || !(Filter{}).matchInstansi("") {
		t.Error("instansi filter")
	}
}
