package staff_test

import (
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

func TestCanTranslate(t *testing.T) {
	polish := &staff.User{Roles: []staff.Role{staff.Translator}, Languages: []string{"pl"}}
	admin := &staff.User{Roles: []staff.Role{staff.Admin}}
	lead := &staff.User{Roles: []staff.Role{staff.SafeguardingLead}, Languages: []string{"pl"}}
	disabled := &staff.User{Roles: []staff.Role{staff.Translator}, Languages: []string{"pl"}, Disabled: true}
	for _, tc := range []struct {
		name string
		u    *staff.User
		lang string
		want bool
	}{
		{"TranslatorOwnLanguage", polish, "pl", true},
		{"TranslatorOtherLanguage", polish, "ar", false},
		{"TranslatorEnglish", polish, "en", false},
		{"AdminAnyLanguage", admin, "ar", true},
		{"AdminEnglish", admin, "en", false},
		{"OtherRoleWithLanguages", lead, "pl", false},
		{"Disabled", disabled, "pl", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.u.CanTranslate(tc.lang); got != tc.want {
				t.Errorf("CanTranslate(%s) = %v, want %v", tc.lang, got, tc.want)
			}
		})
	}
}

func TestParseLanguages(t *testing.T) {
	known := []string{"ar", "en", "pl", "pt-PT"}
	got, err := staff.ParseLanguages([]string{"pt-PT", "pl", "pl"}, known)
	if want := []string{"pl", "pt-PT"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("ParseLanguages = %v, %v; want %v", got, err, want)
	}
	for _, bad := range [][]string{{"en"}, {"xx"}} {
		if _, err := staff.ParseLanguages(bad, known); survey.ErrorCode(err) != survey.EINVALID {
			t.Errorf("ParseLanguages(%v) = %v, want EINVALID", bad, err)
		}
	}
}
