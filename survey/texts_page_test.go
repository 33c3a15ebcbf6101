package survey_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// textService is a service over the in-memory store with the test survey, its min_count minCount
// (0 for the default rules), and n answers to its free-text question, every third about the dark.
func textService(t *testing.T, minCount, n int) *survey.Service {
	t.Helper()
	s := serviceSurvey()
	if minCount > 0 {
		s.Suppression = survey.SuppressionRules{MinCount: minCount, MinBase: 30}
	}
	catalog, err := survey.NewCatalog(s)
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	svc := &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Disclosures: serviceTerms(t),
		Now: func() time.Time { return time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC) }}
	for i := range n {
		text := fmt.Sprintf("answer %d", i)
		if i%3 == 0 {
			text = fmt.Sprintf("Call me on 07700 900123, it is too dark by the station (%d)", i)
		}
		sub := survey.Submission{Key: fmt.Sprintf("question-texts-%04d", i), Lang: "en", Answers: survey.Answers{"comment": {Text: text}}}
		if _, err := svc.SubmitResponse(context.Background(), "test", sub); err != nil {
			t.Fatal(err)
		}
	}
	return svc
}

// TestTextReviewMinimum: nothing is shown, not even theme counts, below the minimum.
func TestTextReviewMinimum(t *testing.T) {
	for _, tc := range []struct {
		name     string
		minCount int
		answers  int
		shown    int
	}{
		{"NoneBelowTen", 0, survey.MinTextAnswers - 1, 0},
		{"AllFromTen", 0, survey.MinTextAnswers, survey.MinTextAnswers},
		{"TenEvenWhenMinCountIsLower", 5, 9, 0},
		{"MinCountWhenHigher", 20, 19, 0},
		{"AllFromMinCount", 20, 20, 20},
		{"NoneWithoutAnswers", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := textService(t, tc.minCount, tc.answers).TextReview(context.Background(), "test", "comment", "en", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Answers) != tc.shown {
				t.Errorf("%d answers shown, want %d", len(tr.Answers), tc.shown)
			}
			if tc.shown == 0 && (tr.Themes != nil || tr.Next != "") {
				t.Errorf("below the minimum: themes %v, next %q; want none", tr.Themes, tr.Next)
			}
		})
	}
}

// TestTextReviewPages pages through 2.4 pages of answers: every answer once, each page in answer
// id order, the theme counts of every page over all the answers, the suggested themes on each
// answer and its text scrubbed.
func TestTextReviewPages(t *testing.T) {
	const n = 2*survey.TextPageSize + 20
	svc := textService(t, 0, n)
	ctx := context.Background()
	seen := map[string]bool{}
	after := ""
	for page := 1; ; page++ {
		tr, err := svc.TextReview(ctx, "test", "comment", "en", after)
		if err != nil {
			t.Fatal(err)
		}
		want := min(survey.TextPageSize, n-(page-1)*survey.TextPageSize)
		if len(tr.Answers) != want || tr.From != after {
			t.Fatalf("page %d: %d answers after %q, want %d after %q", page, len(tr.Answers), tr.From, want, after)
		}
		if !slices.IsSortedFunc(tr.Answers, func(a, b survey.ReviewedText) int { return strings.Compare(a.ID, b.ID) }) {
			t.Errorf("page %d is not in answer id order", page)
		}
		if len(tr.Themes) != 1 || tr.Themes[0].Count == nil || *tr.Themes[0].Count != (n+2)/3 {
			t.Errorf("page %d: theme counts %+v, want lighting %d over every answer", page, tr.Themes, (n+2)/3)
		}
		for _, a := range tr.Answers {
			if seen[a.ID] {
				t.Errorf("answer %s on two pages", a.ID)
			}
			seen[a.ID] = true
			dark := strings.Contains(a.Text, "dark")
			if dark != slices.Equal(a.Themes, []string{"lighting"}) || !a.Suggested || strings.Contains(a.Text, "07700") {
				t.Errorf("answer %+v: want the scrubbed text with suggested themes", a)
			}
		}
		if tr.Next == "" {
			if page != 3 {
				t.Errorf("last page is %d, want 3", page)
			}
			break
		}
		after = tr.Next
	}
	if len(seen) != n {
		t.Errorf("%d answers over the pages, want %d", len(seen), n)
	}
	for name, question := range map[string]string{"ErrChoiceQuestion": "feel", "ErrUnknownQuestion": "nope"} {
		t.Run(name, func(t *testing.T) {
			if _, err := svc.TextReview(ctx, "test", question, "en", ""); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ENOTFOUND)
			}
		})
	}
}

// TestThemesChosenOnLaterPage: themes scrutineers choose for an answer on a later page replace its
// suggested ones in the counts every page shows.
func TestThemesChosenOnLaterPage(t *testing.T) {
	svc := textService(t, 0, survey.TextPageSize+30)
	ctx := context.Background()
	first, err := svc.TextReview(ctx, "test", "comment", "en", "")
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.TextReview(ctx, "test", "comment", "en", first.Next)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(second.Answers, func(a survey.ReviewedText) bool { return slices.Contains(a.Themes, "lighting") })
	if i < 0 {
		t.Fatal("no answer about lighting on the second page")
	}
	if err := svc.SetThemes(ctx, "test", "comment", second.Answers[i].ID, nil); err != nil {
		t.Fatal(err)
	}
	again, err := svc.TextReview(ctx, "test", "comment", "en", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *again.Themes[0].Count, *first.Themes[0].Count-1; got != want {
		t.Errorf("lighting counted %d after one answer lost it, want %d", got, want)
	}
}
