package survey

import (
	"slices"
	"testing"
)

func TestSortLanguages(t *testing.T) {
	codes := []string{"zu", "pl", "en", "ar", "de"}
	SortLanguages(codes, []string{"en", "pl", "ar"})
	if want := []string{"en", "pl", "ar", "de", "zu"}; !slices.Equal(codes, want) {
		t.Errorf("sorted %v, want %v", codes, want)
	}
}
