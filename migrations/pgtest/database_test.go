package pgtest

import "testing"

// TestWithDatabase checks that only the database of a connection string
// changes, in both URL and keyword/value forms.
func TestWithDatabase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://postgres@127.0.0.1:5432/kinerja_test?sslmode=disable", "postgres://postgres@127.0.0.1:5432/other?sslmode=disable"},
		{"postgresql://kinerja_test:pw@db/kinerja_test", "postgresql://kinerja_test:pw@db/other"},
		{"host=127.0.0.1 user=kinerja_test dbname=kinerja_test sslmode=disable", "host=127.0.0.1 user=kinerja_test dbname=other sslmode=disable"},
		{"host=127.0.0.1 user=postgres", "host=127.0.0.1 user=postgres dbname=other"},
	} {
		got, err := WithDatabase(c.in, "other")
		if err != nil || got != c.want {
			t.Errorf("WithDatabase(%q) = %q, %v, want %q", c.in, got, err, c.want)
		}
	}
}

// TestNewDatabase checks that the database is named after the test
// database and is dropped when the test ends.
func TestNewDatabase(t *testing.T) {
	var name string
	t.Run("use", func(t *testing.T) {
		var url string
		name, url = NewDatabase(t, "probe")
		if want, _ := WithDatabase(URL(), name); url != want {
			t.Errorf("url %q, want %q", url, want)
		}
		admin := Pool(t, URL())
		if _, err := admin.Exec(t.Context(), "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}
	})
	admin := Pool(t, URL())
	var exists bool
	if err := admin.QueryRow(t.Context(), `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		t.Errorf("database %s after its test: exists %v (%v), want dropped", name, exists, err)
	}
}
