package instansi_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/instansi"
)

func TestZoneDefaultsToWIBAndIsSetOnce(t *testing.T) {
	s, err := instansi.Replay("pemprov-x", nil)
	if err != nil || s.Zone() != "Asia/Jakarta" || s.Version() != 0 {
		t.Fatalf("default %v %v", s, err)
	}
	by := actor.Actor{NIP: "198808082013011013", Role: actor.Admin}
	at := time.Date(2025, 1, 6, 10, 0, 0, 0, time.UTC)
	for _, bad := range []string{"", "UTC", "Asia/Singapore", "wita", "+08:00"} {
		if _, err := s.SetZone(at, by, bad); !errors.Is(err, instansi.ErrInvalidZone) {
			t.Errorf("SetZone(%q) = %v", bad, err)
		}
	}
	if evs, err := s.SetZone(at, by, "WIB"); err != nil || len(evs) != 0 {
		t.Fatalf("the zone it keeps: %v %v", evs, err)
	}
	evs, err := s.SetZone(at, by, "WITA")
	if err != nil || len(evs) != 1 {
		t.Fatalf("SetZone WITA: %v %v", evs, err)
	}
	typ, v, data, err := instansi.Encode(evs[0])
	if err != nil || typ != instansi.TypeZoneSet || v != 1 {
		t.Fatalf("encode: %s %d %v", typ, v, err)
	}
	s, err = instansi.Replay("pemprov-x", []eventlog.Event{{Type: typ, SchemaVersion: v, Data: data, Version: 1}})
	if err != nil || s.Zone() != "Asia/Makassar" || s.Version() != 1 {
		t.Fatalf("after: %v %v", s, err)
	}
	if off := at.In(s.Location()).Format("-07:00"); off != "+08:00" {
		t.Fatalf("WITA offset %s", off)
	}
	if off := at.In(instansi.Location("Asia/Jayapura")).Format("-07:00"); off != "+09:00" {
		t.Fatalf("WIT offset %s", off)
	}
}
