package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestFlagQueue: the safeguarding lead's queue, in its order, a page at a time, open or reviewed, counted.
func TestFlagQueue(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	responses := []*survey.Response{
		{ID: "B", Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-24",
			Answers: survey.Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "he hits me"}, "comment": {Text: "[name] has a knife"}},
			Flags:   []survey.Flag{{Question: "why", Reasons: []string{"hurt"}}, {Question: "comment", Reasons: []string{"weapon"}}}},
		{ID: "A", Survey: "s1", Version: 2, Lang: "pl", Date: "2026-11-25",
			Answers: survey.Answers{"why": {Text: "boję się ojca"}}, Flags: []survey.Flag{{Question: "why", Reasons: []string{"unsafe_home"}}}},
		{ID: "C", Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-24",
			Answers: survey.Answers{"why": {Text: "i want to die"}}, Flags: []survey.Flag{{Question: "why", Reasons: []string{"suicide"}}}},
		{ID: "D", Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-25", Answers: survey.Answers{"why": {Text: "more lights"}}},
		{ID: "E", Survey: "s2", Version: 1, Lang: "en", Date: "2026-11-25",
			Answers: survey.Answers{"why": {Text: "another survey"}}, Flags: []survey.Flag{{Question: "why", Reasons: []string{"threat"}}}},
	}
	for _, r := range responses {
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.FlagQueue(ctx, "s1", false, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Most urgent tier first (unsafe home and suicide, then weapon and hurt), newest day first
	// within it, then the most urgent kind: never in the order answers came.
	want := []survey.FlaggedText{
		{Question: "why", Text: "boję się ojca", Lang: "pl", Version: 2, Date: "2026-11-25", Reasons: []string{"unsafe_home"}},
		{Question: "why", Text: "i want to die", Lang: "en", Version: 1, Date: "2026-11-24", Reasons: []string{"suicide"}},
		{Question: "comment", Text: "[name] has a knife", Lang: "en", Version: 1, Date: "2026-11-24", Reasons: []string{"weapon"}},
		{Question: "why", Text: "he hits me", Lang: "en", Version: 1, Date: "2026-11-24", Reasons: []string{"hurt"}},
	}
	flagged := func(texts []survey.TriagedText) []survey.FlaggedText {
		var out []survey.FlaggedText
		for _, t := range texts {
			out = append(out, t.FlaggedText)
		}
		return out
	}
	if !slices.EqualFunc(flagged(got), want, equalFlagged) {
		t.Fatalf("FlagQueue =\n%+v\nwant\n%+v", flagged(got), want)
	}
	// Each answer is named by a hash of its response and question, so B's two answers differ.
	if got[3].ID != survey.AnswerID("B", "why") || got[2].ID != survey.AnswerID("B", "comment") {
		t.Errorf("answer ids = %q, %q", got[2].ID, got[3].ID)
	}
	t.Run("OKPaged", func(t *testing.T) {
		page, err := db.FlagQueue(ctx, "s1", false, 1, 2)
		if err != nil || !slices.EqualFunc(flagged(page), want[1:3], equalFlagged) {
			t.Errorf("second and third = %+v, %v", flagged(page), err)
		}
	})
	t.Run("OKReviewed", func(t *testing.T) {
		if err := db.SaveFlagState(ctx, "s1", got[1].ID, survey.FlagState{Reviewed: true}); err != nil {
			t.Fatal(err)
		}
		open, _ := db.FlagQueue(ctx, "s1", false, 0, 10)
		reviewed, _ := db.FlagQueue(ctx, "s1", true, 0, 10)
		n, err := db.UnreviewedFlags(ctx, "s1")
		if len(open) != 3 || len(reviewed) != 1 || reviewed[0].ID != got[1].ID || !reviewed[0].State.Reviewed || n != 3 || err != nil {
			t.Errorf("open %d, reviewed %d, unreviewed count %d, %v; want 3, the one marked, 3", len(open), len(reviewed), n, err)
		}
		p, err := db.FlagPatterns(ctx, "s1")
		if err != nil || p.Open != 3 || p.Reviewed != 1 || p.ByReason["weapon"] != 1 || p.ByDay["2026-11-24"] != 3 || p.ByChannel[""] != 4 {
			t.Errorf("patterns = %+v, %v", p, err)
		}
	})
	t.Run("OKFlaggedText", func(t *testing.T) {
		text, err := db.FlaggedText(ctx, "s1", survey.AnswerID("B", "comment"))
		if err != nil || !equalFlagged(text, want[2]) {
			t.Errorf("FlaggedText = %+v, %v; want %+v", text, err, want[2])
		}
		for _, tc := range []struct{ slug, answer string }{{"s2", survey.AnswerID("B", "comment")}, {"s1", survey.AnswerID("D", "why")}} {
			if _, err := db.FlaggedText(ctx, tc.slug, tc.answer); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("FlaggedText(%s, %s): code %q, want not found", tc.slug, tc.answer, survey.ErrorCode(err))
			}
			if err := db.SaveFlagState(ctx, tc.slug, tc.answer, survey.FlagState{Reviewed: true}); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("SaveFlagState(%s, %s): code %q, want not found", tc.slug, tc.answer, survey.ErrorCode(err))
			}
		}
	})
	t.Run("OKNone", func(t *testing.T) {
		if got, err := db.FlagQueue(ctx, "s3", false, 0, 10); err != nil || len(got) != 0 {
			t.Errorf("FlagQueue of a survey with none = %v, %v", got, err)
		}
	})
	t.Run("OKReadBack", func(t *testing.T) {
		r, err := db.Response(ctx, "s1", "B")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Flags) != 2 || r.Flags[1].Question != "comment" || !slices.Equal(r.Flags[1].Reasons, []string{"weapon"}) {
			t.Errorf("flags read back = %+v", r.Flags)
		}
	})
}

