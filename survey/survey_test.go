package survey_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestCleanAnswers(t *testing.T) {
	s := surveytest.SmallSurvey()
	tests := []struct {
		name    string
		given   survey.Answers
		want    survey.Answers
		wantErr map[string]string // question -> message id
		message string
	}{
		{name: "OK", given: survey.Answers{"safe_home": {Choices: []string{"yes"}}, "places": {Choices: []string{"park", "bus"}}, "feel": {Choices: []string{"mid"}}},
			want: survey.Answers{"safe_home": {Choices: []string{"yes"}}, "places": {Choices: []string{"park", "bus"}}, "feel": {Choices: []string{"mid"}}}},
		{name: "OKConditionMet", given: survey.Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "  scared  "}},
			want: survey.Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "scared"}}},
		{name: "OKHiddenAnswerDropped", given: survey.Answers{"safe_home": {Choices: []string{"yes"}}, "why": {Text: "stale"}},
			want: survey.Answers{"safe_home": {Choices: []string{"yes"}}}},
		{name: "OKEmptyAnswersDropped", given: survey.Answers{"comment": {Text: "   "}, "places": {}, "feel": {Choices: []string{"high"}}},
			want: survey.Answers{"feel": {Choices: []string{"high"}}}},
		{name: "OKControlCharactersStripped", given: survey.Answers{"comment": {Text: "a\x00b\r\nc\u200b"}},
			want: survey.Answers{"comment": {Text: "ab\nc\u200b"}}},
		{name: "OKPreferNotToSay", given: survey.Answers{"places": {Choices: []string{survey.PreferNotToSay}}},
			want: survey.Answers{"places": {Choices: []string{survey.PreferNotToSay}}}},
		{name: "ErrEmpty", given: survey.Answers{}, message: "error.empty_response"},
		{name: "ErrUnknownQuestion", given: survey.Answers{"nope": {Choices: []string{"x"}}, "feel": {Choices: []string{"low"}}}, wantErr: map[string]string{"nope": "error.unknown_question"}},
		{name: "ErrUnknownOption", given: survey.Answers{"safe_home": {Choices: []string{"maybe"}}}, wantErr: map[string]string{"safe_home": "error.unknown_option"}},
		{name: "ErrTwoChoicesOnSingle", given: survey.Answers{"safe_home": {Choices: []string{"yes", "no"}}}, wantErr: map[string]string{"safe_home": "error.one_choice"}},
		{name: "ErrTwoChoicesOnScale", given: survey.Answers{"feel": {Choices: []string{"low", "high"}}}, wantErr: map[string]string{"feel": "error.one_choice"}},
		{name: "ErrTooManyChoices", given: survey.Answers{"places": {Choices: []string{"park", "bus", "school"}}}, wantErr: map[string]string{"places": "error.too_many_choices"}},
		{name: "ErrDuplicateOption", given: survey.Answers{"places": {Choices: []string{"park", "park"}}}, wantErr: map[string]string{"places": "error.duplicate_option"}},
		{name: "ErrPreferNotWithOthers", given: survey.Answers{"places": {Choices: []string{"park", survey.PreferNotToSay}}}, wantErr: map[string]string{"places": "error.prefer_not_alone"}},
		{name: "ErrTextTooLong", given: survey.Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "ééééééééééé"}}, wantErr: map[string]string{"why": "error.text_too_long"}},
		{name: "ErrTextForChoice", given: survey.Answers{"feel": {Text: "high"}}, wantErr: map[string]string{"feel": "error.not_text"}},
		{name: "ErrChoiceForText", given: survey.Answers{"comment": {Choices: []string{"x"}}}, wantErr: map[string]string{"comment": "error.not_choice"}},
		{name: "ErrSeveralAtOnce", given: survey.Answers{"safe_home": {Choices: []string{"x"}}, "feel": {Choices: []string{"y"}}, "zzz": {Text: "a"}},
			wantErr: map[string]string{"safe_home": "error.unknown_option", "feel": "error.unknown_option", "zzz": "error.unknown_question"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.CleanAnswers(tt.given)
			if tt.want != nil {
				if err != nil {
					t.Fatalf("CleanAnswers: %v", err)
				}
				assertAnswers(t, got, tt.want)
				return
			}
			if survey.ErrorCode(err) != survey.EINVALID {
				t.Fatalf("code = %q, want %q (err %v)", survey.ErrorCode(err), survey.EINVALID, err)
			}
			if tt.message != "" && survey.ErrorMessage(err) != tt.message {
				t.Errorf("message = %q, want %q", survey.ErrorMessage(err), tt.message)
			}
			gotFields := map[string]string{}
			for _, f := range survey.ErrorFields(err) {
				gotFields[f.Question] = f.Message
			}
			if len(gotFields) != len(tt.wantErr) {
				t.Fatalf("fields = %v, want %v", gotFields, tt.wantErr)
			}
			for q, m := range tt.wantErr {
				if gotFields[q] != m {
					t.Errorf("field %s = %q, want %q", q, gotFields[q], m)
				}
			}
		})
	}
}

