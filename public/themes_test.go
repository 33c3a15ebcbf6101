package public_test

import (
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// TestThemesInEveryLanguage: the demo survey suggests themes for answers in each of its
// languages (a regional variant through its base language), as they reach scrutineers (scrubbed), and a scrub tag suggests none.
func TestThemesInEveryLanguage(t *testing.T) {
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	s := surveys[0]
	for _, l := range s.Languages {
		for _, theme := range s.Themes {
			// A regional variant such as pt-PT matches with its base language's keywords.
			if len(theme.Keywords[l.Code]) == 0 && len(theme.Keywords[survey.BaseLanguage(l.Code)]) == 0 {
				t.Errorf("theme %s has no keywords in %s", theme.ID, l.Code)
			}
		}
	}
	tagger := s.ThemeTagger()
	for _, tc := range []struct {
		lang, text string
		want       []string
	}{
		{"en", "Call me on 07700 900123, the street lights are broken", []string{"lighting"}},
		{"en", "More police and cameras near the bus stop", []string{"police", "cctv", "transport"}},
		{"pl", "Na przystanku jest ciemno i nie ma policji", []string{"lighting", "police", "transport"}},
		{"pl", "Potrzebujemy świetlicy i więcej zajęć", []string{"youth_clubs"}},
		{"es", "Más farolas y policía en el parque, está muy oscuro", []string{"lighting", "police"}},
		{"es", "Hay droga y pandillas cerca de la estación", []string{"transport", "gangs_drugs"}},
		{"pt", "Precisamos de mais iluminação e câmaras", []string{"lighting", "cctv"}},
		{"pt", "Os carros passam muito rápido na passadeira", []string{"roads"}},
		{"fr", "Plus de lampadaires et de policiers", []string{"lighting", "police"}},
		{"fr", "J'ai peur des couteaux dans le bus", []string{"knife_crime", "transport"}},
		{"uk", "На вулиці темно, потрібні ліхтарі", []string{"lighting"}},
		{"uk", "Більше поліції біля зупинки автобуса", []string{"police", "transport"}},
		{"ar", "نحتاج المزيد من الشرطة والإضاءة", []string{"lighting", "police"}},
		{"ar", "في الباص ناس معهم سكاكين", []string{"knife_crime", "transport"}},
		{"so", "Waddooyinka way mugdi yihiin, nalal ayaa loo baahan yahay", []string{"lighting"}},
		{"so", "Boolis badan oo bas-istaanka ah", []string{"police", "transport"}},
		{"bn", "রাস্তায় আলো নেই আর অন্ধকার", []string{"lighting"}},
		{"bn", "বাস স্টপে আরও পুলিশ চাই", []string{"police", "transport"}},
		{"ur", "گلی میں روشنی نہیں ہے", []string{"lighting"}},
		{"ur", "بس اسٹاپ پر پولیس ہونی چاہیے", []string{"police", "transport"}},
		{"ur", "mere phone number pe call karo 07700 900123", []string{"online"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			text := freetext.ScrubPersonalData(tc.text)
			if got := tagger.Themes(text); !slices.Equal(got, tc.want) {
				t.Errorf("Themes(%q) = %v, want %v", text, got, tc.want)
			}
		})
	}
}
