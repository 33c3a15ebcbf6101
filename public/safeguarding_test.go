package public_test

import (
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
)

func shippedTerms(t *testing.T) *freetext.DisclosureTerms {
	t.Helper()
	terms, err := freetext.LoadDisclosureTerms(public.Files, "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	return terms
}

// TestDisclosureListsCoverEveryLanguage: a child may answer in any of the survey languages.
func TestDisclosureListsCoverEveryLanguage(t *testing.T) {
	for _, lang := range []string{"en", "pl", "es", "pt", "ar", "so", "bn", "ur", "fr", "uk"} {
		if _, err := fs.Stat(public.Files, "safeguarding/disclosure."+lang+".txt"); err != nil {
			t.Errorf("no phrase list for %s: %v", lang, err)
		}
	}
}

// TestDisclosureListsFlag checks a few disclosures in each language, written as a child might.
func TestDisclosureListsFlag(t *testing.T) {
	terms := shippedTerms(t)
	for _, tc := range []struct {
		name, text string
		want       string
	}{
		{"EnHurt", "my step dad hits me when he is angry", "hurt"},
		{"EnAbuse", "a man touched me on the bus", "abuse"},
		{"EnThreat", "some boys threatened me and followed me home", "threat"},
		{"EnBullying", "I get bullied on the way to school", "bullying"},
		{"EnGrooming", "an older guy online keeps asking for nudes", "grooming"},
		{"EnSelfHarm", "sometimes i cut myself", "self_harm"},
		{"EnSuicide", "i dont want to be alive anymore", "suicide"},
		{"EnSuicideSlang", "honestly i just want to kms", "suicide"},
		{"EnWeapon", "a boy pulled a knife on my friend", "weapon"},
		{"EnRunningAway", "I'm going to run away", "running_away"},
		{"EnUnsafeHome", "I don't feel safe at home because of my dad", "unsafe_home"},
		{"PlHurt", "tata mnie bije", "hurt"},
		{"PlSuicide", "nie chcę żyć", "suicide"},
		{"PlWeaponNoDiacritics", "mial noz", "weapon"},
		{"EsBullying", "se burlan de mí en el colegio", "bullying"},
		{"EsUnsafeHome", "tengo miedo de mi padrastro", "unsafe_home"},
		{"PtThreat", "eles ameaçaram me", "threat"},
		{"PtSuicide", "quero morrer", "suicide"},
		{"FrHurt", "mon père me frappe", "hurt"},
		{"FrBullyingElision", "ils m'insultent tous les jours", "bullying"},
		{"UkAbuse", "він торкається мене", "abuse"},
		{"UkRunningAway", "хочу втекти з дому", "running_away"},
		{"ArHurt", "أبي يضربني", "hurt"},
		{"ArWeapon", "معه سكين", "weapon"},
		{"UrSuicide", "میں خودکشی کرنا چاہتا ہوں", "suicide"},
		{"UrUnsafeHome", "میں گھر میں محفوظ نہیں ہوں", "unsafe_home"},
		{"BnSuicide", "আমি মরতে চাই", "suicide"},
		{"BnWeapon", "ওর কাছে ছুরি ছিল", "weapon"},
		{"SoHurt", "aabahay wuu i garaacaa", "hurt"},
		{"SoWeapon", "wuxuu sitay mindi", "weapon"},
		// Suicide told without a first person right before it (a review of a narrowing that lost them).
		{"EsSuicideTried", "he intentado matarme", "suicide"},
		{"EsSuicideWanted", "quise matarme", "suicide"},
		{"PtSuicideWasGoing", "eu ia me matar", "suicide"},
		{"PtSuicideWayOut", "me matar é a única saída", "suicide"},
		// A sport near what happened is not a game: "after hockey", "my tennis coach".
		{"EnHurtAfterSport", "he hit me after hockey", "hurt"},
		{"EnThreatCoach", "my tennis coach said he would hurt me if i tell", "threat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := terms.Categories(tc.text); !slices.Contains(got, tc.want) {
				t.Errorf("Categories(%q) = %v, want it to include %s", tc.text, got, tc.want)
			}
		})
	}
}

// TestDisclosureListsLeaveOrdinaryAnswers: every list is tried on every answer, so a phrase in
// one language must not be an everyday phrase in another, least of all English.
func TestDisclosureListsLeaveOrdinaryAnswers(t *testing.T) {
	terms := shippedTerms(t)
	for _, text := range []string{
		"More street lights and more police in the park",
		"The park is good but it is dilapidated and dark",
		"the bus hub is scary at night",
		"Stop knife crime and keep youth clubs open",
		"there are gangs near the station",
		"I feel safe at home and at school",
		"I am 12 and I walk to school with my friends",
		"Better CCTV on Garratt Lane",
		"Więcej światła w parku", // pl: more light in the park
		"Más policía en la calle por la noche",
		"Mais iluminação nas ruas",
		"Plus de lumière dans les rues",
		"Більше світла на вулицях",
		"المزيد من الشرطة في الحديقة",
		"پارک میں زیادہ روشنی",
		"পার্কে আরও আলো",
		"Nalal badan oo waddooyinka ah",
	} {
		if got := terms.Categories(text); got != nil {
			t.Errorf("Categories(%q) = %v, want nothing flagged", text, got)
		}
	}
}

// BenchmarkDisclosureCategories screens a longest-allowed answer against every shipped list.
func BenchmarkDisclosureCategories(b *testing.B) {
	terms, err := freetext.LoadDisclosureTerms(public.Files, "safeguarding")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("the park near the station is dark and there are older boys on bikes ", 15)[:survey.DefaultMaxLength]
	for b.Loop() {
		terms.Categories(text)
	}
}
