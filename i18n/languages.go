package i18n

import "strings"

// Language describes how a language is named to its own speakers and which way it is written.
type Language struct {
	Code string
	Name string // in the language itself, so a child finds their language in the switcher
	Dir  string // "ltr" or "rtl"
}

// known lists the languages the service can present, named in their own scripts.
var known = map[string]Language{
	"en":    {Code: "en", Name: "English", Dir: "ltr"},
	"pl":    {Code: "pl", Name: "Polski", Dir: "ltr"},
	"es":    {Code: "es", Name: "Español", Dir: "ltr"},
	"pt":    {Code: "pt", Name: "Português", Dir: "ltr"},
	"pt-PT": {Code: "pt-PT", Name: "Português (Portugal)", Dir: "ltr"},
	"ar":    {Code: "ar", Name: "العربية", Dir: "rtl"},
	"so":    {Code: "so", Name: "Soomaali", Dir: "ltr"},
	"bn":    {Code: "bn", Name: "বাংলা", Dir: "ltr"},
	"ur":    {Code: "ur", Name: "اردو", Dir: "rtl"},
	"fr":    {Code: "fr", Name: "Français", Dir: "ltr"},
	"uk":    {Code: "uk", Name: "Українська", Dir: "ltr"},
}

// Describe returns what is known about a language code; an unknown regional variant is named
// and written like its base language, with the region after the name; any other unknown code is
// named by itself, left to right.
func Describe(code string) Language {
	if l, ok := known[code]; ok {
		return l
	}
	if base, ok := known[Base(code)]; ok {
		return Language{Code: code, Name: base.Name + " (" + strings.TrimPrefix(code, base.Code+"-") + ")", Dir: base.Dir}
	}
	return Language{Code: code, Name: code, Dir: "ltr"}
}
