package eventcodec

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type event interface{ EventType() string }

type renamed struct {
	Names []string `json:"names"`
}

func (renamed) EventType() string { return "test.renamed" }

func decodeRenamed(data []byte) (event, error) { return Unmarshal[renamed](data) }

// nameToNames upgrades v1 {"name": "x"} to v2 {"names": ["x"]}.
func nameToNames(data []byte) ([]byte, error) {
	f, err := Fields(data)
	if err != nil {
		return nil, err
	}
	var name string
	if raw, ok := f["name"]; ok {
		if err := json.Unmarshal(raw, &name); err != nil {
			return nil, err
		}
	}
	delete(f, "name")
	f["names"], _ = json.Marshal([]string{name})
	return json.Marshal(f)
}

var registry = Registry[event]{
	"test.renamed": {Version: 2, Decode: decodeRenamed, Upcasters: map[int]Upcaster{1: nameToNames}},
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name    string
		typ     string
		version int
		data    string
		want    event
		wantErr error
	}{
		{"current", "test.renamed", 2, `{"names":["a","b"]}`, renamed{Names: []string{"a", "b"}}, nil},
		{"upcast v1", "test.renamed", 1, `{"name":"a"}`, renamed{Names: []string{"a"}}, nil},
		{"unknown type", "test.other", 1, `{}`, nil, ErrUnknownType},
		{"future version", "test.renamed", 3, `{}`, nil, ErrUnsupportedVersion},
		{"version zero", "test.renamed", 0, `{}`, nil, ErrUnsupportedVersion},
		{"null", "test.renamed", 2, `null`, nil, ErrMalformed},
		{"array", "test.renamed", 2, `[]`, nil, ErrMalformed},
		{"broken", "test.renamed", 2, `{"names":`, nil, ErrMalformed},
		{"trailing text", "test.renamed", 2, `{"names":["a"]} x`, nil, ErrMalformed},
		{"broken before upcast", "test.renamed", 1, `{"name":"a"`, nil, ErrMalformed},
		{"wrong field type", "test.renamed", 2, `{"names":3}`, nil, ErrMalformed},
		{"upcaster fails", "test.renamed", 1, `{"name":3}`, nil, ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := registry.Decode(c.typ, c.version, []byte(c.data))
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("Decode error = %v, want %v", err, c.wantErr)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Fatalf("Decode (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEncode(t *testing.T) {
	typ, v, data, err := registry.Encode(renamed{Names: []string{"x"}})
	if err != nil || typ != "test.renamed" || v != 2 || string(data) != `{"names":["x"]}` {
		t.Fatalf("Encode = %q, %d, %s, %v", typ, v, data, err)
	}
	if _, _, _, err := registry.Encode(nil); !errors.Is(err, ErrUnknownType) {
		t.Fatalf("Encode(nil) error = %v", err)
	}
	if got := registry.Types(); !cmp.Equal(got, []string{"test.renamed"}) {
		t.Fatalf("Types() = %v", got)
	}
}
