// Package wire says which adapter serves which of the domain's interfaces in the web app, and
// puts the caches (survey/kept) around them. cmd/safetysurvey's server and the web tests
// (survey/web/site) both build the app's configuration here, so the tests serve what is served.
package wire

import (
	"log/slog"
	"time"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/chart"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/kept"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/qr"
	"github.com/safeguarding/safetysurvey/survey/report"
	"github.com/safeguarding/safetysurvey/survey/web"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice/editor"
	"github.com/safeguarding/safetysurvey/survey/web/children"
	"github.com/safeguarding/safetysurvey/survey/web/site"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// Deps are what the web app is built from.
type Deps struct {
	DB *mongo.DB
	// Store is where responses are stored: DB, or DB behind a decorator such as the metrics'
	// suspect counter; nil means DB.
	Store       survey.ResponseStore
	Surveys     *survey.Catalog
	Messages    *i18n.Catalog
	Disclosures *freetext.DisclosureTerms
	Design      *design.Service
	Staff       backoffice.StaffConfig
	// Infographics draw the findings (survey/report); they are kept, drawn again RedrawAfter
	// after the findings changed.
	Infographics findings.Infographics
	RedrawAfter  time.Duration
	// Drawings bound how many infographics and posters are drawn at once, and keep the posters
	// printed; nil means kept.DefaultDrawingLimits.
	Drawings *kept.Drawings
	// PublicURL is where children reach the service, for channel links, QR codes and posters.
	PublicURL string
	Log       *slog.Logger
	// Now is the survey service's clock: the day a response is dated, and whether a survey is open.
	Now func() time.Time
	// MinFillTime is the least time a person takes to fill the form in (survey.Service).
	MinFillTime time.Duration
}

// Web returns the web app's configuration over d. The settings a deployment chooses (tokens,
// limits, proxies, the form secret, metrics) are left for the caller to set.
func Web(d Deps) (site.Config, error) {
	codes := qr.New()
	posters, err := report.NewPrinter(public.Files, codes, d.Messages, d.PublicURL)
	if err != nil {
		return site.Config{}, err
	}
	// Every drawing, infographic or poster, takes turns within one set of limits.
	drawings := d.Drawings
	if drawings == nil {
		drawings = kept.NewDrawings(kept.DefaultDrawingLimits)
	}
	translations, err := newUIEdits(d.DB, d.Messages)
	if err != nil {
		return site.Config{}, err
	}
	store := d.Store
	if store == nil {
		store = d.DB
	}
	svc := &survey.Service{Surveys: d.Surveys, Store: store, Channels: d.DB, Texts: d.DB, Moderation: d.DB,
		Disclosures: d.Disclosures, Now: d.Now, MinFillTime: d.MinFillTime}
	found := &findings.Service{Surveys: d.Surveys, Counters: d.DB,
		Labels: func(lang string) findings.Labels { return web.SummaryLabels(d.Messages.Localizer(lang)) }}
	// The caches keep what they read for a second of wall-clock time, whatever day the service
	// thinks it is: that second is how long another replica's change may take to show.
	svc, found = kept.Service(svc, found, nil)
	return site.Config{
		Files:        public.Files,
		Surveys:      d.Surveys,
		Service:      svc,
		Findings:     found,
		Channels:     &channels.Service{Surveys: d.Surveys, Channels: d.DB, Counters: d.DB},
		Store:        d.DB,
		Design:       d.Design,
		Responses:    d.DB,
		Actions:      kept.NewActions(d.DB, nil),
		SignOffs:     d.DB,
		Translations: translations,
		Ready:        d.DB.Ping,
		Messages:     d.Messages,
		Log:          d.Log,
		PublicURL:    d.PublicURL,
		QR:           codes,
		Posters:      kept.BoundedPosters{Next: posters, Drawings: drawings},
		Charts:       charts{},
		Infographics: kept.NewInfographics(kept.BoundedInfographics{Next: d.Infographics, Drawings: drawings}, d.RedrawAfter, nil),
		SurveyFiles:  editor.SurveyFiles{Parse: yamlfile.Parse, Marshal: yamlfile.Marshal},
		Staff:        d.Staff,
	}, nil
}

// charts draws the children's findings page's charts with survey/chart.
type charts struct{}

var _ children.Charts = charts{}

// Findings draws the page's charts, handed over as the template shows them.
func (charts) Findings(sum *findings.Summary, dimLabel string, groupLabel func(id string) string, dir string, l *i18n.Localizer) (figures, comparisons []any) {
	fs, cs := chart.Findings(sum, chart.Dimension{Label: dimLabel, Group: groupLabel}, dir, l)
	return anys(fs), anys(cs)
}

// anys is figs as a slice of any; none is nil, as the page's "if" expects.
func anys(figs []chart.Figure) []any {
	var out []any
	for _, f := range figs {
		out = append(out, f)
	}
	return out
}
