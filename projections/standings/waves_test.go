package standings

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestPlanKeepsEachEmployeesOrderAndTheBarriers checks how plan groups
// master-data statements: an employee's statements stay in order (wave by
// wave; within a wave by kind), single statements keep their order and go
// first, and nothing crosses a barrier.
func TestPlanKeepsEachEmployeesOrderAndTheBarriers(t *testing.T) {
	pos := uint64(0)
	row := func(k rowKind, nip string) statement {
		pos++
		return statement{kind: k, nip: nip, row: []any{nip}, from: eventlog.Event{Position: pos}}
	}
	one := func(sql string, barrier bool) statement {
		pos++
		return statement{sql: sql, barrier: barrier, from: eventlog.Event{Position: pos}}
	}
	stmts := []statement{
		row(registered, "A"), row(registered, "B"), one("unit 1", false), row(transferred, "A"),
		row(ensured, "B"), row(ensured, "C"), one("unit 2", false),
		one("open year", true),
		row(leftService, "A"), row(registered, "D"),
	}
	var got []string
	for _, q := range plan(stmts) {
		switch {
		case q.From != nil && q.Args == nil:
			got = append(got, q.SQL)
		default:
			got = append(got, kindName[kindOf(q.SQL)]+" "+strings.Join(q.Args[0].([]string), ","))
		}
	}
	want := []string{"unit 1", "unit 2", "registered A,B", "ensured C", "ensured B", "transferred A",
		"open year", "registered D", "left A"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
}

var kindName = map[rowKind]string{registered: "registered", ensured: "ensured", transferred: "transferred", leftService: "left"}

func kindOf(sql string) rowKind {
	for k, s := range kindSQL {
		if s == sql {
			return rowKind(k)
		}
	}
	return single
}
