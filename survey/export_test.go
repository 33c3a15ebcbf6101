package survey

import (
	"slices"
	"testing"
)

func TestExportRow(t *testing.T) {
	s := testSurvey()
	r := &Response{ID: "SECRET", Version: 1, Lang: "pl", Date: "2026-11-24", Suspect: SuspectTooFast, Channel: "K7P3QX",
		Answers: Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "[name] said"}, "places": {Choices: []string{"park", "bus"}}},
		Groups:  s.GroupsOf(Answers{}, "pl", &Channel{Code: "K7P3QX", Setting: SettingSchool})}
	if got, want := ExportHeader(s), []string{"version", "lang", "date", "setting", "area", "suspect", "safe_home", "why", "places", "feel", "comment"}; !slices.Equal(got, want) {
		t.Errorf("header %q, want %q", got, want)
	}
	if got, want := ExportRow(s, r), []string{"1", "pl", "2026-11-24", SettingSchool, "", SuspectTooFast, "no", "[name] said", "park;bus", "", ""}; !slices.Equal(got, want) {
		t.Errorf("row %q, want %q", got, want)
	}
}
