package survey

import (
	"reflect"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	tests := map[string]int{
		"cat": 1, "the": 1, "police": 2, "people": 2, "table": 2, "tables": 2, "whole": 1,
		"loved": 1, "wanted": 2, "called": 1, "disabled": 3, "likes": 1, "places": 2, "wishes": 2,
		"family": 3, "families": 3, "area": 3, "idea": 3, "yourself": 2, "computer": 3,
		"anybody": 4, "anyone": 3, "everyone": 3, "someone": 2, "something": 2, "sometimes": 2,
		"radio": 3, "video": 3, "violence": 3, "usually": 4, "language": 2, "question": 2,
		"lonely": 2, "careful": 2, "comfortable": 4, "uncomfortable": 5, "dangerous": 3,
		"beautiful": 3, "seriously": 4, "safety": 2, "scrutineers": 3, "partnership": 3,
		"don't": 1, "25": 1, "": 0,
	}
	for word, want := range tests {
		if got := syllables(word); got != want {
			t.Errorf("syllables(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestReadingAge(t *testing.T) {
	simple := ReadingAge("Do you feel safe at home? We want to know.")
	complex := ReadingAge("Notwithstanding considerable organisational difficulties, the partnership subsequently commissioned comprehensive independent evaluations of safeguarding arrangements.")
	if simple != 5 {
		t.Errorf("simple text: reading age %.1f, want 5 (the lowest)", simple)
	}
	if complex < 18 {
		t.Errorf("complex text: reading age %.1f, want 18 or more", complex)
	}
	// 10 words, 1 sentence, 15 syllables: 0.39*10 + 11.8*15/10 - 15.59 = 6.01, plus 5.
	if got := ReadingAge("How comfortable do you feel getting around on your own?"); got < 11 || got > 11.02 {
		t.Errorf("reading age %.2f, want 11.01", got)
	}
	if got := ReadingAge(" \n"); got != 0 {
		t.Errorf("empty text: reading age %.1f, want 0", got)
	}
}

func TestCheckPlainLanguage(t *testing.T) {
	long := strings.Repeat("we like it ", 7) // 21 words
	tests := []struct {
		name string
		edit func(s *Survey)
		want []PlainLanguageNote
	}{
		{"OK", func(s *Survey) {}, nil},
		{"LongSentence", func(s *Survey) { s.Questions[0].Hint = Text{"en": "Short one. " + long + ". Short again."} },
			[]PlainLanguageNote{{Question: "safe_home", Field: "hint", Kind: "long_sentence", Length: 21}}},
		{"TwentyWordsIsFine", func(s *Survey) { s.Intro = Text{"en": strings.Repeat("we like it ", 6) + "and me."} }, nil},
		{"HardWords", func(s *Survey) {
			s.Title["en"] = "Your experiences of safety"
			s.Questions[2].Options[1].Text["en"] = "Public transportation, or transportation at night"
		}, []PlainLanguageNote{
			{Field: "title", Kind: "hard_words", Words: []string{"experiences"}},
			{Question: "places", Field: "option:bus", Kind: "hard_words", Words: []string{"transportation"}},
		}},
		{"CommonWordsNotFlagged", func(s *Survey) {
			s.Questions[0].Text["en"] = "Does everyone in your family, or anybody in your area, talk to the police about yourself or your computer?"
		}, nil},
		{"NamesOptionIdsAndCapitals", func(s *Survey) {
			s.Questions[0].Hint = Text{"en": "Roehampton, or call Childline about CCTV in Battersea."}
			s.Questions[2].Options[0].ID = "roehampton"
		}, nil},
		{"EnglishOnly", func(s *Survey) { s.Title["pl"] = "Doświadczenia bezpieczeństwa publicznego" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSurvey()
			tt.edit(s)
			got, _ := CheckPlainLanguage(s)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("notes:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCheckPlainLanguageReadingAge measures the questions' text and hints, not the options.
func TestCheckPlainLanguageReadingAge(t *testing.T) {
	s := testSurvey()
	_, before := CheckPlainLanguage(s)
	s.Questions[0].Options[0].Text["en"] = "Notwithstanding considerable organisational difficulties"
	if _, after := CheckPlainLanguage(s); after != before {
		t.Errorf("an option changed the reading age from %.1f to %.1f", before, after)
	}
	s.Questions[0].Hint = Text{"en": "Notwithstanding considerable organisational difficulties, comprehensive evaluations."}
	if _, after := CheckPlainLanguage(s); after <= before {
		t.Errorf("a hard hint left the reading age at %.1f (was %.1f)", after, before)
	}
}
