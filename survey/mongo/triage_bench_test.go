package mongo_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// BenchmarkTriageRead reads what one view of the safeguarding lead's queue reads from the store:
// a survey's flagged answers (through the sparse index, among as many unflagged responses) and
// the lead's records of them, for 500 flagged answers, half of them reviewed.
func BenchmarkTriageRead(b *testing.B) {
	db := mongotest.Open(b)
	ctx := context.Background()
	for i := range 1000 {
		r := response(fmt.Sprintf("T%04d", i))
		if i%2 == 0 {
			r.Flags = []survey.Flag{{Question: "why", Reasons: []string{"hurt"}}}
			if i%4 == 0 {
				if err := db.SaveFlagState(ctx, "s1", survey.AnswerID(r.ID, "why"), survey.FlagState{Reviewed: true}); err != nil {
					b.Fatal(err)
				}
			}
		}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Settle(ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("FlaggedTexts", func(b *testing.B) {
		for range b.N {
			if texts, err := db.FlaggedTexts(ctx, "s1"); err != nil || len(texts) != 500 {
				b.Fatalf("%d texts, %v", len(texts), err)
			}
		}
	})
	b.Run("FlagStates", func(b *testing.B) {
		for range b.N {
			if states, err := db.FlagStates(ctx, "s1"); err != nil || len(states) != 250 {
				b.Fatalf("%d states, %v", len(states), err)
			}
		}
	})
}
