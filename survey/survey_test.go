package survey

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// testSurvey has one question of every type, a condition and a concern.
func testSurvey() *Survey {
	yes, no := Option{ID: "yes", Text: Text{"en": "Yes"}}, Option{ID: "no", Text: Text{"en": "No"}}
	return &Survey{
		Slug: "test", Version: 1, Status: StatusOpen, DefaultLanguage: "en",
		Languages: []Language{{Code: "en", Reviewed: true}, {Code: "pl"}},
		Title:     Text{"en": "Test", "pl": "Test PL"},
		Questions: []Question{
			{ID: "safe_home", Type: Single, Text: Text{"en": "Safe at home?"}, Options: []Option{yes, no}, PreferNotToSay: true, Concern: []string{"no"}},
			{ID: "why", Type: FreeText, Text: Text{"en": "Why not?"}, MaxLength: 10, ShowIf: &Condition{Question: "safe_home", AnyOf: []string{"no"}}},
			{ID: "places", Type: Multiple, Max: 2, Text: Text{"en": "Where?"}, PreferNotToSay: true, Options: []Option{
				{ID: "park", Text: Text{"en": "Park"}}, {ID: "bus", Text: Text{"en": "Bus"}}, {ID: "school", Text: Text{"en": "School"}}}},
			{ID: "feel", Type: Scale, Text: Text{"en": "How safe?"}, Options: []Option{
				{ID: "low", Text: Text{"en": "Low"}}, {ID: "mid", Text: Text{"en": "Mid"}}, {ID: "high", Text: Text{"en": "High"}}}},
			{ID: "comment", Type: FreeText, Text: Text{"en": "Anything else?"}},
		},
		Themes: []Theme{
			{ID: "lighting", Label: Text{"en": "Street lighting"}, Keywords: map[string][]string{"en": {"street light*", "dark*"}, "pl": {"ciemno", "latarni*"}}},
			{ID: "police", Label: Text{"en": "Police"}, Keywords: map[string][]string{"en": {"police*", "cops"}}},
		},
	}
}