func equalFlagged(a, b survey.FlaggedText) bool {
	return a.Question == b.Question && a.Text == b.Text && a.Lang == b.Lang && a.Version == b.Version && a.Date == b.Date && slices.Equal(a.Reasons, b.Reasons)
}

// TestFlaggedIndex: the safeguarding list is read from a sparse index that holds flagged
// responses only.
func TestFlaggedIndex(t *testing.T) {
	name := mongotest.DatabaseName(t)
	db, err := mongo.Open(context.Background(), mongotest.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	cur, err := rawDatabase(t, name).Collection("responses").Indexes().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var indexes []struct {
		Name string `bson:"name"`
		Key  bson.D `bson:"key"`
	}
	if err := cur.All(context.Background(), &indexes); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ix := range indexes {
		names = append(names, ix.Name)
		if ix.Name == "flagged" && (len(ix.Key) != 1 || ix.Key[0].Key != "fl") {
			t.Errorf("flagged index key = %v, want fl", ix.Key)
		}
	}
	if !slices.Contains(names, "flagged") {
		t.Errorf("indexes = %v, want one named flagged", names)
	}
}

func TestQuestionTexts(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for i := range 12 {
		r := &survey.Response{ID: fmt.Sprintf("R%02d", 11-i), Survey: "s1", Version: 1, Lang: []string{"en", "pl"}[i%2], Date: "2026-11-24",
			Answers: survey.Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: fmt.Sprint("text ", 11-i)}}}
		if i == 3 {
			r.Answers = survey.Answers{"safe_home": {Choices: []string{"yes"}}} // no text
		}
		if i == 5 {
			r.Flags = []survey.Flag{{Question: "why", Reasons: []string{"hurt"}}}
		}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	others := []*survey.Response{
		{ID: "V2", Survey: "s1", Version: 2, Lang: "en", Date: "2026-11-24", Answers: survey.Answers{"why": {Text: "another version"}}},
		{ID: "S2", Survey: "s2", Version: 1, Lang: "en", Date: "2026-11-24", Answers: survey.Answers{"why": {Text: "another survey"}}},
		{ID: "OQ", Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-24", Answers: survey.Answers{"comment": {Text: "another question"}}},
	}
	for _, r := range others {
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.QuestionTexts(ctx, "s1", 1, "why", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, a := range got {
		if a.Question != "why" || (a.Lang != "en" && a.Lang != "pl") || a.Themes != nil {
			t.Errorf("answer = %+v", a)
		}
		texts = append(texts, a.Text)
		if want := a.Text == "text 6"; a.Flagged != want {
			t.Errorf("%q flagged = %v, want %v", a.Text, a.Flagged, want)
		}
	}
	// In response id order (R00..R11, R08 gave no text), not in the order they were stored.
	want := []string{"text 0", "text 1", "text 2", "text 3", "text 4", "text 5", "text 6", "text 7", "text 9", "text 10", "text 11"}
	if !slices.Equal(texts, want) {
		t.Errorf("texts = %q, want %q", texts, want)
	}
}
