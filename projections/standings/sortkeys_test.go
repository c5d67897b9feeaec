package standings

import (
	"slices"
	"testing"
)

// TestSortKeysAreListedInOrder: the error message listing them once came out
// in a different order on each call (map iteration).
func TestSortKeysAreListedInOrder(t *testing.T) {
	for i := 0; i < 5; i++ {
		if keys := SortKeys(); len(keys) < 2 || !slices.IsSorted(keys) {
			t.Fatalf("SortKeys() = %v, want them sorted", keys)
		}
	}
}