func TestCleanAnswers(t *testing.T) {
	s := testSurvey()
	tests := []struct {
		name    string
		given   Answers
		want    Answers
		wantErr map[string]string // question -> message id
		message string
	}{
		{name: "OK", given: Answers{"safe_home": {Choices: []string{"yes"}}, "places": {Choices: []string{"park", "bus"}}, "feel": {Choices: []string{"mid"}}},
			want: Answers{"safe_home": {Choices: []string{"yes"}}, "places": {Choices: []string{"park", "bus"}}, "feel": {Choices: []string{"mid"}}}},
		{name: "OKConditionMet", given: Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "  scared  "}},
			want: Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "scared"}}},
		{name: "OKHiddenAnswerDropped", given: Answers{"safe_home": {Choices: []string{"yes"}}, "why": {Text: "stale"}},
			want: Answers{"safe_home": {Choices: []string{"yes"}}}},
		{name: "OKEmptyAnswersDropped", given: Answers{"comment": {Text: "   "}, "places": {}, "feel": {Choices: []string{"high"}}},
			want: Answers{"feel": {Choices: []string{"high"}}}},
		{name: "OKControlCharactersStripped", given: Answers{"comment": {Text: "a\x00b\r\nc\u200b"}},
			want: Answers{"comment": {Text: "ab\nc\u200b"}}},
		{name: "OKPreferNotToSay", given: Answers{"places": {Choices: []string{PreferNotToSay}}},
			want: Answers{"places": {Choices: []string{PreferNotToSay}}}},
		{name: "ErrEmpty", given: Answers{}, message: "error.empty_response"},
		{name: "ErrUnknownQuestion", given: Answers{"nope": {Choices: []string{"x"}}, "feel": {Choices: []string{"low"}}}, wantErr: map[string]string{"nope": "error.unknown_question"}},
		{name: "ErrUnknownOption", given: Answers{"safe_home": {Choices: []string{"maybe"}}}, wantErr: map[string]string{"safe_home": "error.unknown_option"}},
		{name: "ErrTwoChoicesOnSingle", given: Answers{"safe_home": {Choices: []string{"yes", "no"}}}, wantErr: map[string]string{"safe_home": "error.one_choice"}},
		{name: "ErrTwoChoicesOnScale", given: Answers{"feel": {Choices: []string{"low", "high"}}}, wantErr: map[string]string{"feel": "error.one_choice"}},
		{name: "ErrTooManyChoices", given: Answers{"places": {Choices: []string{"park", "bus", "school"}}}, wantErr: map[string]string{"places": "error.too_many_choices"}},
		{name: "ErrDuplicateOption", given: Answers{"places": {Choices: []string{"park", "park"}}}, wantErr: map[string]string{"places": "error.duplicate_option"}},
		{name: "ErrPreferNotWithOthers", given: Answers{"places": {Choices: []string{"park", PreferNotToSay}}}, wantErr: map[string]string{"places": "error.prefer_not_alone"}},
		{name: "ErrTextTooLong", given: Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "ééééééééééé"}}, wantErr: map[string]string{"why": "error.text_too_long"}},
		{name: "ErrTextForChoice", given: Answers{"feel": {Text: "high"}}, wantErr: map[string]string{"feel": "error.not_text"}},
		{name: "ErrChoiceForText", given: Answers{"comment": {Choices: []string{"x"}}}, wantErr: map[string]string{"comment": "error.not_choice"}},
		{name: "ErrSeveralAtOnce", given: Answers{"safe_home": {Choices: []string{"x"}}, "feel": {Choices: []string{"y"}}, "zzz": {Text: "a"}},
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
			if ErrorCode(err) != EINVALID {
				t.Fatalf("code = %q, want %q (err %v)", ErrorCode(err), EINVALID, err)
			}
			if tt.message != "" && ErrorMessage(err) != tt.message {
				t.Errorf("message = %q, want %q", ErrorMessage(err), tt.message)
			}
			gotFields := map[string]string{}
			for _, f := range ErrorFields(err) {
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
	_, err := testSurvey().CleanAnswers(Answers{"feel": {Choices: []string{"x"}}, "safe_home": {Choices: []string{"x"}}, "aaa": {Text: "x"}})
	var got []string
	for _, f := range ErrorFields(err) {
		got = append(got, f.Question)
	}
	if want := []string{"safe_home", "feel", "aaa"}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestCleanAnswersRequired(t *testing.T) {
	s := testSurvey()
	s.Questions[3].Required = true
	_, err := s.CleanAnswers(Answers{"comment": {Text: "hi"}})
	if f := ErrorFields(err); len(f) != 1 || f[0].Question != "feel" || f[0].Message != "error.required" {
		t.Fatalf("fields = %v, want feel required", f)
	}
}

func TestRaisesConcern(t *testing.T) {
	s := testSurvey()
	if !s.RaisesConcern(Answers{"safe_home": {Choices: []string{"no"}}}) {
		t.Error("no to safe_home should raise a concern")
	}
	if s.RaisesConcern(Answers{"safe_home": {Choices: []string{"yes"}}, "places": {Choices: []string{"park"}}}) {
		t.Error("yes to safe_home should not raise a concern")
	}
}

func TestOffersHelp(t *testing.T) {
	s := testSurvey()
	tests := []struct {
		name string
		r    Response
		want bool
	}{
		{"ConcernAnswer", Response{Answers: Answers{"safe_home": {Choices: []string{"no"}}}}, true},
		{"FlaggedText", Response{Answers: Answers{"comment": {Text: "x"}}, Flags: []Flag{{Question: "comment"}}}, true},
		{"Neither", Response{Answers: Answers{"safe_home": {Choices: []string{"yes"}}}}, false},
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
		change func(s *Survey)
		want   DefinitionError // Source is always test.yaml; Data is compared when set
	}{
		{"ErrDuplicateQuestion", func(s *Survey) { s.Questions[1].ID = "safe_home" }, DefinitionError{Field: "question `safe_home`", Message: "definition.defined_twice_at"}},
		{"ErrDuplicateOption", func(s *Survey) { s.Questions[2].Options[1].ID = "park" }, DefinitionError{Field: "question `places`: option `park`", Message: "definition.defined_twice"}},
		{"ErrReservedOption", func(s *Survey) { s.Questions[2].Options[0].ID = PreferNotToSay }, DefinitionError{Field: "question `places`: option `prefer_not_to_say`", Message: "definition.option_reserved"}},
		{"ErrBadType", func(s *Survey) { s.Questions[0].Type = "dropdown" }, DefinitionError{Field: "question `safe_home`: type", Message: "definition.question_type", Data: map[string]any{"Type": "dropdown"}}},
		{"ErrNoEnglish", func(s *Survey) { s.Questions[0].Text = Text{"pl": "Czy"} }, DefinitionError{Field: "question `safe_home`: text", Message: "definition.needs_english"}},
		{"ErrShowIfMissing", func(s *Survey) { s.Questions[1].ShowIf.Question = "ghost" }, DefinitionError{Field: "question `why`: show_if", Message: "definition.show_if_missing", Data: map[string]any{"Question": "ghost"}}},
		{"ErrShowIfLater", func(s *Survey) { s.Questions[1].ShowIf = &Condition{Question: "feel", AnyOf: []string{"low"}} }, DefinitionError{Field: "question `why`: show_if", Message: "definition.show_if_later"}},
		{"ErrShowIfOption", func(s *Survey) { s.Questions[1].ShowIf.AnyOf = []string{"perhaps"} }, DefinitionError{Field: "question `why`: show_if", Message: "definition.show_if_option", Data: map[string]any{"Option": "perhaps", "Question": "safe_home"}}},
		{"ErrConcernOption", func(s *Survey) { s.Questions[0].Concern = []string{"nah"} }, DefinitionError{Field: "question `safe_home`: concern", Message: "definition.not_an_option", Data: map[string]any{"Option": "nah"}}},
		{"ErrMaxTooBig", func(s *Survey) { s.Questions[2].Max = 9 }, DefinitionError{Field: "question `places`: max", Message: "definition.max_only_multiple"}},
		{"ErrScaleTooShort", func(s *Survey) { s.Questions[3].Options = s.Questions[3].Options[:2] }, DefinitionError{Field: "question `feel`: options", Message: "definition.too_few_options", Data: map[string]any{"Min": 3}}},
		{"ErrNoEnglishLanguage", func(s *Survey) { s.Languages = []Language{{Code: "pl"}}; s.DefaultLanguage = "pl" }, DefinitionError{Field: "languages", Message: "definition.no_english_language"}},
		{"ErrDefaultLanguage", func(s *Survey) { s.DefaultLanguage = "fr" }, DefinitionError{Field: "default_language", Message: "definition.default_language", Data: map[string]any{"Code": "fr"}}},
		{"ErrBadSlug", func(s *Survey) { s.Slug = "Bad Slug" }, DefinitionError{Field: "slug", Message: "definition.slug_format"}},
		{"ErrBadStatus", func(s *Survey) { s.Status = "live" }, DefinitionError{Field: "status", Message: "definition.status"}},
		{"ErrBadCloses", func(s *Survey) { s.Closes = "31/03/2027" }, DefinitionError{Field: "closes", Message: "definition.closes_date"}},
		{"ErrNoQuestions", func(s *Survey) { s.Questions = nil }, DefinitionError{Field: "questions", Message: "definition.no_questions"}},
		{"ErrTextWithOptions", func(s *Survey) { s.Questions[4].Options = []Option{{ID: "a", Text: Text{"en": "A"}}} }, DefinitionError{Field: "question `comment`", Message: "definition.text_no_options"}},
		{"ErrBadID", func(s *Survey) { s.Questions[4].ID = "Comment!" }, DefinitionError{Field: "question 5", Message: "definition.id_format", Data: map[string]any{"ID": "Comment!"}}},
		{"ErrCombineOnMultiple", func(s *Survey) {
			s.Questions[2].Combine = []Combined{{ID: "out", Label: Text{"en": "Out"}, Options: []string{"park", "bus"}}}
		}, DefinitionError{Field: "question `places`: combine", Message: "definition.combine_type"}},
		{"ErrCombineUnknownOption", func(s *Survey) {
			s.Questions[3].Combine = []Combined{{ID: "low", Label: Text{"en": "Low"}, Options: []string{"low", "lowest"}}}
		}, DefinitionError{Field: "question `feel`: combine `low`: options", Message: "definition.not_an_option", Data: map[string]any{"Option": "lowest"}}},
		{"ErrCombinePreferNot", func(s *Survey) {
			s.Questions[0].Combine = []Combined{{ID: "no_say", Label: Text{"en": "No"}, Options: []string{"no", PreferNotToSay}}}
		}, DefinitionError{Field: "question `safe_home`: combine `no_say`: options", Message: "definition.not_an_option", Data: map[string]any{"Option": PreferNotToSay}}},
		{"ErrCombineOverlap", func(s *Survey) {
			s.Questions[3].Combine = []Combined{{ID: "lower", Label: Text{"en": "Lower"}, Options: []string{"low", "mid"}}, {ID: "upper", Label: Text{"en": "Upper"}, Options: []string{"mid", "high"}}}
		}, DefinitionError{Field: "question `feel`: combine `upper`: options", Message: "definition.combine_overlap", Data: map[string]any{"Option": "mid", "Other": "lower"}}},
		{"ErrCombineTooFew", func(s *Survey) {
			s.Questions[3].Combine = []Combined{{ID: "lone", Label: Text{"en": "Lone"}, Options: []string{"low"}}}
		}, DefinitionError{Field: "question `feel`: combine `lone`: options", Message: "definition.combine_too_few", Data: map[string]any{"Min": 2}}},
		{"ErrCombineTwice", func(s *Survey) {
			s.Questions[3].Combine = []Combined{{ID: "g", Label: Text{"en": "G"}, Options: []string{"low", "mid"}}, {ID: "g", Label: Text{"en": "G"}, Options: []string{"high", "high"}}}
		}, DefinitionError{Field: "question `feel`: combine `g`", Message: "definition.defined_twice"}},
		{"ErrCombineNoLabel", func(s *Survey) {
			s.Questions[3].Combine = []Combined{{ID: "g", Options: []string{"low", "mid"}}}
		}, DefinitionError{Field: "question `feel`: combine `g`: label", Message: "definition.needs_english"}},
		{"ErrThemeBadID", func(s *Survey) { s.Themes[1].ID = "Police!" }, DefinitionError{Field: "theme 2", Message: "definition.id_format", Data: map[string]any{"ID": "Police!"}}},
		{"ErrThemeDuplicate", func(s *Survey) { s.Themes[1].ID = "lighting" }, DefinitionError{Field: "theme `lighting`", Message: "definition.defined_twice_at", Data: map[string]any{"First": 0}}},
		{"ErrThemeNoLabel", func(s *Survey) { s.Themes[0].Label = nil }, DefinitionError{Field: "theme `lighting`: label", Message: "definition.needs_english"}},
		{"ErrThemeNoEnglishKeyword", func(s *Survey) { delete(s.Themes[0].Keywords, "en") }, DefinitionError{Field: "theme `lighting`: keywords", Message: "definition.no_english_keyword"}},
		{"ErrThemeKeywordWithoutLetters", func(s *Survey) { s.Themes[1].Keywords["en"] = []string{"cops", "*!"} }, DefinitionError{Field: "theme `police`: keywords", Message: "definition.no_letters", Data: map[string]any{"Phrase": "*!"}}},
		{"ErrThemeKeywordLanguage", func(s *Survey) { s.Themes[1].Keywords["Polish"] = []string{"policja"} }, DefinitionError{Field: "theme `police`: keywords", Message: "definition.language_code", Data: map[string]any{"Code": "Polish"}}},
	}
	if err := testSurvey().Check(); err != nil {
		t.Fatalf("test survey: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSurvey()
			s.Source = "test.yaml"
			tt.change(s)
			err := s.Check()
			if err == nil {
				t.Fatal("Check passed, want an error")
			}
			var des DefinitionErrors
			if !errors.As(err, &des) {
				t.Fatalf("error is %T, want DefinitionErrors", err)
			}
			if !slices.ContainsFunc(des, func(e DefinitionError) bool {
				return e.Source == "test.yaml" && e.Field == tt.want.Field && e.Message == tt.want.Message &&
					(tt.want.Data == nil || maps.Equal(e.Data, tt.want.Data))
			}) {
				t.Errorf("problems = %q, want %s: %s %v", err, tt.want.Field, tt.want.Message, tt.want.Data)
			}
			for _, e := range des {
				if !slices.Contains(DefinitionMessages, e.Message) {
					t.Errorf("message %q is not in DefinitionMessages, so the i18n check cannot see it", e.Message)
				}
			}
		})
	}
}

// TestDefinitionErrorWords: without UI strings a problem shows its message id and data; with a
// translator it reads as words, also inside errors.Join.
func TestDefinitionErrorWords(t *testing.T) {
	e := NewDefinitionError("test.yaml", 7, "question `q1`: type", msgQuestionType, "Type", "dropdown")
	if got, want := e.Error(), "test.yaml:7: question `q1`: type: definition.question_type Type=\"dropdown\""; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	words := func(id string, args ...any) string { return fmt.Sprintf("<%s %v>", id, args) }
	if got, want := e.Reason(words), "<definition.question_type [Type dropdown]>"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
	joined := errors.Join(DefinitionErrors{e, NewDefinitionError("b.yaml", 0, "", msgNoQuestions)}, errors.New("read c.yaml: gone"))
	want := "test.yaml:7: question `q1`: type: <definition.question_type [Type dropdown]>\nb.yaml: <definition.no_questions []>\nread c.yaml: gone"
	if got := DescribeProblems(joined, words); got != want {
		t.Errorf("DescribeProblems =\n%s\nwant\n%s", got, want)
	}
}

func TestAcceptsOn(t *testing.T) {
	s := testSurvey()
	s.Closes = "2027-03-31"
	day := func(d string) time.Time { t, _ := time.Parse(time.DateOnly, d); return t }
	if !s.AcceptsOn(day("2027-03-31")) {
		t.Error("closing day itself should accept answers")
	}
	if s.AcceptsOn(day("2027-04-01")) {
		t.Error("day after closing should not accept answers")
	}
	s.Closes, s.Status = "", StatusClosed
	if s.AcceptsOn(day("2026-01-01")) {
		t.Error("closed survey should not accept answers")
	}
}

func TestTextFallsBackToEnglish(t *testing.T) {
	txt := Text{"en": "Hello", "pl": "Cześć", "ar": ""}
	for lang, want := range map[string]string{"pl": "Cześć", "ar": "Hello", "so": "Hello", "en": "Hello"} {
		if got := txt.In(lang); got != want {
			t.Errorf("In(%s) = %q, want %q", lang, got, want)
		}
	}
}

func TestUntranslated(t *testing.T) {
	got := testSurvey().Untranslated("pl")
	if slices.Contains(got, "title") {
		t.Error("title has Polish text but is listed")
	}
	if !slices.Contains(got, "question `places`: option `bus`") {
		t.Errorf("untranslated = %v, want the bus option listed", got)
	}
}

func TestNormalizeChannel(t *testing.T) {
	for in, want := range map[string]string{"k7p3qx": "K7P3QX", "K7P3QX": "K7P3QX", "": "", "K0P3QX": "", "<script>": "", "ABCDEFGHJKMNPQ": ""} {
		if got := NormalizeChannel(in); got != want {
			t.Errorf("NormalizeChannel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewCatalogRejectsDuplicateSlug(t *testing.T) {
	a, b := testSurvey(), testSurvey()
	a.Source, b.Source = "a.yaml", "b.yaml"
	_, err := NewCatalog(a, b)
	if err == nil || !strings.Contains(err.Error(), `b.yaml: slug: definition.slug_taken Slug="test" Source="a.yaml"`) {
		t.Fatalf("err = %v, want duplicate slug", err)
	}
}

func TestNewCatalogChecksPreviousWave(t *testing.T) {
	a := testSurvey()
	a.Source, a.Previous = "a.yaml", "test-2024"
	if _, err := NewCatalog(a); err == nil || !strings.Contains(err.Error(), `a.yaml: previous: definition.no_previous Slug="test-2024"`) {
		t.Errorf("err = %v, want the missing previous wave named", err)
	}
	a.Previous = a.Slug
	if err := a.Check(); err == nil || !strings.Contains(err.Error(), "previous: definition.previous_self") {
		t.Errorf("err = %v, want a survey that is its own previous wave refused", err)
	}
	before := testSurvey()
	before.Slug, a.Previous = "test-2024", "test-2024"
	if _, err := NewCatalog(a, before); err != nil {
		t.Errorf("err = %v", err)
	}
}

func TestAskedLike(t *testing.T) {
	base := testSurvey()
	q, _ := base.Question("safe_home")
	tests := []struct {
		name   string
		change func(*Question)
		want   bool
	}{
		{"OKSameOptionsNewWording", func(q *Question) { q.Text = Text{"en": "Are you safe at home?"}; q.Options[0].Text = Text{"en": "Yep"} }, true},
		{"ErrOptionAdded", func(q *Question) { q.Options = append(q.Options, Option{ID: "sometimes"}) }, false},
		{"ErrOptionsReordered", func(q *Question) { q.Options[0], q.Options[1] = q.Options[1], q.Options[0] }, false},
		{"ErrPreferNotToSayDropped", func(q *Question) { q.PreferNotToSay = false }, false},
		{"ErrTypeChanged", func(q *Question) { q.Type = Multiple }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other, _ := testSurvey().Question("safe_home")
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

func assertAnswers(t *testing.T, got, want Answers) {
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
	v1 := testSurvey()
	c, err := NewCatalog(v1)
	if err != nil {
		t.Fatal(err)
	}
	v2 := testSurvey()
	v2.Version = 2
	other := testSurvey()
	other.Slug, other.Previous = "other", "test"
	broken := testSurvey()
	broken.Version, broken.Questions = 3, nil
	orphan := testSurvey()
	orphan.Slug, orphan.Previous = "orphan", "nowhere"
	for _, tc := range []struct {
		name string
		s    *Survey
		code string // "" for a replacement, or the error's code; a definition error has code EINTERNAL
	}{
		{"OKNewerVersion", v2, ""},
		{"ErrOlderVersion", v1, ECONFLICT},
		{"OKSameVersionAgain", v2, ""},
		{"OKNewSurvey", other, ""},
		{"ErrBrokenDefinition", broken, EINTERNAL},
		{"ErrPreviousMissing", orphan, EINTERNAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := c.Get(tc.s.Slug)
			err := c.Replace(tc.s)
			if got := ErrorCode(err); got != tc.code {
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
	c, err := NewCatalog(testSurvey())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := 2; v < 50; v++ {
			s := testSurvey()
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
