package evaldoc

import (
	"errors"
	"testing"
)

// The rendering itself is tested through GET /v1/skp/{nip}/{year}/document.pdf
// (adapters/httpapi), which builds the input from the log.

func TestRenderRefusesIncompleteInput(t *testing.T) {
	if _, err := Render(Input{}); !errors.Is(err, ErrInput) {
		t.Fatalf("Render(Input{}) = %v, want ErrInput", err)
	}
}

func TestEmbeddedFonts(t *testing.T) {
	if len(fontRegular) < 100_000 || len(fontBold) < 100_000 {
		t.Fatalf("embedded fonts: %d and %d bytes", len(fontRegular), len(fontBold))
	}
}
