package httpapi

import (
	"encoding/hex"
	"fmt"
	"testing"
)

// TestVerifyReportsTheLogsHeadAndTheMissingTail checks what a verification
// says of the head and of a tail cut below an anchor. On a chain broken
// inside the log, head_position was the last good event before the break,
// as if the log ended there; against an anchor past the log's end,
// first_bad_position named a position the log does not have, and nothing
// said so. The head is now the log's as stored, the last good event is
// last_good_position, and missing_from..missing_to name the positions
// missing from the tail.
func TestVerifyReportsTheLogsHeadAndTheMissingTail(t *testing.T) {
	a, tk, pos := ratedYear(t)
	hashAt := func(p uint64) string {
		t.Helper()
		var h []byte
		if err := a.sc.Pool.QueryRow(t.Context(), `SELECT hash FROM events WHERE position = $1`, int64(p)).Scan(&h); err != nil {
			t.Fatalf("hash at %d: %v", p, err)
		}
		return hex.EncodeToString(h)
	}
	verify := func(query string) map[string]any {
		t.Helper()
		var v map[string]any
		a.send(t, "GET", "/v1/audit/verify"+query, tk.auditor, nil).must(t, 200, "verify"+query).json(t, &v)
		return v
	}
	// check compares the fields named with want (nil: present and null).
	check := func(what string, v map[string]any, want map[string]any) {
		t.Helper()
		for k, w := range want {
			got, ok := v[k]
			if n, isNum := got.(float64); isNum {
				got = uint64(n)
			}
			if !ok || fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s: %s = %v (present %v), want %v\n%v", what, k, got, ok, w, v)
			}
		}
	}

	head := a.head(t)
	check("intact log", verify(""), map[string]any{"status": "ok", "head_position": head, "head_hash": hashAt(head),
		"last_good_position": head, "last_good_hash": hashAt(head), "first_bad_position": nil, "missing_from": nil, "missing_to": nil})

	// The last two events removed and the head row rewound to match: the
	// chain verifies; an anchor of the old head does not hold.
	anchorHash := hashAt(head)
	tamper(t, a, fmt.Sprintf(`DELETE FROM events WHERE position > %d`, head-2),
		fmt.Sprintf(`UPDATE event_head SET position = %d, hash = (SELECT hash FROM events WHERE position = %d)`, head-2, head-2))
	check("cut log", verify(""), map[string]any{"status": "ok", "head_position": head - 2, "missing_from": nil})
	v := verify(fmt.Sprintf("?anchor_position=%d&anchor_hash=%s", head, anchorHash))
	check("anchor past the head", v, map[string]any{"status": "broken", "head_position": head - 2, "head_hash": hashAt(head - 2),
		"last_good_position": head - 2, "events_verified": head - 2,
		"first_bad_position": head - 1, "missing_from": head - 1, "missing_to": head})
	if an, _ := v["anchor"].(map[string]any); an == nil || an["held"] != false {
		t.Errorf("anchor past the head: anchor %v, want held false", v["anchor"])
	}

	// An event inside the log altered: the head is still the log's.
	bad := pos["rate Q1"]
	tamper(t, a, fmt.Sprintf(`UPDATE events SET data = replace(data::text, 'Q1', 'Q2')::json WHERE position = %d`, bad))
	check("altered event", verify(""), map[string]any{"status": "broken", "head_position": head - 2, "head_hash": hashAt(head - 2),
		"last_good_position": bad - 1, "last_good_hash": hashAt(bad - 1), "events_verified": bad - 1,
		"first_bad_position": bad, "missing_from": nil, "missing_to": nil})
}
