package survey

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReviewsState(t *testing.T) {
	at := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	signed := map[string]string{"hi": "Cześć", "bye": "Pa"}
	reviews := NewReviews([]SignOff{NewSignOff(SetUI, "pl", "Ola", at, signed)})
	tests := []struct {
		name, lang string
		texts      map[string]string
		reviewed   bool
		changed    []string
		by         string
	}{
		{"SignedOff", "pl", signed, true, nil, "Ola"},
		{"EditReopens", "pl", map[string]string{"hi": "Hej", "bye": "Pa"}, false, []string{"hi"}, "Ola"},
		{"NewStringReopens", "pl", map[string]string{"hi": "Cześć", "bye": "Pa", "new": "Nowy"}, false, []string{"new"}, "Ola"},
		{"RemovedStringKeeps", "pl", map[string]string{"hi": "Cześć"}, true, nil, "Ola"},
		{"NeverSignedOff", "ar", map[string]string{"hi": "مرحبا"}, false, nil, ""},
		{"SourceAlwaysReviewed", "en", map[string]string{"hi": "Hello"}, true, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reviews.State(SetUI, tt.lang, tt.texts)
			if got.Reviewed != tt.reviewed || !slices.Equal(got.Changed, tt.changed) || got.By != tt.by {
				t.Errorf("State = %+v, want reviewed %v, changed %v, by %q", got, tt.reviewed, tt.changed, tt.by)
			}
			if got.Reopened() != (tt.by != "" && !tt.reviewed) {
				t.Errorf("Reopened = %v", got.Reopened())
			}
		})
	}
	if reviews.State(SurveySet("community-safety"), "pl", signed).Reviewed {
		t.Error("a sign-off of the UI strings counted for a survey's text")
	}
}

// BenchmarkReviewsState measures what /stats and the editor pay per language: comparing the
// fingerprints of a language's 800 UI strings with its sign-off.
func BenchmarkReviewsState(b *testing.B) {
	texts := map[string]string{}
	for i := range 800 {
		texts[fmt.Sprintf("staff.message_%d", i)] = strings.Repeat("Pokazano najnowsze wpisy. ", 3)
	}
	reviews := NewReviews([]SignOff{NewSignOff(SetUI, "pl", "Ola", time.Now(), texts)})
	for b.Loop() {
		if !reviews.State(SetUI, "pl", texts).Reviewed {
			b.Fatal("not reviewed")
		}
	}
}
