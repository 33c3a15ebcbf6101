package freetext_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// testTerms loads phrase lists given as file name and content.
func testTerms(t *testing.T, files map[string]string) *freetext.DisclosureTerms {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys["lists/"+name] = &fstest.MapFile{Data: []byte(content)}
	}
	terms, err := freetext.LoadDisclosureTerms(fsys, "lists")
	if err != nil {
		t.Fatal(err)
	}
	return terms
}

func TestDisclosureCategories(t *testing.T) {
	terms := testTerms(t, map[string]string{
		"disclosure.en.txt": "# comment\n[hurt]\nhit me\nbeat* me\n\n[self_harm]\ncut myself\n[suicide]\ndon't want to live\n[weapon]\na knife\n",
		"disclosure.pl.txt": "[hurt]\npobił* mnie\n[unsafe_home]\nboję się ojca\n",
		"disclosure.ar.txt": "[hurt]\n*ضربني*\n[threat]\n*تهديد*\n",
		"disclosure.ur.txt": "[suicide]\nخودکشی\n",
		"disclosure.bn.txt": "[abuse]\nআমাকে ছ\u09cbঁ\u09df\n[suicide]\nমরতে চাই\n", // ো and য় as one code point each
		"disclosure.uk.txt": "[threat]\nвб'ють мене\n",
	})
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"Phrase", "My dad hit me last week", []string{"hurt"}},
		{"CaseAndPunctuation", "he HIT ME!!!", []string{"hurt"}},
		{"WordEnding", "they beating me up", []string{"hurt"}},
		{"ApostropheOptional", "i dont want to live", []string{"suicide"}},
		{"CurlyApostrophe", "I don’t want to live", []string{"suicide"}},
		{"SeveralInListOrder", "boys with a knife hit me so I cut myself", []string{"hurt", "self_harm", "weapon"}},
		{"OtherLanguageThanSurvey", "Boję się ojca", []string{"unsafe_home"}},
		{"PolishWithoutDiacritics", "pobili mnie i boje sie ojca", []string{"hurt", "unsafe_home"}},
		{"ArabicWithPrefixAndHarakat", "وَضَرَبَنِي أبي", []string{"hurt"}},
		{"ArabicTatweel", "تهـــديد", []string{"threat"}},
		{"UrduYehVariants", "خودكشي", []string{"suicide"}},                         // Arabic kaf and yeh typed for Urdu ک and ی
		{"BengaliDecomposed", "সে আমাকে ছ\u09c7\u09beঁয\u09bc", []string{"abuse"}}, // ো and য় each as two code points
		{"BengaliPhrase", "আমি মরতে চাই", []string{"suicide"}},
		{"UkrainianApostrophes", "вони вбʼють мене", []string{"threat"}},
		{"WholeWordsOnly", "the hitman cut myselfie", nil},
		{"NothingToFlag", "More street lights please", nil},
		{"Empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := terms.Categories(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Categories(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

// TestDisclosurePatterns: alternatives, @names and gaps, and what folding undoes.
func TestDisclosurePatterns(t *testing.T) {
	terms := testTerms(t, map[string]string{
		"disclosure.en.txt": "@photo = pic*|photo*|nudes\n[grooming]\nasked|wants ..3 @photo\n[suicide]\nkill myself\nwant to die\n[hurt]\nhits me\n[bullying]\nbullied\n[abuse]\nmolested\n[threat]\nthreaten* me\n",
		"disclosure.uk.txt": "[hurt]\nб'ють ..2 мене\nмене ..2 б'ють\n",
		"disclosure.es.txt": "[neglect]\nhambre\n",
	})
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"AlternativeAndName", "he wants my pics", []string{"grooming"}},
		{"GapOfThree", "a man asked me to send photos", []string{"grooming"}},
		{"GapTooWide", "a man asked if i could maybe send him photos", nil},
		{"GapInOrderOnly", "photos he asked for", nil},
		{"FullWidth", "he ｈｉｔｓ me", []string{"hurt"}},
		{"MathematicalLetters", "𝐡𝐢𝐭𝐬 𝐦𝐞", []string{"hurt"}},
		{"CyrillicLookAlike", "i want to kіll myself", []string{"suicide"}},
		{"GreekLookAlike", "he hits mε", []string{"hurt"}},
		{"DigitsForLetters", "i want to k1ll mys3lf", []string{"suicide"}},
		{"SymbolsForLetters", "he h!ts me, i get bu||ied", []string{"hurt", "bullying"}},
		{"ZeroWidthAndBidi", "he hi\u200bts \u202eme", []string{"hurt"}},
		{"SpacedLetters", "i want to k i l l myself", []string{"suicide"}},
		{"DottedLetters", "he h.i.t.s me", []string{"hurt"}},
		{"StretchedLetters", "he hiiiiits meeee", []string{"hurt"}},
		{"DoubledOrSingle", "i want to kil myself", []string{"suicide"}},
		{"TextSpeak", "i want 2 die", []string{"suicide"}},
		{"TextSpeakExpands", "i wanna die", []string{"suicide"}},
		{"UkrainianOrderAndApostrophe", "мене щодня бʼють", []string{"hurt"}},
		{"UkrainianOtherOrder", "вони б'ють мене", []string{"hurt"}},
		{"LookAlikeOfLookAlike", "вони б'ють мeнe", []string{"hurt"}},
		{"NumbersStayNumbers", "call 999 or 111", nil},
		{"SingleLettersApart", "i a m fine", nil},
		{"OneLetterChanged", "i got bullyed", []string{"bullying"}},
		{"OneLetterLeftOut", "he molsted me", []string{"abuse"}},
		{"OneLetterAdded", "he mollested me", []string{"abuse"}},
		{"NeighboursSwapped", "he moelsted me", []string{"abuse"}},
		{"SlipInBeginning", "they theatened me", []string{"threat"}},
		{"SlipInFirstWordOfPhrase", "they thraeten me", []string{"threat"}},
		{"NoSlipInLastLetter", "he molestes", nil},
		{"NoSlipInFirstLetter", "i got cullied", nil},
		{"NoSlipInShortWords", "he hots me", nil},
		{"TwoSlipsTooMany", "he mloestd me", nil},
		{"NoSlipForOrdinaryNeighbour", "un hombre", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := terms.Categories(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Categories(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestLoadDisclosureTermsErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   map[string]string
		wantErr []string // what the error says about its one problem
	}{
		{"ErrNoLists", map[string]string{"other.txt": "[hurt]\nhit me\n"}, []string{"no disclosure phrase lists"}},
		{"ErrUnknownCategory", map[string]string{"disclosure.en.txt": "# list\n\n[hurts]\nhit me\n"}, []string{"lists/disclosure.en.txt:3:", "definition.not_a_category", `Name="hurts"`}},
		{"ErrPhraseBeforeHeading", map[string]string{"disclosure.en.txt": "hit me\n[hurt]\n"}, []string{"lists/disclosure.en.txt:1:", "definition.phrase_outside_category"}},
		{"ErrNoLetters", map[string]string{"disclosure.fr.txt": "[hurt]\n* !\n"}, []string{"lists/disclosure.fr.txt:2:", `definition.no_letters Phrase="* !"`}},
		{"ErrUnknownName", map[string]string{"disclosure.en.txt": "[hurt]\nhits @who\n"}, []string{"lists/disclosure.en.txt:2:", "definition.phrase_unknown_name", `Word="@who"`}},
		{"ErrGapAtStart", map[string]string{"disclosure.en.txt": "[hurt]\n.. hits me\n"}, []string{"lists/disclosure.en.txt:2:", "definition.phrase_misplaced_gap"}},
		{"ErrGapAtEnd", map[string]string{"disclosure.en.txt": "[hurt]\nhits me ..\n"}, []string{"lists/disclosure.en.txt:2:", "definition.phrase_misplaced_gap"}},
		{"ErrGapTooWide", map[string]string{"disclosure.en.txt": "[hurt]\nhits ..12 me\n"}, []string{"lists/disclosure.en.txt:2:", "definition.phrase_misplaced_gap", `Word="..12"`}},
		{"ErrTwoGaps", map[string]string{"disclosure.en.txt": "[hurt]\nhits .. ..2 me\n"}, []string{"lists/disclosure.en.txt:2:", "definition.phrase_misplaced_gap"}},
		{"ErrAlternativeOfTwoWords", map[string]string{"disclosure.pt.txt": "[hurt]\nbate|bate-me\n"}, []string{"lists/disclosure.pt.txt:2:", "definition.phrase_alternative_words", `Word="bate-me"`}},
		{"ErrNameOfOneWord", map[string]string{"disclosure.en.txt": "@me = me\n[hurt]\nhits me\n"}, []string{"lists/disclosure.en.txt:1:", "definition.phrase_bad_name"}},
		{"ErrNameNotAName", map[string]string{"disclosure.en.txt": "@my name = me|us\n[hurt]\nhits me\n"}, []string{"lists/disclosure.en.txt:1:", "definition.phrase_bad_name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, content := range tc.files {
				fsys["lists/"+name] = &fstest.MapFile{Data: []byte(content)}
			}
			_, err := freetext.LoadDisclosureTerms(fsys, "lists")
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tc.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if lines := strings.Count(err.Error(), "\n") + 1; lines != 1 {
				t.Errorf("error has %d lines, want one problem reported once:\n%v", lines, err)
			}
		})
	}
}

// TestUrgency: every kind of harm has a tier, and an answer takes its most urgent kind's.
func TestUrgency(t *testing.T) {
	for _, c := range freetext.DisclosureCategories {
		if _, rank := freetext.Urgency([]string{c}); rank == len(freetext.DisclosureCategories) {
			t.Errorf("kind %q has no urgency", c)
		}
	}
	for _, tc := range []struct {
		name    string
		reasons []string
		want    int
	}{
		{"Suicide", []string{"suicide"}, freetext.UrgencyHarmNow},
		{"Neglect", []string{"neglect"}, freetext.UrgencyHarmNow},
		{"Weapon", []string{"weapon"}, freetext.UrgencyViolence},
		{"BullyingAndGrooming", []string{"bullying", "grooming"}, freetext.UrgencyHarmNow},
		{"RunningAway", []string{"running_away"}, freetext.UrgencyWellbeing},
		{"Unknown", []string{"something_else"}, freetext.UrgencyWellbeing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := freetext.Urgency(tc.reasons); got != tc.want {
				t.Errorf("Urgency(%q) = %d, want %d", tc.reasons, got, tc.want)
			}
		})
	}
	_, suicide := freetext.Urgency([]string{"suicide"})
	_, home := freetext.Urgency([]string{"unsafe_home"})
	if suicide >= home {
		t.Errorf("suicide ranks %d, unsafe home %d: want suicide first", suicide, home)
	}
}
