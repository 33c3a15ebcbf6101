package survey_test

import (
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestExportRow(t *testing.T) {
	s := surveytest.SmallSurvey()
	r := &survey.Response{ID: "SECRET", Version: 1, Lang: "pl", Date: "2026-11-24", Suspect: survey.SuspectTooFast, Channel: "K7P3QX",
		Answers: survey.Answers{"safe_home": {Choices: []string{"no"}}, "why": {Text: "[name] said"}, "places": {Choices: []string{"park", "bus"}}},
		Groups:  s.GroupsOf(survey.Answers{}, "pl", &survey.Channel{Code: "K7P3QX", Setting: survey.SettingSchool})}
	if got, want := survey.ExportHeader(s), []string{"version", "lang", "date", "setting", "area", "suspect", "safe_home", "why", "places", "feel", "comment"}; !slices.Equal(got, want) {
		t.Errorf("header %q, want %q", got, want)
	}
	if got, want := survey.ExportRow(s, r), []string{"1", "pl", "2026-11-24", survey.SettingSchool, "", survey.SuspectTooFast, "no", "[name] said", "park;bus", "", ""}; !slices.Equal(got, want) {
		t.Errorf("row %q, want %q", got, want)
	}
}
