package civil_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
)

// TestDefaultZoneIsWIB checks that the default zone is UTC+7.
func TestDefaultZoneIsWIB(t *testing.T) {
	if _, off := time.Date(2025, 6, 1, 0, 0, 0, 0, civil.DefaultZone()).Zone(); off != 7*60*60 {
		t.Fatalf("offset %d s, want UTC+7", off)
	}
}
