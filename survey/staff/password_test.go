package staff_test

import (
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		name, password, want string
	}{
		{"OK", "violet kettle harbour 42", ""},
		{"OKMixedScripts", "żółta łódka na wodzie", ""},
		{"ErrTooShort", "k3ttle!x", "staff.password.too_short"},
		{"ErrTooShortInRunes", "ąęółśżźćń", "staff.password.too_short"},
		{"ErrTooLong", strings.Repeat("violet kettle ", 20), "staff.password.too_long"},
		{"ErrCommonAnyCase", "PasswordPassword", "staff.password.common"},
		{"ErrCommonWithDigits", "football1234567", "staff.password.common"},
		{"ErrCommonWithSymbols", "safeguarding!!!", "staff.password.common"},
		{"ErrRepeated", "abcabcabcabcabc", "staff.password.common"},
		{"ErrOneCharacter", "zzzzzzzzzzzzzzzz", "staff.password.common"},
		{"ErrContainsEmail", "jordan.smith-2026!", "staff.password.common"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := staff.CheckPassword(tc.password, "jordan.smith@example.org")
			if got := survey.ErrorMessage(err); (err == nil) != (tc.want == "") || (err != nil && got != tc.want) {
				t.Errorf("CheckPassword(%q) = %v, want %q", tc.password, err, tc.want)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	all := map[staff.Action][]staff.Role{
		staff.UseStaffArea:   staff.Roles,
		staff.ManageUsers:    {staff.Admin},
		staff.ReadAudit:      {staff.Admin},
		staff.ViewChannels:   {staff.Admin, staff.SafeguardingLead, staff.Scrutineer, staff.YouthWorker},
		staff.ManageChannels: {staff.Admin, staff.YouthWorker},
		staff.ReviewFlagged:  {staff.SafeguardingLead},
		staff.ReadTexts:      {staff.Admin, staff.Scrutineer},
		staff.GlossTexts:     {staff.Admin, staff.SafeguardingLead},
		staff.ProposeQuotes:  {staff.Admin, staff.Scrutineer},
		staff.ApproveQuotes:  {staff.Admin, staff.Scrutineer},
		staff.ReadFindings:   {staff.Admin, staff.SafeguardingLead, staff.Scrutineer},
		staff.Translate:      {staff.Admin, staff.Translator},
	}
	for action, allowed := range all {
		for _, r := range staff.Roles {
			want := false
			for _, a := range allowed {
				want = want || a == r
			}
			if got := staff.Allowed([]staff.Role{r}, action); got != want {
				t.Errorf("%s may %s: %v, want %v", r, action, got, want)
			}
		}
	}
	if staff.Allowed(nil, staff.UseStaffArea) {
		t.Error("someone with no role may use the staff area")
	}
	if staff.Allowed(staff.Roles, staff.Action("made.up")) {
		t.Error("an action missing from the table is allowed")
	}
	disabled := &staff.User{Roles: []staff.Role{staff.Admin}, Disabled: true}
	if disabled.Can(staff.UseStaffArea) {
		t.Error("a disabled account may use the staff area")
	}
}

func TestParseRoles(t *testing.T) {
	got, err := staff.ParseRoles([]string{"youth_worker", "admin", "youth_worker"})
	if err != nil || len(got) != 2 || got[0] != staff.Admin || got[1] != staff.YouthWorker {
		t.Errorf("ParseRoles = %v, %v; want [admin youth_worker]", got, err)
	}
	for _, bad := range [][]string{nil, {"root"}} {
		if _, err := staff.ParseRoles(bad); survey.ErrorCode(err) != survey.EINVALID {
			t.Errorf("ParseRoles(%v) = %v, want EINVALID", bad, err)
		}
	}
}
