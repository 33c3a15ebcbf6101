package mongo_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestSuspectCountedApart stores responses marked suspect beside ordinary ones: they are counted
// apart from the findings, listed for review, and the stored counters still match a recount.
// (The service's side, which responses it marks, is tested in package survey on an in-memory store.)
func TestSuspectCountedApart(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	marks := []string{"", "", survey.SuspectTooFast, "", survey.SuspectNoStart, survey.SuspectHoneypot, ""}
	suspect := 0
	for i, mark := range marks {
		r := response(fmt.Sprint("S", i))
		r.Suspect = mark
		r.Groups = []string{survey.GroupKey("safe_home", "no")}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
		if mark != "" {
			suspect++
		}
	}
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	counted := int64(len(marks) - suspect)
	counts, err := db.Counts(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (survey.Counts{Responses: counted, Suspect: int64(suspect)}); counts != want {
		t.Errorf("counts = %+v, want %+v", counts, want)
	}
	counters, err := db.Counters(ctx, "s1", 1, []string{survey.GroupAll, survey.GroupKey("safe_home", "no")})
	if err != nil {
		t.Fatal(err)
	}
	if got := counters[survey.GroupAll].Chosen["safe_home"]["no"]; got != counted {
		t.Errorf("findings count %d choices of no, want only the %d unsuspected", got, counted)
	}
	if got := counters[survey.GroupKey("safe_home", "no")].N; got != counted {
		t.Errorf("breakdown group holds %d, want only the %d unsuspected", got, counted)
	}
	var reviewed []string
	if err := db.SuspectResponses(ctx, "s1", 1, func(r *survey.Response) error {
		reviewed = append(reviewed, r.Suspect)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(reviewed) != suspect {
		t.Errorf("review lists %v, want %d suspect responses", reviewed, suspect)
	}
	recounted, err := db.Recount(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.StoredCounters(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(recounted); len(diffs) > 0 {
		t.Errorf("counters differ from a recount: %v", diffs)
	}
}
