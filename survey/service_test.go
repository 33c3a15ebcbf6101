package survey_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func serviceSurvey() *survey.Survey {
	return &survey.Survey{
		Slug: "test", Version: 1, Status: survey.StatusOpen, DefaultLanguage: "en",
		Languages: []survey.Language{{Code: "en", Reviewed: true}, {Code: "pl"}},
		Title:     survey.Text{"en": "Test"},
		Questions: []survey.Question{{ID: "feel", Type: survey.Scale, Text: survey.Text{"en": "How safe?"}, Options: []survey.Option{
			{ID: "low", Text: survey.Text{"en": "Low"}}, {ID: "mid", Text: survey.Text{"en": "Mid"}}, {ID: "high", Text: survey.Text{"en": "High"}}}},
			{ID: "comment", Type: survey.FreeText, Text: survey.Text{"en": "Anything else?"}}},
		Themes: []survey.Theme{{ID: "lighting", Label: survey.Text{"en": "Lighting"}, Keywords: map[string][]string{"en": {"dark*", "street light*"}}}},
	}
}

// serviceTerms is a small disclosure list for service tests.
func serviceTerms(t *testing.T) *freetext.DisclosureTerms {
	t.Helper()
	fsys := fstest.MapFS{"lists/disclosure.en.txt": {Data: []byte("[hurt]\nhits me\n[unsafe_home]\nterrified\n")}}
	terms, err := freetext.LoadDisclosureTerms(fsys, "lists")
	if err != nil {
		t.Fatal(err)
	}
	return terms
}

// submitted unpacks a Receipt for the tests that check the stored response and whether it was new.
func submitted(rc *survey.Receipt, err error) (*survey.Response, bool, error) {
	if err != nil {
		return nil, false, err
	}
	return rc.Response, rc.Created, nil
}

func TestSubmitResponse(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	now := time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC)
	svc := &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Disclosures: serviceTerms(t), Now: func() time.Time { return now }}
	ctx := context.Background()
	sub := survey.Submission{Key: "0123456789abcdef", Lang: "pl", Channel: "k7p3qx", Answers: survey.Answers{"feel": {Choices: []string{"low"}}}}

	t.Run("OK", func(t *testing.T) {
		r, created, err := submitted(svc.SubmitResponse(ctx, "test", sub))
		if err != nil || !created {
			t.Fatalf("SubmitResponse = %v, %v", created, err)
		}
		got, err := store.Response(ctx, r.ID)
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if got.Date != "2026-11-24" || got.Lang != "pl" || got.Channel != "K7P3QX" || got.Version != 1 || got.Answers["feel"].Choices[0] != "low" {
			t.Errorf("stored = %+v", got)
		}
		if r.ID != survey.ResponseID("test", sub.Key) {
			t.Errorf("id = %s, want it derived from the key", r.ID)
		}
	})
	t.Run("OKResendStoresOnce", func(t *testing.T) {
		r, created, err := submitted(svc.SubmitResponse(ctx, "test", sub))
		if err != nil || created {
			t.Fatalf("resend: created=%v err=%v, want created=false", created, err)
		}
		counts, err := store.Counts(ctx, "test", 1)
		if err != nil || counts.Responses != 1 || r.ID != survey.ResponseID("test", sub.Key) {
			t.Errorf("counts = %+v (err %v), id %s; want 1 response", counts, err, r.ID)
		}
	})
	t.Run("OKTextScrubbedAndFlagged", func(t *testing.T) {
		s := sub
		s.Key = "text-key-00000001"
		s.Answers = survey.Answers{"comment": {Text: "  My name is Jake Smith, he hits me. Text 07700 900123  "}}
		r, _, err := submitted(svc.SubmitResponse(ctx, "test", s))
		if err != nil {
			t.Fatal(err)
		}
		got, err := store.Response(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "My name is [name], he hits me. Text [phone]"; got.Answers["comment"].Text != want || r.Answers["comment"].Text != want {
			t.Errorf("stored text %q, returned %q; want %q", got.Answers["comment"].Text, r.Answers["comment"].Text, want)
		}
		want := []survey.Flag{{Question: "comment", Reasons: []string{"hurt"}}}
		if !slices.EqualFunc(got.Flags, want, equalFlag) || !slices.EqualFunc(r.Flags, want, equalFlag) {
			t.Errorf("stored flags %+v, returned %+v; want %+v", got.Flags, r.Flags, want)
		}
	})
	t.Run("OKFlaggedFromTextBeforeScrubbing", func(t *testing.T) {
		s := sub
		s.Key = "text-key-00000002"
		s.Answers = survey.Answers{"comment": {Text: "I am Terrified at home"}}
		r, _, err := submitted(svc.SubmitResponse(ctx, "test", s))
		if err != nil {
			t.Fatal(err)
		}
		// Scrubbing takes "Terrified" for a name; the flag comes from what the child wrote.
		if r.Answers["comment"].Text != "I am [name] at home" || len(r.Flags) != 1 || r.Flags[0].Reasons[0] != "unsafe_home" {
			t.Errorf("text %q, flags %+v", r.Answers["comment"].Text, r.Flags)
		}
	})
	t.Run("OKDisguisedTextFlaggedThenStoredAsItReads", func(t *testing.T) {
		s := sub
		s.Key = "text-key-00000003"
		// A bidi override shows "hits me" backwards; zero-width spaces hide inside the words.
		s.Answers = survey.Answers{"comment": {Text: "he \u202ehi\u200bts m\u200be\u202c at night"}}
		r, _, err := submitted(svc.SubmitResponse(ctx, "test", s))
		if err != nil {
			t.Fatal(err)
		}
		got, err := store.Response(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if text := got.Answers["comment"].Text; text != "he hits me at night" || len(got.Flags) != 1 || got.Flags[0].Reasons[0] != "hurt" {
			t.Errorf("stored %q with flags %+v; want the text without invisible characters, flagged hurt", text, got.Flags)
		}
	})
	t.Run("OKUnofferedLanguageFallsBack", func(t *testing.T) {
		s := sub
		s.Key, s.Lang = "another-key-000001", "xx"
		r, _, err := submitted(svc.SubmitResponse(ctx, "test", s))
		if err != nil || r.Lang != "en" {
			t.Fatalf("lang = %v, err %v; want en", r, err)
		}
	})
	for name, tc := range map[string]struct {
		slug string
		sub  survey.Submission
		code string
	}{
		"ErrUnknownSurvey": {"nope", sub, survey.ENOTFOUND},
		"ErrBadKey":        {"test", survey.Submission{Key: "short", Answers: sub.Answers}, survey.EINVALID},
		"ErrInvalid":       {"test", survey.Submission{Key: "0123456789abcdeX", Answers: survey.Answers{"feel": {Choices: []string{"??"}}}}, survey.EINVALID},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := svc.SubmitResponse(ctx, tc.slug, tc.sub); survey.ErrorCode(err) != tc.code {
				t.Errorf("code = %q, want %q (%v)", survey.ErrorCode(err), tc.code, err)
			}
		})
	}
	t.Run("ErrClosed", func(t *testing.T) {
		s := serviceSurvey()
		s.Closes = "2026-11-23"
		c, _ := survey.NewCatalog(s)
		closed := &survey.Service{Surveys: c, Store: store, Disclosures: svc.Disclosures, Now: svc.Now}
		if _, err := closed.SubmitResponse(ctx, "test", sub); survey.ErrorCode(err) != survey.ECLOSED {
			t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ECLOSED)
		}
	})
}

