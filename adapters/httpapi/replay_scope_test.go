package httpapi

import (
	"testing"

	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/actor"
)

// TestReplayDiffComparesTheInstansisRatings replays every read model up
// to the Q1 rating, before the annual rating was given: the inspectorate's
// diff of the promotion read model, whose ratings tables have no instansi
// column, finds the annual predikat only live, scoped through the
// promotion employees, and is not equal (it was "equal" with those tables
// skipped). The other instansi's diff of its own replay does not see that
// row.
func TestReplayDiffComparesTheInstansisRatings(t *testing.T) {
	a, tk, pos := ratedYear(t)
	liveReadModels(t, a)
	inspB := a.token(t, itdaB, otherInstansi, actor.Inspektorat)
	until := map[string]any{"until": u(pos["rate Q1"]), "projections": []string{"all"}}

	var mine, theirs rebuild.ReplayInfo
	a.send(t, "POST", "/v1/replays", tk.inspektorat, until).must(t, 201, "replay up to Q1").json(t, &mine)
	a.send(t, "POST", "/v1/replays", inspB, until).must(t, 201, "the other instansi's replay up to Q1").json(t, &theirs)

	var rep rebuild.DiffReport
	a.send(t, "GET", "/v1/replays/"+mine.Schema+"/diff?projection=promotion", tk.inspektorat, nil).must(t, 200, "diff").json(t, &rep)
	tables := map[string]rebuild.TableDiff{}
	for _, td := range rep.Tables {
		tables[td.Table] = td
		if td.Unscoped {
			t.Errorf("table %s not compared", td.Table)
		}
	}
	annual := tables["promotion_annual"]
	if rep.Equal || len(rep.NotCompared) != 0 || annual.OnlyLive != 1 || annual.ScopedBy != "promotion_employees.nip" ||
		len(annual.Rows) != 1 || string(annual.Rows[0].Key["nip"]) != `"`+pegawai+`"` {
		t.Errorf("diff of promotion up to Q1: equal %t, not compared %v, promotion_annual %+v", rep.Equal, rep.NotCompared, annual)
	}

	a.send(t, "GET", "/v1/replays/"+theirs.Schema+"/diff?projection=promotion", inspB, nil).must(t, 200, "their diff").json(t, &rep)
	for _, td := range rep.Tables {
		if td.OnlyLive+td.OnlyReplay+td.Differing != 0 || td.Unscoped {
			t.Errorf("the other instansi's diff of %s: %+v", td.Table, td)
		}
	}
	if !rep.Equal {
		t.Errorf("the other instansi's diff is not equal: %+v", rep)
	}
}
