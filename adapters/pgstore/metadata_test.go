package pgstore

import (
	"encoding/json"
	"testing"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestDecodeMetadataMatchesEncodingJSON checks that the fast metadata
// decoder gives what encoding/json gives, for the shape the store writes and
// for shapes it must hand over to encoding/json.
func TestDecodeMetadataMatchesEncodingJSON(t *testing.T) {
	full, _ := json.Marshal(eventlog.Metadata{ActorID: "a", ActorRole: "r", OnBehalfOf: "o", CorrelationID: "c",
		CausationID: "k", RequestID: "q", IdempotencyKey: "i", Reason: "why", Client: "web", PolicyVersion: "1", Instansi: "x"})
	for _, raw := range []string{
		string(full), `{}`, `{"actor_id":"a"}`, `{"instansi":""}`, `{"actor_id":"a","actor_id":"b"}`,
		`{"reason":"say \"hi\" \u00e9"}`, `{ "actor_id" : "a" }`, `{"Actor_ID":"a"}`, `{"other":1,"instansi":"x"}`,
		`{"client":"x","extra":{"instansi":"y"}}`, `{"actor_id":"a"}  `,
	} {
		var want, got eventlog.Metadata
		if err := json.Unmarshal([]byte(raw), &want); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		got.Reason = "left over from an earlier event"
		if err := decodeMetadata([]byte(raw), &got); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", raw, got, want)
		}
	}
}
