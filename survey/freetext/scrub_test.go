package freetext_test

import (
	"testing"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

func TestScrubPersonalData(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// Names after an introduction, whatever their case, and a capitalised surname with them.
		{"NameMyNameIs", "My name is Jake Smith and I hate the bus", "My name is [name] and I hate the bus"},
		{"NameLowerCase", "my name is jake", "my name is [name]"},
		{"NameMyNames", "my name's Ola.", "my name's [name]."},
		{"NameImCalled", "I'm called Zara, I'm 12", "I'm called [name], I'm 12"},
		{"NameIAmCapitalised", "Hi I am Jake and the park is dark", "Hi I am [name] and the park is dark"},
		{"NameImCapitalised", "im Tom Jones from year 8", "im [name] from year 8"},
		{"NameCallMe", "everyone calls me Bex", "everyone calls me [name]"},
		{"NamePolish", "Nazywam się Ola Kowalska i boję się", "Nazywam się [name] i boję się"},
		{"NamePolishImie", "mam na imię Kuba", "mam na imię [name]"},
		{"NamePolishJestem", "Jestem Kasia", "Jestem [name]"},
		{"NameSpanish", "me llamo lucia", "me llamo [name]"},
		{"NameSpanishSoy", "Soy Mateo y tengo miedo", "Soy [name] y tengo miedo"},
		{"NamePortuguese", "Meu nome é João", "Meu nome é [name]"},
		{"NameFrench", "Je m'appelle Amélie", "Je m'appelle [name]"},
		{"NameFrenchCurlyApostrophe", "je m’appelle léa", "je m’appelle [name]"},
		{"NameUkrainian", "Мене звати Олена", "Мене звати [name]"},
		{"NameUkrainianYa", "Я Олег", "Я [name]"},
		{"NameSomali", "Magacaygu waa Hodan", "Magacaygu waa [name]"},
		{"NameArabic", "اسمي محمد وأنا خائف", "اسمي [name] وأنا خائف"},
		{"NameUrdu", "میرا نام علی ہے", "میرا نام [name] ہے"},
		{"NameBengali", "আমার নাম রহিম", "আমার নাম [name]"},

		// Contact details.
		{"Email", "email me at jo.smith99@gmail.com please", "email me at [email] please"},
		{"EmailUpperCase", "JO@HOTMAIL.CO.UK", "[email]"},
		{"PhoneMobile", "text me 07700 900123", "text me [phone]"},
		{"PhoneMobileNoSpace", "07700900123", "[phone]"},
		{"PhoneMobileDashes", "ring 07700-900-123.", "ring [phone]."},
		{"PhoneInternational", "+44 7700 900123", "[phone]"},
		{"PhoneInternationalTrunk", "call +44 (0)20 7946 0958 now", "call [phone] now"},
		{"PhoneLondon", "020 7946 0958", "[phone]"},
		{"PhoneLondonBrackets", "(020) 7946 0958", "[phone]"},
		{"PhoneDoubleZero", "0048 512 345 678", "[phone]"},
		{"PhoneForeign", "+48 512345678", "[phone]"},
		{"PhonePublicHelplineFullLength", "The Mix 0808 808 4994", "The Mix [phone]"},
		{"Postcode", "I live near SW18 4BD", "I live near [postcode]"},
		{"PostcodeLowerNoSpace", "sw184bd", "[postcode]"},
		{"PostcodeCentralLondon", "EC1A 1BB.", "[postcode]."},
		{"Address", "I live at 12 Acacia Road", "I live at [address]"},
		{"AddressLowerCase", "it happened outside 4b acacia avenue", "it happened outside [address]"},
		{"AddressAbbreviated", "at 221 Baker St.", "at [address]."},
		{"AddressCapitalisedEverydayWord", "13 Maple Close", "[address]"},
		{"Handle", "follow @jake_2010 on tiktok", "follow [handle] on tiktok"},
		{"HandleAtStart", "@bad.boys threatened me", "[handle] threatened me"},
		{"HandlePlatform", "snap: jakey2010", "snap: [handle]"},
		{"HandleMyPlatformIs", "my insta is jakey", "my insta is [handle]"},
		{"Link", "see https://example.com/a?b=c.", "see [link]."},
		{"LinkWWW", "www.example.org/page", "[link]"},
		{"LinkBare", "look at tiktok.com/@jake", "look at [link]"},
		{"LinkBareCoUk", "bbc.co.uk", "[link]"},
		{"Several", "I'm Sam, 07700900123, sam@x.io, SW18 4BD", "I'm [name], [phone], [email], [postcode]"},

		// Things that name no one stay as they are.
		{"KeepEmergencyNumber", "I would call 999 or 101", "I would call 999 or 101"},
		{"KeepChildline", "Childline 0800 1111 is good", "Childline 0800 1111 is good"},
		{"KeepShortHelplines", "Samaritans 116 123, Shout 85258", "Samaritans 116 123, Shout 85258"},
		{"KeepAge", "I am 12 and I'm 13 next year", "I am 12 and I'm 13 next year"},
		{"KeepFeeling", "I am scared. I'm not safe", "I am scared. I'm not safe"},
		{"KeepIdentity", "I am Muslim and I'm Black", "I am Muslim and I'm Black"},
		{"KeepOrdinaryCapitals", "Balham High Road at night, and Tooting Broadway", "Balham High Road at night, and Tooting Broadway"},
		{"KeepStreetWithoutNumber", "Garratt Lane is dark", "Garratt Lane is dark"},
		{"KeepCountWithStreetWord", "2 people walk past, 3 friends on the road", "2 people walk past, 3 friends on the road"},
		{"KeepPostcodeDistrict", "around SW18 and SW17", "around SW18 and SW17"},
		{"KeepYearGroup", "in Y7 2nd term", "in Y7 2nd term"},
		{"KeepTime", "at 10.30pm on 24.11.2026", "at 10.30pm on 24.11.2026"},
		{"KeepNameIntroductionWithoutName", "my name is not important", "my name is not important"},
		{"KeepCalledNames", "they call me names", "they call me names"},
		{"KeepAtSign", "meet @ 5", "meet @ 5"},
		{"KeepMissingSpace", "it was dark.me and my friend ran", "it was dark.me and my friend ran"},
		{"KeepPlatformTalk", "instagram is full of fights", "instagram is full of fights"},
		{"KeepPolish", "Jestem sama w domu", "Jestem sama w domu"},
		{"KeepArabicWithoutName", "أنا خائف في الحديقة", "أنا خائف في الحديقة"},
		{"KeepEmpty", "", ""},

		// What cannot be seen is removed, so that stored text shows as it reads.
		{"BidiOverride", "my dad \u202ehits me\u202c", "my dad hits me"},
		{"BidiIsolatesAndMarks", "\u2067evil\u2069 \u200fx\u200e \u061cy", "evil x y"},
		{"ZeroWidth", "ki\u200bll my\u200cself\u200d\u2060\ufeff", "kill myself"},
		{"SoftHyphen", "sui\u00adcide", "suicide"},
		{"NumberHiddenByZeroWidth", "call 07700\u200b900\u200b123", "call [phone]"},
		{"TagsOutsideAFlag", "hi\U000E0041\U000E0042", "hi"},
		{"KeepSubdivisionFlags", "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F ok", "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F ok"},
		{"KeepVisibleLetters", "আমার মন ভালো নেই، میں ٹھیک ہوں", "আমার মন ভালো নেই، میں ٹھیک ہوں"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := freetext.ScrubPersonalData(tc.in); got != tc.want {
				t.Errorf("ScrubPersonalData(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestScrubPersonalDataIsIdempotent(t *testing.T) {
	in := "My name is Jake, 07700 900123, jake@example.com, 12 Acacia Road SW18 4BD @jake https://x.io"
	once := freetext.ScrubPersonalData(in)
	if twice := freetext.ScrubPersonalData(once); twice != once {
		t.Errorf("scrubbing twice changed %q to %q", once, twice)
	}
}
