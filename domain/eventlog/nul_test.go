package eventlog

import (
	"encoding/json"
	"testing"
)

func TestHasNUL(t *testing.T) {
	for _, c := range []struct {
		data string
		want bool
	}{
		{`{"a":"x"}`, false},
		{`{"a":"\u0000"}`, true},
		{`{"a":"x\u0000y"}`, true},
		{"{\"a\":\"\x00\"}", true},
		{`{"a":"\\u0000"}`, false},
		{`{"a":"\\\u0000"}`, true},
		{`{"a":"\\\\u0000"}`, false},
		{`{"a":"\u00001"}`, true},
		{`{"a":"\u0001"}`, false},
		{`{"a":"\\"}`, false},
	} {
		if got := hasNUL([]byte(c.data)); got != c.want {
			t.Errorf("hasNUL(%s) = %v, want %v", c.data, got, c.want)
		}
	}
}

// TestTextThatSpellsTheNULEscapeIsValidData: a reason that holds the six
// characters \u0000 is ordinary text, encoded as \\u0000, and a valid
// event.
func TestTextThatSpellsTheNULEscapeIsValidData(t *testing.T) {
	data, err := json.Marshal(map[string]string{"reason": `see \u0000 in the log`})
	if err != nil {
		t.Fatal(err)
	}
	ev := NewEvent{ID: "01939a4e-7c1a-7b3e-8f00-000000000001", Type: "unit.predikat_set", SchemaVersion: 1, Data: data}
	if _, err := ValidateAppend("unit-bidang-a", []NewEvent{ev}); err != nil {
		t.Errorf("ValidateAppend(%s): %v", data, err)
	}
}
