package web

import (
	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// SummaryLabels names groups the survey definitions do not, in l's language.
func SummaryLabels(l *i18n.Localizer) findings.Labels {
	return summaryLabels{l}
}

type summaryLabels struct{ l *i18n.Localizer }

func (sl summaryLabels) PreferNotToSay() string { return sl.l.T("survey.prefer_not_to_say") }

func (sl summaryLabels) Plural(lang string, n int64) string { return i18n.PluralCategory(lang, n) }

func (sl summaryLabels) Number(n int64) string { return sl.l.Number(n) }

func (sl summaryLabels) Group(dim, value string) string {
	switch {
	case value == survey.NotAnswered:
		return sl.l.T("findings.not_answered")
	case dim == survey.DimLanguage:
		return i18n.Describe(value).Name
	case dim == survey.DimSetting:
		return sl.l.T("setting." + value)
	}
	return value
}