func TestCleanAnswersOrdersErrorsLikeTheSurvey(t *testing.T) {
	_, err := surveytest.SmallSurvey().CleanAnswers(survey.Answers{"feel": {Choices: []string{"x"}}, "safe_home": {Choices: []string{"x"}}, "aaa": {Text: "x"}})
	var got []string
	for _, f := range survey.ErrorFields(err) {
		got = append(got, f.Question)
	}
	if want := []string{"safe_home", "feel", "aaa"}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestCleanAnswersRequired(t *testing.T) {
	s := surveytest.SmallSurvey()
	s.Questions[3].Required = true
	_, err := s.CleanAnswers(survey.Answers{"comment": {Text: "hi"}})
	if f := survey.ErrorFields(err); len(f) != 1 || f[0].Question != "feel" || f[0].Message != "error.required" {
		t.Fatalf("fields = %v, want feel required", f)
	}
}

func TestRaisesConcern(t *testing.T) {
	s := surveytest.SmallSurvey()
	if !s.RaisesConcern(survey.Answers{"safe_home": {Choices: []string{"no"}}}) {
		t.Error("no to safe_home should raise a concern")
	}
	if s.RaisesConcern(survey.Answers{"safe_home": {Choices: []string{"yes"}}, "places": {Choices: []string{"park"}}}) {
		t.Error("yes to safe_home should not raise a concern")
	}
}

func TestOffersHelp(t *testing.T) {
	s := surveytest.SmallSurvey()
	tests := []struct {
		name string
		r    survey.Response
		want bool
	}{
		{"ConcernAnswer", survey.Response{Answers: survey.Answers{"safe_home": {Choices: []string{"no"}}}}, true},
		{"FlaggedText", survey.Response{Answers: survey.Answers{"comment": {Text: "x"}}, Flags: []survey.Flag{{Question: "comment"}}}, true},
		{"Neither", survey.Response{Answers: survey.Answers{"safe_home": {Choices: []string{"yes"}}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.OffersHelp(&tt.r); got != tt.want {
				t.Errorf("OffersHelp = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *survey.Survey)
		want   survey.DefinitionError // Source is always test.yaml; Data is compared when set
	}{
		{"ErrDuplicateQuestion", func(s *survey.Survey) { s.Questions[1].ID = "safe_home" }, survey.DefinitionError{Field: "question `safe_home`", Message: "definition.defined_twice_at"}},
		{"ErrDuplicateOption", func(s *survey.Survey) { s.Questions[2].Options[1].ID = "park" }, survey.DefinitionError{Field: "question `places`: option `park`", Message: "definition.defined_twice"}},
		{"ErrReservedOption", func(s *survey.Survey) { s.Questions[2].Options[0].ID = survey.PreferNotToSay }, survey.DefinitionError{Field: "question `places`: option `prefer_not_to_say`", Message: "definition.option_reserved"}},
		{"ErrBadType", func(s *survey.Survey) { s.Questions[0].Type = "dropdown" }, survey.DefinitionError{Field: "question `safe_home`: type", Message: "definition.question_type", Data: map[string]any{"Type": "dropdown"}}},
		{"ErrNoEnglish", func(s *survey.Survey) { s.Questions[0].Text = survey.Text{"pl": "Czy"} }, survey.DefinitionError{Field: "question `safe_home`: text", Message: "definition.needs_english"}},
		{"ErrShowIfMissing", func(s *survey.Survey) { s.Questions[1].ShowIf.Question = "ghost" }, survey.DefinitionError{Field: "question `why`: show_if", Message: "definition.show_if_missing", Data: map[string]any{"Question": "ghost"}}},
		{"ErrShowIfLater", func(s *survey.Survey) {
			s.Questions[1].ShowIf = &survey.Condition{Question: "feel", AnyOf: []string{"low"}}
		}, survey.DefinitionError{Field: "question `why`: show_if", Message: "definition.show_if_later"}},
		{"ErrShowIfOption", func(s *survey.Survey) { s.Questions[1].ShowIf.AnyOf = []string{"perhaps"} }, survey.DefinitionError{Field: "question `why`: show_if", Message: "definition.show_if_option", Data: map[string]any{"Option": "perhaps", "Question": "safe_home"}}},
		{"ErrConcernOption", func(s *survey.Survey) { s.Questions[0].Concern = []string{"nah"} }, survey.DefinitionError{Field: "question `safe_home`: concern", Message: "definition.not_an_option", Data: map[string]any{"Option": "nah"}}},
		{"ErrMaxTooBig", func(s *survey.Survey) { s.Questions[2].Max = 9 }, survey.DefinitionError{Field: "question `places`: max", Message: "definition.max_only_multiple"}},
		{"ErrScaleTooShort", func(s *survey.Survey) { s.Questions[3].Options = s.Questions[3].Options[:2] }, survey.DefinitionError{Field: "question `feel`: options", Message: "definition.too_few_options", Data: map[string]any{"Min": 3}}},
		{"ErrNoEnglishLanguage", func(s *survey.Survey) { s.Languages = []survey.Language{{Code: "pl"}}; s.DefaultLanguage = "pl" }, survey.DefinitionError{Field: "languages", Message: "definition.no_english_language"}},
		{"ErrDefaultLanguage", func(s *survey.Survey) { s.DefaultLanguage = "fr" }, survey.DefinitionError{Field: "default_language", Message: "definition.default_language", Data: map[string]any{"Code": "fr"}}},
		{"ErrBadSlug", func(s *survey.Survey) { s.Slug = "Bad Slug" }, survey.DefinitionError{Field: "slug", Message: "definition.slug_format"}},
		{"ErrBadStatus", func(s *survey.Survey) { s.Status = "live" }, survey.DefinitionError{Field: "status", Message: "definition.status"}},
		{"ErrBadCloses", func(s *survey.Survey) { s.Closes = "31/03/2027" }, survey.DefinitionError{Field: "closes", Message: "definition.closes_date"}},
		{"ErrNoQuestions", func(s *survey.Survey) { s.Questions = nil }, survey.DefinitionError{Field: "questions", Message: "definition.no_questions"}},
		{"ErrTextWithOptions", func(s *survey.Survey) {
			s.Questions[4].Options = []survey.Option{{ID: "a", Text: survey.Text{"en": "A"}}}
		}, survey.DefinitionError{Field: "question `comment`", Message: "definition.text_no_options"}},
		{"ErrBadID", func(s *survey.Survey) { s.Questions[4].ID = "Comment!" }, survey.DefinitionError{Field: "question 5", Message: "definition.id_format", Data: map[string]any{"ID": "Comment!"}}},
		{"ErrCombineOnMultiple", func(s *survey.Survey) {
			s.Questions[2].Combine = []survey.Combined{{ID: "out", Label: survey.Text{"en": "Out"}, Options: []string{"park", "bus"}}}
		}, survey.DefinitionError{Field: "question `places`: combine", Message: "definition.combine_type"}},
		{"ErrCombineUnknownOption", func(s *survey.Survey) {
			s.Questions[3].Combine = []survey.Combined{{ID: "low", Label: survey.Text{"en": "Low"}, Options: []string{"low", "lowest"}}}
		}, survey.DefinitionError{Field: "question `feel`: combine `low`: options", Message: "definition.not_an_option", Data: map[string]any{"Option": "lowest"}}},
		{"ErrCombinePreferNot", func(s *survey.Survey) {
			s.Questions[0].Combine = []survey.Combined{{ID: "no_say", Label: survey.Text{"en": "No"}, Options: []string{"no", survey.PreferNotToSay}}}
		}, survey.DefinitionError{Field: "question `safe_home`: combine `no_say`: options", Message: "definition.not_an_option", Data: map[string]any{"Option": survey.PreferNotToSay}}},
		{"ErrCombineOverlap", func(s *survey.Survey) {
			s.Questions[3].Combine = []survey.Combined{{ID: "lower", Label: survey.Text{"en": "Lower"}, Options: []string{"low", "mid"}}, {ID: "upper", Label: survey.Text{"en": "Upper"}, Options: []string{"mid", "high"}}}
		}, survey.DefinitionError{Field: "question `feel`: combine `upper`: options", Message: "definition.combine_overlap", Data: map[string]any{"Option": "mid", "Other": "lower"}}},
		{"ErrCombineTooFew", func(s *survey.Survey) {
			s.Questions[3].Combine = []survey.Combined{{ID: "lone", Label: survey.Text{"en": "Lone"}, Options: []string{"low"}}}
		}, survey.DefinitionError{Field: "question `feel`: combine `lone`: options", Message: "definition.combine_too_few", Data: map[string]any{"Min": 2}}},
		{"ErrCombineTwice", func(s *survey.Survey) {
			s.Questions[3].Combine = []survey.Combined{{ID: "g", Label: survey.Text{"en": "G"}, Options: []string{"low", "mid"}}, {ID: "g", Label: survey.Text{"en": "G"}, Options: []string{"high", "high"}}}
		}, survey.DefinitionError{Field: "question `feel`: combine `g`", Message: "definition.defined_twice"}},
		{"ErrCombineNoLabel", func(s *survey.Survey) {
			s.Questions[3].Combine = []survey.Combined{{ID: "g", Options: []string{"low", "mid"}}}
		}, survey.DefinitionError{Field: "question `feel`: combine `g`: label", Message: "definition.needs_english"}},
		{"ErrThemeBadID", func(s *survey.Survey) { s.Themes[1].ID = "Police!" }, survey.DefinitionError{Field: "theme 2", Message: "definition.id_format", Data: map[string]any{"ID": "Police!"}}},
		{"ErrThemeDuplicate", func(s *survey.Survey) { s.Themes[1].ID = "lighting" }, survey.DefinitionError{Field: "theme `lighting`", Message: "definition.defined_twice_at", Data: map[string]any{"First": 0}}},
		{"ErrThemeNoLabel", func(s *survey.Survey) { s.Themes[0].Label = nil }, survey.DefinitionError{Field: "theme `lighting`: label", Message: "definition.needs_english"}},
		{"ErrThemeNoEnglishKeyword", func(s *survey.Survey) { delete(s.Themes[0].Keywords, "en") }, survey.DefinitionError{Field: "theme `lighting`: keywords", Message: "definition.no_english_keyword"}},
		{"ErrThemeKeywordWithoutLetters", func(s *survey.Survey) { s.Themes[1].Keywords["en"] = []string{"cops", "*!"} }, survey.DefinitionError{Field: "theme `police`: keywords", Message: "definition.no_letters", Data: map[string]any{"Phrase": "*!"}}},
		{"ErrThemeKeywordLanguage", func(s *survey.Survey) { s.Themes[1].Keywords["Polish"] = []string{"policja"} }, survey.DefinitionError{Field: "theme `police`: keywords", Message: "definition.language_code", Data: map[string]any{"Code": "Polish"}}},
	}
	if err := surveytest.SmallSurvey().Check(); err != nil {
		t.Fatalf("test survey: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := surveytest.SmallSurvey()
			s.Source = "test.yaml"
			tt.change(s)
			err := s.Check()
			if err == nil {
				t.Fatal("Check passed, want an error")
			}
			var des survey.DefinitionErrors
			if !errors.As(err, &des) {
				t.Fatalf("error is %T, want DefinitionErrors", err)
			}
			if !slices.ContainsFunc(des, func(e survey.DefinitionError) bool {
				return e.Source == "test.yaml" && e.Field == tt.want.Field && e.Message == tt.want.Message &&
					(tt.want.Data == nil || maps.Equal(e.Data, tt.want.Data))
			}) {
				t.Errorf("problems = %q, want %s: %s %v", err, tt.want.Field, tt.want.Message, tt.want.Data)
			}
			for _, e := range des {
				if !slices.Contains(survey.DefinitionMessages, e.Message) {
					t.Errorf("message %q is not in DefinitionMessages, so the i18n check cannot see it", e.Message)
				}
			}
		})
	}
}

func TestAcceptsOn(t *testing.T) {
	s := surveytest.SmallSurvey()
	s.Closes = "2027-03-31"
	day := func(d string) time.Time { t, _ := time.Parse(time.DateOnly, d); return t }
	if !s.AcceptsOn(day("2027-03-31")) {
		t.Error("closing day itself should accept answers")
	}
	if s.AcceptsOn(day("2027-04-01")) {
		t.Error("day after closing should not accept answers")
	}
	s.Closes, s.Status = "", survey.StatusClosed
	if s.AcceptsOn(day("2026-01-01")) {
		t.Error("closed survey should not accept answers")
	}
}

func TestTextFallsBackToEnglish(t *testing.T) {
	txt := survey.Text{"en": "Hello", "pl": "Cześć", "ar": ""}
	for lang, want := range map[string]string{"pl": "Cześć", "ar": "Hello", "so": "Hello", "en": "Hello"} {
		if got := txt.In(lang); got != want {
			t.Errorf("In(%s) = %q, want %q", lang, got, want)
		}
	}
}

func TestUntranslated(t *testing.T) {
	got := surveytest.SmallSurvey().Untranslated("pl")
	if slices.Contains(got, "title") {
		t.Error("title has Polish text but is listed")
	}
	if !slices.Contains(got, "question `places`: option `bus`") {
		t.Errorf("untranslated = %v, want the bus option listed", got)
	}
}

func TestNormalizeChannel(t *testing.T) {
	for in, want := range map[string]string{"k7p3qx": "K7P3QX", "K7P3QX": "K7P3QX", "": "", "K0P3QX": "", "<script>": "", "ABCDEFGHJKMNPQ": ""} {
		if got := survey.NormalizeChannel(in); got != want {
			t.Errorf("NormalizeChannel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewCatalogRejectsDuplicateSlug(t *testing.T) {
	a, b := surveytest.SmallSurvey(), surveytest.SmallSurvey()
	a.Source, b.Source = "a.yaml", "b.yaml"
	_, err := survey.NewCatalog(a, b)
	if err == nil || !strings.Contains(err.Error(), `b.yaml: slug: definition.slug_taken Slug="test" Source="a.yaml"`) {
		t.Fatalf("err = %v, want duplicate slug", err)
	}
}

func TestNewCatalogChecksPreviousWave(t *testing.T) {
	a := surveytest.SmallSurvey()
	a.Source, a.Previous = "a.yaml", "test-2024"
	if _, err := survey.NewCatalog(a); err == nil || !strings.Contains(err.Error(), `a.yaml: previous: definition.no_previous Slug="test-2024"`) {
		t.Errorf("err = %v, want the missing previous wave named", err)
	}
	a.Previous = a.Slug
	if err := a.Check(); err == nil || !strings.Contains(err.Error(), "previous: definition.previous_self") {
		t.Errorf("err = %v, want a survey that is its own previous wave refused", err)
	}
	before := surveytest.SmallSurvey()
	before.Slug, a.Previous = "test-2024", "test-2024"
	if _, err := survey.NewCatalog(a, before); err != nil {
		t.Errorf("err = %v", err)
	}
}

func TestAskedLike(t *testing.T) {
	base := surveytest.SmallSurvey()
	q, _ := base.Question("safe_home")
	tests := []struct {
		name   string
		change func(*survey.Question)
		want   bool
	}{
		{"OKSameOptionsNewWording", func(q *survey.Question) {
			q.Text = survey.Text{"en": "Are you safe at home?"}
			q.Options[0].Text = survey.Text{"en": "Yep"}
		}, true},
		{"ErrOptionAdded", func(q *survey.Question) { q.Options = append(q.Options, survey.Option{ID: "sometimes"}) }, false},
		{"ErrOptionsReordered", func(q *survey.Question) { q.Options[0], q.Options[1] = q.Options[1], q.Options[0] }, false},
		{"ErrPreferNotToSayDropped", func(q *survey.Question) { q.PreferNotToSay = false }, false},
		{"ErrTypeChanged", func(q *survey.Question) { q.Type = survey.Multiple }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other, _ := surveytest.SmallSurvey().Question("safe_home")
			tt.change(other)
			if got := q.AskedLike(other); got != tt.want {
				t.Errorf("AskedLike = %v, want %v", got, tt.want)
			}
		})
	}
	text, _ := base.Question("comment")
	if text.AskedLike(text) {
		t.Error("text questions have no numbers to compare")
	}
}

func assertAnswers(t *testing.T, got, want survey.Answers) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("answers = %v, want %v", got, want)
	}
	for id, w := range want {
		g := got[id]
		if g.Text != w.Text || !slices.Equal(g.Choices, w.Choices) {
			t.Errorf("answer %s = %+v, want %+v", id, g, w)
		}
	}
}

func TestCatalogReplace(t *testing.T) {
	v1 := surveytest.SmallSurvey()
	c, err := survey.NewCatalog(v1)
	if err != nil {
		t.Fatal(err)
	}
	v2 := surveytest.SmallSurvey()
	v2.Version = 2
	other := surveytest.SmallSurvey()
	other.Slug, other.Previous = "other", "test"
	broken := surveytest.SmallSurvey()
	broken.Version, broken.Questions = 3, nil
	orphan := surveytest.SmallSurvey()
	orphan.Slug, orphan.Previous = "orphan", "nowhere"
	for _, tc := range []struct {
		name string
		s    *survey.Survey
		code string // "" for a replacement, or the error's code; a definition error has code EINTERNAL
	}{
		{"OKNewerVersion", v2, ""},
		{"ErrOlderVersion", v1, survey.ECONFLICT},
		{"OKSameVersionAgain", v2, ""},
		{"OKNewSurvey", other, ""},
		{"ErrBrokenDefinition", broken, survey.EINTERNAL},
		{"ErrPreviousMissing", orphan, survey.EINTERNAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := c.Get(tc.s.Slug)
			err := c.Replace(tc.s)
			if got := survey.ErrorCode(err); got != tc.code {
				t.Fatalf("Replace: %v, want code %q", err, tc.code)
			}
			got, _ := c.Get(tc.s.Slug)
			if (tc.code == "") != (got == tc.s) || (tc.code != "" && got != before) {
				t.Errorf("catalog has %v after Replace(%v) = %v", got, tc.s, err)
			}
		})
	}
	if slugs := len(c.All()); slugs != 2 || c.All()[1] != other {
		t.Errorf("All lists %d surveys, want the new one after the first", slugs)
	}
}

// TestCatalogReplaceWhileReading is for the race detector: children's pages read the catalog
// while an admin opens a new version.
func TestCatalogReplaceWhileReading(t *testing.T) {
	c, err := survey.NewCatalog(surveytest.SmallSurvey())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := 2; v < 50; v++ {
			s := surveytest.SmallSurvey()
			s.Version = v
			if err := c.Replace(s); err != nil {
				t.Error(err)
			}
		}
	}()
	for range 200 {
		if s, err := c.Get("test"); err != nil || len(c.All()) != 1 || s.Slug != "test" {
			t.Fatal(s, err)
		}
	}
	<-done
}
