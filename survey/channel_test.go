package survey_test

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// channelService is a service over a fresh store whose clock reads today.
func channelService(t *testing.T, today time.Time) (*survey.Service, *surveytest.Store) {
	t.Helper()
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	return &survey.Service{Surveys: catalog, Store: store, Channels: store, Now: func() time.Time { return today }}, store
}

func TestCreateChannel(t *testing.T) {
	svc, store := channelService(t, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		ch, err := svc.CreateChannel(ctx, &survey.Channel{Survey: "test", Name: "  Southfields Academy ", Setting: survey.SettingSchool, Area: "Southfields"})
		if err != nil {
			t.Fatal(err)
		}
		if survey.NormalizeChannel(ch.Code) != ch.Code || len(ch.Code) != survey.CodeLength {
			t.Errorf("code %q is not a fresh channel code", ch.Code)
		}
		stored, err := store.Channel(ctx, ch.Code)
		if err != nil || stored.Name != "Southfields Academy" {
			t.Errorf("stored %+v, %v: want the trimmed name", stored, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := svc.CreateChannel(ctx, &survey.Channel{Survey: "test", Name: " ", Setting: "castle", Opens: "2027-01-02", Closes: "2027-01-01"})
		var fields []string
		for _, f := range survey.ErrorFields(err) {
			fields = append(fields, f.Question+":"+f.Message)
		}
		want := []string{"closes:error.channel_dates_order", "name:error.channel_name", "setting:error.channel_setting"}
		if survey.ErrorCode(err) != survey.EINVALID || !slices.Equal(fields, want) {
			t.Errorf("err = %v, fields %v, want %v", err, fields, want)
		}
	})
	t.Run("ErrNoSurvey", func(t *testing.T) {
		_, err := svc.CreateChannel(ctx, &survey.Channel{Survey: "nope", Name: "X", Setting: survey.SettingOther})
		if survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("code = %q, want not found", survey.ErrorCode(err))
		}
	})
}

func TestOpenChannel(t *testing.T) {
	svc, store := channelService(t, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	s, _ := svc.Surveys.Get("test")
	create := func(opens, closes string) string {
		t.Helper()
		ch, err := svc.CreateChannel(ctx, &survey.Channel{Survey: "test", Name: "Club", Setting: survey.SettingYouthClub, Opens: opens, Closes: closes})
		if err != nil {
			t.Fatal(err)
		}
		return ch.Code
	}
	open, closed, early := create("2026-11-01", "2026-11-24"), create("", "2026-11-23"), create("2026-11-25", "")
	if err := store.CreateChannel(ctx, &survey.Channel{Code: "QTHER2", Survey: "elsewhere", Name: "X", Setting: survey.SettingOther}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, code  string
		wantChannel bool
		wantErr     string
	}{
		{"OKOpenOnLastDay", strings.ToLower(open), true, ""},
		{"OKUnknown", "NQPE22", false, ""},
		{"OKNotACode", "<script>", false, ""},
		{"OKOtherSurvey", "QTHER2", false, ""},
		{"OKNotOpenYet", early, false, ""},
		{"ErrClosed", closed, false, survey.ECLOSED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := svc.OpenChannel(ctx, s, tc.code)
			if survey.ErrorCode(err) != tc.wantErr || (ch != nil) != tc.wantChannel {
				t.Errorf("OpenChannel(%q) = %+v, %v", tc.code, ch, err)
			}
		})
	}
	opened, err := store.Opened(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int64{open: 1, closed: 0, early: 0}; !maps.Equal(opened, want) {
		t.Errorf("opened = %v, want only the open channel counted once: %v", opened, want)
	}
}

// TestChannelNameLengthInLetters: names are limited in letters, not bytes, so a school's name in
// Arabic or Bengali script has as much room as one in English.
func TestChannelNameLengthInLetters(t *testing.T) {
	for _, tc := range []struct {
		name, area string
		ok         bool
	}{
		{strings.Repeat("ب", 120), strings.Repeat("ক", 80), true},
		{strings.Repeat("ب", 121), "", false},
		{"Tooting", strings.Repeat("ক", 81), false},
	} {
		c := survey.Channel{Code: "K7P3QX", Survey: "s", Name: tc.name, Setting: "school", Area: tc.area}
		if err := c.Check(); (err == nil) != tc.ok {
			t.Errorf("name of %d letters, area of %d: %v, want ok=%v", len([]rune(tc.name)), len([]rune(tc.area)), err, tc.ok)
		}
	}
}

// TestSubmitTextWithoutDisclosureTerms: a service built without disclosure phrases (as the
// command-line tools are) still stores a text answer, scrubbed, rather than panicking.
func TestSubmitTextWithoutDisclosureTerms(t *testing.T) {
	svc, store := channelService(t, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	r, created, err := submitted(svc.SubmitResponse(context.Background(), "test", survey.Submission{Key: "no-disclosure-terms-01",
		Answers: survey.Answers{"comment": {Text: "call me on 07700 900123"}}}))
	if err != nil || !created {
		t.Fatalf("SubmitResponse = %v, %v", created, err)
	}
	got, err := store.Response(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if text := got.Answers["comment"].Text; text != "call me on [phone]" || len(got.Flags) != 0 {
		t.Errorf("stored %q with flags %v", text, got.Flags)
	}
}

// TestChannelRefusesControlCharacters: a channel's name and area become group keys in the store
// (a NUL cannot be a BSON field name) and labels on pages, so control characters and broken UTF-8
// are refused with a field error naming the field, never stored.
func TestChannelRefusesControlCharacters(t *testing.T) {
	for _, tc := range []struct {
		name, area, field string
	}{
		{"Tooting", "North\x00", "area"},
		{"Tooting", "North\nEast", "area"},
		{"Tooting\x1b[2J", "", "name"},
		{"Too\tting", "", "name"},
		{"Tooting", "North\xff", "area"},
		{"Tooting\u0085", "", "name"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			c := survey.Channel{Code: "K7P3QX", Survey: "s", Name: tc.name, Setting: "school", Area: tc.area}
			err := c.Check()
			if got, want := survey.ErrorCode(err), survey.EINVALID; got != want {
				t.Fatalf("code = %q, want %q (%v)", got, want, err)
			}
			got := survey.ErrorFields(err)
			want := []survey.FieldError{{Question: tc.field, Message: "error.control_characters"}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("fields = %+v, want %+v", got, want)
			}
		})
	}
}
