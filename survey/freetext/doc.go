// Package freetext reads what children write in free-text answers: it flags answers that may
// disclose harm (LoadDisclosureTerms, DisclosureTerms.Categories: phrase lists, a signal scorer
// and a model learnt from labelled answers), scrubs personal data and characters that could
// disguise the text before it is stored (ScrubPersonalData), suggests themes (ThemeTagger) and
// checks survey wording for plain English (CheckPlainLanguage).
//
// It is part of the domain, beside package survey, and imports only the standard library.
package freetext