// TestSubmitResponseSuspect: a submission that trips the honeypot or timing checks is stored,
// marked with why, and counted apart from the findings.
func TestSubmitResponseSuspect(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	now := time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC)
	service := func(minFill time.Duration) *survey.Service {
		return &survey.Service{Surveys: catalog, Store: store, Now: func() time.Time { return now }, MinFillTime: minFill}
	}
	ctx := context.Background()
	answers := survey.Answers{"feel": {Choices: []string{"high"}}}
	tests := []struct {
		name     string
		sub      survey.Submission
		minFill  time.Duration
		wantMark string
	}{
		{name: "OKPerson", sub: survey.Submission{Started: now.Add(-40 * time.Second)}, wantMark: ""},
		{name: "OKExactlyTheMinimum", sub: survey.Submission{Started: now.Add(-3 * time.Second)}, wantMark: ""},
		{name: "OKNoTimingCheck", sub: survey.Submission{}, minFill: -1, wantMark: ""},
		{name: "TooFast", sub: survey.Submission{Started: now.Add(-time.Second)}, wantMark: survey.SuspectTooFast},
		{name: "NoStart", sub: survey.Submission{}, wantMark: survey.SuspectNoStart},
		{name: "Honeypot", sub: survey.Submission{Started: now.Add(-time.Minute), Honeypot: "http://spam.example"}, wantMark: survey.SuspectHoneypot},
		{name: "HoneypotWithoutTimingCheck", sub: survey.Submission{Honeypot: "x"}, minFill: -1, wantMark: survey.SuspectHoneypot},
	}
	suspect := 0
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := service(3 * time.Second)
			if tt.minFill < 0 {
				s = service(0)
			}
			sub := tt.sub
			sub.Key, sub.Answers = fmt.Sprintf("suspect-test-key-%02d", i), answers
			r, created, err := submitted(s.SubmitResponse(ctx, "test", sub))
			if err != nil || !created {
				t.Fatalf("SubmitResponse = %v, %v; want it stored whatever it looks like", created, err)
			}
			got, err := store.Response(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Suspect != tt.wantMark {
				t.Errorf("suspect = %q, want %q", got.Suspect, tt.wantMark)
			}
		})
		if tt.wantMark != "" {
			suspect++
		}
	}
	counts, err := store.Counts(ctx, "test", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (survey.Counts{Responses: int64(len(tests) - suspect), Suspect: int64(suspect)}); counts != want {
		t.Errorf("counts = %+v, want %+v", counts, want)
	}
	counters, err := store.Counters(ctx, "test", 1, []string{survey.GroupAll, survey.GroupKey("feel", "high")})
	if err != nil {
		t.Fatal(err)
	}
	if got := counters[survey.GroupAll].Chosen["feel"]["high"]; got != int64(len(tests)-suspect) {
		t.Errorf("findings count %d choices of high, want only the %d unsuspected", got, len(tests)-suspect)
	}
	if got := counters[survey.GroupKey("feel", "high")].N; got != int64(len(tests)-suspect) {
		t.Errorf("breakdown group holds %d, want only the %d unsuspected", got, len(tests)-suspect)
	}
}

func equalFlag(a, b survey.Flag) bool {
	return a.Question == b.Question && slices.Equal(a.Reasons, b.Reasons)
}
