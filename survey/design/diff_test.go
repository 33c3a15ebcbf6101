package design

import (
	"reflect"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// moveQuestion moves the question at from to index to, shifting the ones between.
func moveQuestion(s *survey.Survey, from, to int) {
	q := s.Questions[from]
	s.Questions = slices.Insert(slices.Delete(s.Questions, from, from+1), to, q)
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *survey.Survey)
		want []Change
	}{
		{"Same", func(s *survey.Survey) {}, nil},
		{"TitleChanged", func(s *survey.Survey) { s.Title["en"] = "New title" },
			[]Change{{Kind: "changed", Field: "title", Lang: "en", Before: "Test", After: "New title"}}},
		{"TranslationAdded", func(s *survey.Survey) { s.Questions[0].Text["pl"] = "Bezpiecznie w domu?" },
			[]Change{{Kind: "added", Question: "safe_home", Field: "text", Lang: "pl", After: "Bezpiecznie w domu?"}}},
		{"TranslationRemoved", func(s *survey.Survey) { delete(s.Title, "pl") },
			[]Change{{Kind: "removed", Field: "title", Lang: "pl", Before: "Test PL"}}},
		{"IntroAddedInTwoLanguages", func(s *survey.Survey) { s.Intro = survey.Text{"pl": "Cześć", "en": "Hello"} },
			[]Change{{Kind: "added", Field: "intro", Lang: "en", After: "Hello"}, {Kind: "added", Field: "intro", Lang: "pl", After: "Cześć"}}},
		{"SurveyFields", func(s *survey.Survey) {
			s.Status, s.Closes, s.Published, s.Version = survey.StatusClosed, "2027-03-31", true, 2
			s.Suppression = survey.SuppressionRules{MinCount: 12, MinBase: 40}
		}, []Change{
			{Kind: "changed", Field: "version", Before: "1", After: "2"},
			{Kind: "changed", Field: "status", Before: "open", After: "closed"},
			{Kind: "added", Field: "closes", After: "2027-03-31"},
			{Kind: "changed", Field: "published", Before: "false", After: "true"},
			{Kind: "changed", Field: "suppression:min_count", Before: "10", After: "12"},
			{Kind: "changed", Field: "suppression:min_base", Before: "30", After: "40"},
		}},
		{"DefaultSuppressionSpelledOut", func(s *survey.Survey) { s.Suppression = survey.DefaultRules }, nil},
		{"Languages", func(s *survey.Survey) {
			s.Languages = []survey.Language{{Code: "en", Reviewed: true}, {Code: "ar"}}
			s.Languages[0].Reviewed = false
		}, []Change{
			{Kind: "changed", Field: "reviewed", Lang: "en", Before: "true", After: "false"},
			{Kind: "added", Field: "languages", After: "ar"},
			{Kind: "removed", Field: "languages", Before: "pl"},
		}},
		{"QuestionAdded", func(s *survey.Survey) {
			s.Questions = slices.Insert(s.Questions, 1, survey.Question{ID: "new", Type: survey.FreeText, Text: survey.Text{"en": "New?"}})
		}, []Change{{Kind: "added", Question: "new", After: "New?"}}},
		{"QuestionRemoved", func(s *survey.Survey) { s.Questions = slices.Delete(s.Questions, 2, 3) },
			[]Change{{Kind: "removed", Question: "places", Before: "Where?"}}},
		{"LastMovedFirst", func(s *survey.Survey) { moveQuestion(s, 4, 0) },
			[]Change{{Kind: "moved", Question: "comment", Before: "5", After: "1"}}},
		{"FirstMovedLast", func(s *survey.Survey) { moveQuestion(s, 0, 4) },
			[]Change{{Kind: "moved", Question: "safe_home", Before: "1", After: "5"}}},
		{"TwoSwapped", func(s *survey.Survey) { s.Questions[1], s.Questions[2] = s.Questions[2], s.Questions[1] },
			[]Change{{Kind: "moved", Question: "places", Before: "3", After: "2"}}},
		{"QuestionFields", func(s *survey.Survey) {
			q := &s.Questions[2]
			q.Type, q.Max, q.Required, q.PreferNotToSay = survey.Single, 0, true, false
			q.Hint = survey.Text{"en": "Pick one"}
			q.Concern = []string{"bus", "school"}
			s.Questions[1].ShowIf.AnyOf = []string{"no", "yes"}
			s.Questions[1].MaxLength = 0
		}, []Change{
			{Kind: "removed", Question: "why", Field: "max_length", Before: "10"},
			{Kind: "changed", Question: "why", Field: "show_if", Before: "safe_home: no", After: "safe_home: no, yes"},
			{Kind: "changed", Question: "places", Field: "type", Before: "multiple", After: "single"},
			{Kind: "changed", Question: "places", Field: "required", Before: "false", After: "true"},
			{Kind: "removed", Question: "places", Field: "max", Before: "2"},
			{Kind: "added", Question: "places", Field: "hint", Lang: "en", After: "Pick one"},
			{Kind: "changed", Question: "places", Field: "prefer_not_to_say", Before: "true", After: "false"},
			{Kind: "added", Question: "places", Field: "concern", After: "bus, school"},
		}},
		{"Options", func(s *survey.Survey) {
			q := &s.Questions[2] // park, bus, school
			q.Options = []survey.Option{
				{ID: "school", Text: survey.Text{"en": "School"}},
				{ID: "park", Text: survey.Text{"en": "A park", "pl": "Park"}},
				{ID: "shops", Text: survey.Text{"en": "Shops"}},
			}
		}, []Change{
			{Kind: "moved", Question: "places", Field: "option:school", Before: "3", After: "1"},
			{Kind: "changed", Question: "places", Field: "option:park", Lang: "en", Before: "Park", After: "A park"},
			{Kind: "added", Question: "places", Field: "option:park", Lang: "pl", After: "Park"},
			{Kind: "added", Question: "places", Field: "option:shops", After: "Shops"},
			{Kind: "removed", Question: "places", Field: "option:bus", Before: "Bus"},
		}},
		{"SupportThemesActions", func(s *survey.Survey) {
			s.Support = []survey.SupportLine{{Name: survey.Text{"en": "Shout"}, Phone: "85258"}}
			s.Themes[0].Keywords["pl"] = []string{"ciemno"}
			s.Themes[1] = survey.Theme{ID: "cctv", Label: survey.Text{"en": "CCTV"}, Keywords: map[string][]string{"en": {"cctv"}}}
			s.Actions = []survey.Action{{Status: survey.ActionPlanned, Text: survey.Text{"en": "Tell you what we found"}}}
		}, []Change{
			{Kind: "added", Field: "support:1", After: "Shout"},
			{Kind: "changed", Field: "theme:lighting:keywords", Lang: "pl", Before: "ciemno, latarni*", After: "ciemno"},
			{Kind: "added", Field: "theme:cctv", After: "CCTV"},
			{Kind: "removed", Field: "theme:police", Before: "Police"},
			{Kind: "added", Field: "action:1", After: "Tell you what we found"},
		}},
		{"Order", func(s *survey.Survey) {
			s.Questions = slices.Delete(s.Questions, 0, 1) // safe_home
			s.Questions[0].ShowIf = nil
			moveQuestion(s, 3, 0) // comment first
			s.Questions = append(s.Questions, survey.Question{ID: "new", Type: survey.FreeText, Text: survey.Text{"en": "New?"}})
			s.Questions[2].Text["en"] = "Where, then?"
			s.Title["en"] = "Retitled"
		}, []Change{
			{Kind: "changed", Field: "title", Lang: "en", Before: "Test", After: "Retitled"},
			{Kind: "moved", Question: "comment", Before: "5", After: "1"},
			{Kind: "removed", Question: "why", Field: "show_if", Before: "safe_home: no"},
			{Kind: "changed", Question: "places", Field: "text", Lang: "en", Before: "Where?", After: "Where, then?"},
			{Kind: "added", Question: "new", After: "New?"},
			{Kind: "removed", Question: "safe_home", Before: "Safe at home?"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := surveytest.SmallSurvey()
			tt.edit(after)
			got := Compare(surveytest.SmallSurvey(), after)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Compare:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCompareReversed checks that undoing an edit reports the opposite changes.
func TestCompareReversed(t *testing.T) {
	after := surveytest.SmallSurvey()
	after.Questions = append(after.Questions, survey.Question{ID: "new", Type: survey.FreeText, Text: survey.Text{"en": "New?"}})
	after.Intro = survey.Text{"en": "Hello"}
	got := Compare(after, surveytest.SmallSurvey())
	want := []Change{
		{Kind: "removed", Field: "intro", Lang: "en", Before: "Hello"},
		{Kind: "removed", Question: "new", Before: "New?"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare:\n got %+v\nwant %+v", got, want)
	}
}

func TestInOrder(t *testing.T) {
	tests := []struct {
		before, after, kept []string
	}{
		{[]string{"a", "b", "c", "d"}, []string{"a", "b", "c", "d"}, []string{"a", "b", "c", "d"}},
		{[]string{"a", "b", "c", "d"}, []string{"d", "c", "b", "a"}, []string{"a"}},
		{[]string{"a", "b", "c", "d", "e"}, []string{"b", "c", "a", "e", "d"}, []string{"b", "c", "d"}},
		{[]string{"a", "b"}, []string{"x", "a", "y", "b"}, []string{"a", "b"}},
		{nil, []string{"a"}, nil},
	}
	for _, tt := range tests {
		got := inOrder(tt.before, tt.after)
		if len(got) != len(tt.kept) {
			t.Errorf("inOrder(%v, %v) = %v, want %v", tt.before, tt.after, got, tt.kept)
		}
		for _, id := range tt.kept {
			if !got[id] {
				t.Errorf("inOrder(%v, %v) = %v, want %v", tt.before, tt.after, got, tt.kept)
			}
		}
	}
}

// TestCompareUnsoundDrafts compares drafts an editor may hold before they pass Check: empty, or
// with an id given twice. It must not panic, and must report the questions.
func TestCompareUnsoundDrafts(t *testing.T) {
	if got := Compare(&survey.Survey{}, &survey.Survey{}); got != nil {
		t.Errorf("two empty drafts: %+v", got)
	}
	twice := surveytest.SmallSurvey()
	twice.Questions = append(twice.Questions, twice.Questions[0])
	got := Compare(&survey.Survey{}, twice)
	if len(got) < len(twice.Questions) {
		t.Errorf("from an empty draft: %+v", got)
	}
	if got := Compare(twice, &survey.Survey{}); len(got) < len(twice.Questions) {
		t.Errorf("to an empty draft: %+v", got)
	}
}
