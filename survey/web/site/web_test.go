package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/cmd/safetysurvey/wire"
	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
	"github.com/safeguarding/safetysurvey/survey/report"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/staff/argon2id"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
	"github.com/safeguarding/safetysurvey/survey/web/site"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

func TestMain(m *testing.M) {
	os.Exit(mongotest.Main(m))
}

const (
	slug       = "community-safety"
	publicURL  = "https://survey.example.org"
	adminToken = "test-admin-token-0123456789"
)

// testApp is the real app over the real store, with the built-in surveys.
type testApp struct {
	app     *fiber.App
	svc     *survey.Service
	db      *mongo.DB
	dbName  string // for tests that read every collection, see rawStore
	surveys *survey.Catalog
	logs    *bytes.Buffer
	today   time.Time
	// clock is the staff area's time: sessions, sign-in codes and invitations.
	clock  time.Time
	staff  *staff.Service
	design *design.Service
}

func newTestApp(t *testing.T, change ...func(*survey.Survey)) *testApp {
	t.Helper()
	return newApp(t, public.Files, "surveys", func(*site.Config) {}, change...)
}

// newConfiguredApp is newTestApp with the web configuration changed by configure first.
func newConfiguredApp(t *testing.T, configure func(*site.Config), change ...func(*survey.Survey)) *testApp {
	t.Helper()
	return newApp(t, public.Files, "surveys", configure, change...)
}

// newTestAppFrom is newTestApp with the surveys in dir of fsys instead of the built-in ones.
func newTestAppFrom(t *testing.T, fsys fs.FS, dir string, change ...func(*survey.Survey)) *testApp {
	t.Helper()
	return newApp(t, fsys, dir, func(*site.Config) {}, change...)
}

// sharedInfographics is one findings renderer for every test app: loading its fonts takes a while.
var sharedInfographics = sync.OnceValues(func() (*report.Renderer, error) {
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		return nil, err
	}
	return report.New(messages)
})

// sharedMessages is the UI catalogue every test app starts from, and sharedDisclosures the
// safeguarding lexicons: parsing them took most of a test's second under the race detector.
// The lexicons never change once loaded. The catalogue changes only by edits, which wire.Web
// lays over it from the app's own database, new and so without edits for every app: no test
// sees another's edits. (A test that edits strings must not run in parallel with others.)
var (
	sharedMessages    = sync.OnceValues(func() (*i18n.Catalog, error) { return i18n.Load(public.Files, "locales") })
	sharedDisclosures = sync.OnceValues(func() (*freetext.DisclosureTerms, error) {
		return freetext.LoadDisclosureTerms(public.Files, "safeguarding")
	})
)

func newApp(t testing.TB, fsys fs.FS, dir string, configure func(*site.Config), change ...func(*survey.Survey)) *testApp {
	t.Helper()
	surveys, err := yamlfile.LoadDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range surveys {
		for _, c := range change {
			c(s)
		}
	}
	catalog, err := survey.NewCatalog(surveys...)
	if err != nil {
		t.Fatal(err)
	}
	messages, err := sharedMessages()
	if err != nil {
		t.Fatal(err)
	}
	disclosures, err := sharedDisclosures()
	if err != nil {
		t.Fatal(err)
	}
	ta := &testApp{dbName: mongotest.DatabaseName(t), surveys: catalog, logs: &bytes.Buffer{}, today: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
	ta.clock = ta.today
	if ta.db, err = mongo.Open(context.Background(), mongotest.URI(), ta.dbName, mongotest.Logger()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ta.db.Close(context.Background()) })
	staffNow := func() time.Time { return ta.clock }
	ta.staff = &staff.Service{Store: ta.db, Hasher: argon2id.New(argon2id.Params{Memory: 64, Time: 1, Threads: 1}, 4), Now: staffNow}
	ta.design = &design.Service{Store: ta.db, Definitions: ta.db, Catalog: catalog, Audit: ta.staff, Policy: design.DefaultPolicy, Now: staffNow}
	infographics, err := sharedInfographics()
	if err != nil {
		t.Fatal(err)
	}
	// The app as cmd/safetysurvey wires it, with the test's clocks and a log to read.
	cfg, err := wire.Web(wire.Deps{DB: ta.db, Surveys: catalog, Messages: messages, Disclosures: disclosures,
		Design: ta.design, Infographics: infographics, PublicURL: publicURL,
		Log: slog.New(slog.NewJSONHandler(ta.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now: func() time.Time { return ta.today },
		Staff: backoffice.StaffConfig{Service: ta.staff, Sessions: ta.db.SessionStorage(staffNow), SecureCookies: true,
			IdleTimeout: 30 * time.Minute, MaxAge: 12 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	ta.svc = cfg.Service
	cfg.AdminToken = adminToken
	configure(&cfg)
	ta.app, err = site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ta
}

// do sends req to the app; every exchange under /api/v1 is held to public/openapi.json.
func (ta *testApp) do(t testing.TB, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := ta.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	body, _ := io.ReadAll(resp.Body)
	if strings.HasPrefix(req.URL.Path, "/api/v1/") {
		checkAgainstDescription(t, req, reqBody, resp, body)
	}
	return resp, body
}

func (ta *testApp) get(t *testing.T, target string, headers ...string) (*http.Response, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, body := ta.do(t, req)
	return resp, parse(t, body)
}

func (ta *testApp) postForm(t *testing.T, target string, form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := ta.do(t, req)
	return resp, parse(t, body)
}

func (ta *testApp) postJSON(t *testing.T, target, key, body string) (*http.Response, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, raw := ta.do(t, req)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON: %s", raw)
	}
	return resp, out
}

func (ta *testApp) count(t *testing.T) int64 {
	t.Helper()
	if err := ta.db.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	c, err := ta.db.Counts(context.Background(), slug, 1)
	if err != nil {
		t.Fatal(err)
	}
	return c.Responses
}

func parse(t *testing.T, body []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func formKey(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	key, ok := doc.Find(`form#survey input[name="key"]`).Attr("value")
	if !ok || !survey.ValidKey(key) {
		t.Fatalf("form has no valid submission key: %q", key)
	}
	return key
}

func TestSurveyPage(t *testing.T) {
	ta := newTestApp(t)
	resp, doc := ta.get(t, "/s/"+slug)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
		t.Errorf("lang = %q, want en", lang)
	}
	if got := doc.Find("form#survey fieldset.q").Length(); got != 13 {
		t.Errorf("%d question fieldsets, want 13", got)
	}
	doc.Find("fieldset.q").Each(func(i int, f *goquery.Selection) {
		if strings.TrimSpace(f.Find("legend").Text()) == "" {
			t.Errorf("fieldset %d has no legend", i)
		}
	})
	doc.Find("form#survey input[type=radio], form#survey input[type=checkbox], form#survey textarea").Each(func(_ int, in *goquery.Selection) {
		id, _ := in.Attr("id")
		if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("input %s has no label", id)
		}
	})
	if doc.Find(`input[name="q.safe_home"][value="prefer_not_to_say"]`).Length() != 1 {
		t.Error("sensitive question lacks the prefer-not-to-say option")
	}
	// The help link stays on the page, where the same help is, so following it loses no answer.
	if doc.Find("a#exit").Length() != 1 || doc.Find(`a.help-link[href="#help"]`).Length() != 1 ||
		doc.Find(`section#help a[href="tel:08001111"]`).Length() != 1 {
		t.Error("page lacks the quick exit, the help link or the help it leads to")
	}
	formKey(t, doc)
	for header, want := range map[string]string{
		"Cache-Control":          "no-store",
		"Referrer-Policy":        "no-referrer",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	// Nothing on the page loads from another origin ("data:," is the empty icon that spares a
	// request for /favicon.ico).
	doc.Find("script[src], link[href], img[src], iframe").Each(func(_ int, s *goquery.Selection) {
		src := s.AttrOr("src", s.AttrOr("href", ""))
		if src != "data:," && (!strings.HasPrefix(src, "/") || strings.HasPrefix(src, "//")) {
			t.Errorf("page loads %q from outside the service", src)
		}
	})
}

func TestSurveyPageChannelAndLanguage(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	_, doc := ta.get(t, "/s/"+slug+"?c=k7p3qx")
	if got, _ := doc.Find(`input[name="c"]`).Attr("value"); got != "K7P3QX" {
		t.Errorf("channel = %q, want K7P3QX", got)
	}
	_, doc = ta.get(t, "/s/"+slug+"?c=<bad>")
	if doc.Find(`input[name="c"]`).Length() != 0 {
		t.Error("an invalid channel code should be left out, not rejected")
	}
	_, doc = ta.get(t, "/s/"+slug+"?lang=zz", "Accept-Language", "zz-ZZ")
	if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
		t.Errorf("unoffered language gave lang=%q, want the survey default en", lang)
	}
}

func TestSubmitForm(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	_, doc := ta.get(t, "/s/"+slug)
	form := url.Values{"key": {formKey(t, doc)}, "lang": {"en"}, "c": {"K7P3QX"},
		"q.area": {"putney"}, "q.feel_safer": {"cctv", "lighting"}, "q.needs_done": {"More lights in the park"}}

	resp, doc := ta.postForm(t, "/s/"+slug, form)
	if resp.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Thank you!" || resp.Header.Get("Location") != "" {
		t.Fatalf("status %d heading %q location %q, want the thank-you page in place", resp.StatusCode, doc.Find("h1").Text(), resp.Header.Get("Location"))
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	if doc.Find(".concern:not([hidden])").Length() != 0 {
		t.Error("concern message shown without a concern")
	}
	if got := ta.count(t); got != 1 {
		t.Fatalf("count = %d, want 1", got)
	}
	stored, err := ta.db.Response(context.Background(), slug, survey.ResponseID(slug, form.Get("key")))
	if err != nil {
		t.Fatal(err)
	}
	if stored.Channel != "K7P3QX" || stored.Date != "2026-11-24" || stored.Answers["needs_done"].Text != "More lights in the park" || len(stored.Answers["feel_safer"].Choices) != 2 {
		t.Errorf("stored = %+v", stored)
	}

	t.Run("OKDoubleTapStoresOnce", func(t *testing.T) {
		resp, doc := ta.postForm(t, "/s/"+slug, form)
		if resp.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Thank you!" {
			t.Fatalf("resubmit status = %d heading %q, want the thank-you page again", resp.StatusCode, doc.Find("h1").Text())
		}
		if got := ta.count(t); got != 1 {
			t.Errorf("count = %d after resubmitting, want 1", got)
		}
	})
	t.Run("OKConcernBringsHelp", func(t *testing.T) {
		f := url.Values{"key": {"concern-key-000000001"}, "lang": {"en"}, "q.safe_home": {"no"}}
		resp, doc := ta.postForm(t, "/s/"+slug, f)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Location") != "" {
			t.Fatalf("status %d location %q, want the thank-you page at the survey's own address", resp.StatusCode, resp.Header.Get("Location"))
		}
		if doc.Find(".concern:not([hidden])").Length() != 1 || !strings.Contains(doc.Find(".support").Text(), "0800 1111") {
			t.Error("thank-you page after a concern lacks the calm message or Childline")
		}
	})
	t.Run("OKDisclosureInTextBringsHelp", func(t *testing.T) {
		f := url.Values{"key": {"disclosure-key-000001"}, "lang": {"en"}, "q.anything_else": {"my brother hits me"}}
		resp, doc := ta.postForm(t, "/s/"+slug, f)
		if resp.StatusCode != http.StatusOK || doc.Find(".concern:not([hidden])").Length() != 1 {
			t.Fatalf("status %d, %d concern messages, want the thank-you page with help", resp.StatusCode, doc.Find(".concern:not([hidden])").Length())
		}
	})
	t.Run("OKThanksAlwaysShowsHelp", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"/thanks?lang=en")
		if doc.Find(".concern:not([hidden])").Length() != 0 {
			t.Error("concern message shown without a concern")
		}
		text := doc.Find(".support").Text()
		for _, want := range []string{"0800 1111", "999", "Shout", "The Mix"} {
			if !strings.Contains(text, want) {
				t.Errorf("thank-you page support lacks %q", want)
			}
		}
	})
}

func TestSubmitFormKeepsAnswersOnError(t *testing.T) {
	ta := newTestApp(t)
	form := url.Values{"key": {"keep-answers-key-0001"}, "lang": {"en"},
		"q.area": {"atlantis"}, "q.age": {"age_12_13"}, "q.feel_safer": {"cctv", "lighting", "police", "youth_clubs"},
		"q.safe_home": {"yes"}, "q.needs_done": {"Lights & <b>safer</b> buses"}}
	resp, doc := ta.postForm(t, "/s/"+slug, form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422", resp.StatusCode)
	}
	if got := strings.TrimSpace(doc.Find("#q-area-error").Text()); got != "Please choose one of the answers shown." {
		t.Errorf("area error = %q", got)
	}
	if got := strings.TrimSpace(doc.Find("#q-feel_safer-error").Text()); got != "Please choose no more than 3." {
		t.Errorf("feel_safer error = %q", got)
	}
	if doc.Find("#problem[role=alert] a[href='#q-area']").Length() != 1 {
		t.Error("error summary does not link to the question")
	}
	for _, id := range []string{"a-age-age_12_13", "a-safe_home-yes", "a-feel_safer-cctv", "a-feel_safer-youth_clubs"} {
		if _, checked := doc.Find("#" + id).Attr("checked"); !checked {
			t.Errorf("%s lost its answer", id)
		}
	}
	if got := doc.Find("#a-needs_done").Text(); got != "Lights & <b>safer</b> buses" {
		t.Errorf("text answer = %q, want it kept exactly", got)
	}
	if got, _ := doc.Find(`input[name="key"]`).Attr("value"); got != "keep-answers-key-0001" {
		t.Errorf("key = %q, want the same key so a resend stores once", got)
	}
	if ta.count(t) != 0 {
		t.Error("an invalid form was stored")
	}
}

func TestSubmitFormEmpty(t *testing.T) {
	ta := newTestApp(t)
	resp, doc := ta.postForm(t, "/s/"+slug, url.Values{"key": {"empty-form-key-000001"}, "lang": {"en"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("#problem").Text(), "at least one question") {
		t.Fatalf("status %d, problem %q", resp.StatusCode, doc.Find("#problem").Text())
	}
}

func TestAPICreateResponse(t *testing.T) {
	ta := newTestApp(t)
	target := "/api/v1/surveys/" + slug + "/responses"
	valid := `{"answers":{"area":"putney","feel_safer":["cctv","lighting"],"safe_area":"safe","needs_done":"lights"},"lang":"en","channel":"K7P3QX"}`

	resp, body := ta.postJSON(t, target, "api-key-0000000000001", valid)
	if resp.StatusCode != http.StatusCreated || body["created"] != true || body["offer_help"] != false {
		t.Fatalf("status %d body %v, want 201 created, no help offered", resp.StatusCode, body)
	}
	id := body["id"]
	resp, body = ta.postJSON(t, target, "api-key-0000000000001", valid)
	if resp.StatusCode != http.StatusOK || body["id"] != id || body["created"] != false || body["offer_help"] != false {
		t.Fatalf("replay: status %d body %v, want 200 with the same id", resp.StatusCode, body)
	}
	if ta.count(t) != 1 {
		t.Fatalf("count = %d after a replay, want 1", ta.count(t))
	}

	tests := []struct {
		name, key, contentType, body string
		status                       int
		code, field                  string
		fields                       map[string]string
	}{
		{name: "ErrUnknownOption", body: `{"answers":{"area":"atlantis"}}`, status: 422, code: "invalid", fields: map[string]string{"area": "error.unknown_option"}},
		{name: "ErrUnknownQuestion", body: `{"answers":{"shoe_size":"9","area":"putney"}}`, status: 422, code: "invalid", fields: map[string]string{"shoe_size": "error.unknown_question"}},
		{name: "ErrTooManyChoices", body: `{"answers":{"feel_safer":["cctv","lighting","police","youth_clubs"]}}`, status: 422, code: "invalid", fields: map[string]string{"feel_safer": "error.too_many_choices"}},
		{name: "ErrTextTooLong", body: `{"answers":{"needs_done":"` + strings.Repeat("x", 1001) + `"}}`, status: 422, code: "invalid", fields: map[string]string{"needs_done": "error.text_too_long"}},
		{name: "ErrBadValueAndOthers", body: `{"answers":{"area":42,"age":"age_99"}}`, status: 422, code: "invalid", fields: map[string]string{"area": "error.bad_value", "age": "error.unknown_option"}},
		{name: "ErrListForText", body: `{"answers":{"needs_done":["a"]}}`, status: 422, code: "invalid", fields: map[string]string{"needs_done": "error.bad_value"}},
		{name: "ErrEmpty", body: `{"answers":{}}`, status: 422, code: "invalid"},
		{name: "ErrMalformed", body: `{"answers":`, status: 400, code: "bad_request"},
		{name: "ErrUnknownField", body: `{"answers":{},"ip":"1.2.3.4"}`, status: 400, code: "bad_request", field: "ip"},
		{name: "ErrTrailingData", body: `{"answers":{"area":"putney"}} {}`, status: 400, code: "bad_request"},
		{name: "ErrNoKey", key: "-", body: valid, status: 400, code: "bad_request", field: "Idempotency-Key"},
		{name: "ErrShortKey", key: "abc", body: valid, status: 400, code: "bad_request", field: "Idempotency-Key"},
		{name: "ErrContentType", contentType: "text/plain", body: valid, status: 415, code: "unsupported_media_type", field: "Content-Type"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := tt.key
			switch key {
			case "":
				key = "table-key-00000000" + string(rune('a'+i))
			case "-":
				key = ""
			}
			req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			resp, raw := ta.do(t, req)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, raw)
			}
			var out struct {
				Error struct {
					Code, Message, Field string
					MessageID            string `json:"message_id"`
					Fields               []struct {
						Question  string
						Message   string
						MessageID string `json:"message_id"`
					}
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatalf("error body is not JSON: %s", raw)
			}
			if out.Error.Code != tt.code || out.Error.Message == "" || out.Error.Field != tt.field {
				t.Errorf("error = %+v, want code %q field %q and a message", out.Error, tt.code, tt.field)
			}
			got := map[string]string{}
			for _, f := range out.Error.Fields {
				got[f.Question] = f.MessageID
				if f.Message == "" || f.Message == f.MessageID {
					t.Errorf("field %s has no translated message", f.Question)
				}
			}
			for q, m := range tt.fields {
				if got[q] != m {
					t.Errorf("field %s = %q, want %q (all: %v)", q, got[q], m, got)
				}
			}
		})
	}
	if ta.count(t) != 1 {
		t.Errorf("count = %d after only invalid requests, want 1", ta.count(t))
	}
	t.Run("OKOfferHelp", func(t *testing.T) {
		for _, tt := range []struct{ name, key, body string }{
			{"ConcernAnswer", "api-help-key-00000001", `{"answers":{"safe_home":"no"},"lang":"en"}`},
			{"FlaggedText", "api-help-key-00000002", `{"answers":{"anything_else":"my brother hits me"},"lang":"en"}`},
		} {
			for _, want := range []int{http.StatusCreated, http.StatusOK} {
				resp, body := ta.postJSON(t, target, tt.key, tt.body)
				if resp.StatusCode != want || body["offer_help"] != true {
					t.Errorf("%s: status %d body %v, want %d with offer_help true", tt.name, resp.StatusCode, body, want)
				}
			}
		}
	})
}

func TestAPIUnknownSurvey(t *testing.T) {
	ta := newTestApp(t)
	resp, body := ta.postJSON(t, "/api/v1/surveys/nope/responses", "unknown-survey-key-01", `{"answers":{"a":"b"}}`)
	if resp.StatusCode != http.StatusNotFound || body["error"].(map[string]any)["code"] != "not_found" {
		t.Errorf("status %d body %v, want 404 not_found", resp.StatusCode, body)
	}
	resp, doc := ta.get(t, "/s/nope")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(doc.Find("main").Text(), "find that survey") || doc.Find(".support").Length() != 1 {
		t.Errorf("unknown survey page: status %d, text %q", resp.StatusCode, doc.Find("main").Text())
	}
}

func TestClosedSurvey(t *testing.T) {
	ta := newTestApp(t, func(s *survey.Survey) { s.Closes, s.Published = "2026-11-23", false })
	resp, doc := ta.get(t, "/s/"+slug)
	if resp.StatusCode != http.StatusGone || !strings.Contains(doc.Find("h1").Text(), "closed") {
		t.Errorf("closed survey page: status %d, h1 %q", resp.StatusCode, doc.Find("h1").Text())
	}
	r, body := ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", "closed-survey-key-001", `{"answers":{"area":"putney"}}`)
	if r.StatusCode != http.StatusGone || body["error"].(map[string]any)["code"] != "closed" {
		t.Errorf("closed survey API: status %d body %v", r.StatusCode, body)
	}
	resp, doc = ta.postForm(t, "/s/"+slug, url.Values{"key": {"closed-form-key-00001"}, "q.area": {"putney"}})
	if resp.StatusCode != http.StatusGone || !strings.Contains(doc.Find("h1").Text(), "closed") {
		t.Errorf("closed survey form: status %d", resp.StatusCode)
	}
}

func TestStatsAndHealth(t *testing.T) {
	ta := newTestApp(t)
	for i := range 3 {
		key := "stats-key-00000000" + string(rune('a'+i))
		if resp, _ := ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", key, `{"answers":{"area":"putney"}}`); resp.StatusCode != http.StatusCreated {
			t.Fatalf("submit %d: %d", i, resp.StatusCode)
		}
	}
	ta.count(t) // waits until the counters are up to date
	resp, raw := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/stats", nil))
	var stats map[string]any
	_ = json.Unmarshal(raw, &stats)
	if resp.StatusCode != http.StatusOK || stats["responses"] != float64(3) || stats["suspect"] != float64(0) || stats["survey"] != slug {
		t.Errorf("stats: %d %s", resp.StatusCode, raw)
	}
	// Staff see which languages no native speaker has reviewed: English is, the drafts are not.
	reviewed := map[string][2]bool{}
	for _, l := range stats["languages"].([]any) {
		l := l.(map[string]any)
		reviewed[l["code"].(string)] = [2]bool{l["text_reviewed"].(bool), l["ui_reviewed"].(bool)}
	}
	if len(reviewed) != 11 || reviewed["en"] != [2]bool{true, true} || reviewed["ar"] != [2]bool{false, false} {
		t.Errorf("languages in stats: %v", reviewed)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, path, nil)); resp.StatusCode != http.StatusOK {
			t.Errorf("%s = %d", path, resp.StatusCode)
		}
	}
	if err := ta.db.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp, _ = ta.do(t, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("readyz with the store gone = %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestStoreDownKeepsAnswers: when the store cannot be reached, a phone's form comes back with
// every answer and a 503 to retry, and the API answers 503 with Retry-After; nothing is acknowledged.
func TestStoreDownKeepsAnswers(t *testing.T) {
	ta := newTestApp(t)
	if err := ta.db.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp, doc := ta.postForm(t, "/s/"+slug, url.Values{"key": {"store-down-key-000001"}, "lang": {"en"}, "q.area": {"putney"}, "q.needs_done": {"keep me"}})
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, want 503 with Retry-After", resp.StatusCode)
	}
	if _, checked := doc.Find("#a-area-putney").Attr("checked"); !checked || doc.Find("#a-needs_done").Text() != "keep me" {
		t.Error("answers lost when the store was down")
	}
	r, body := ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", "store-down-key-000002", `{"answers":{"area":"putney"}}`)
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || body["error"].(map[string]any)["code"] != "unavailable" {
		t.Errorf("API with store down: %d %v", r.StatusCode, body)
	}
}

func TestHelpPageAndErrors(t *testing.T) {
	ta := newTestApp(t)
	resp, doc := ta.get(t, "/s/"+slug+"/help?lang=en")
	if resp.StatusCode != http.StatusOK || doc.Find(`a[href="tel:08001111"]`).Length() != 1 || doc.Find(`a[href="tel:999"]`).Length() != 1 {
		t.Errorf("help page: %d, lacks tel links", resp.StatusCode)
	}
	resp, doc = ta.get(t, "/no/such/page")
	if resp.StatusCode != http.StatusNotFound || doc.Find("a#exit").Length() != 1 {
		t.Errorf("404 page: %d, want the layout with the exit button", resp.StatusCode)
	}
	if resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, "/", nil)); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/s/"+slug {
		t.Errorf("home redirect = %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestLogsHoldNoAnswers(t *testing.T) {
	ta := newTestApp(t)
	ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", "log-check-key-0000001", `{"answers":{"needs_done":"SECRET-ANSWER-TEXT","area":"putney"}}`)
	ta.postForm(t, "/s/"+slug, url.Values{"key": {"log-check-key-0000002"}, "q.needs_done": {"SECRET-ANSWER-TEXT"}, "q.area": {"atlantis"}})
	if ta.logs.Len() == 0 {
		t.Fatal("no request was logged")
	}
	for _, secret := range []string{"SECRET-ANSWER-TEXT", "atlantis", "putney", "log-check-key"} {
		if strings.Contains(ta.logs.String(), secret) {
			t.Errorf("logs contain %q:\n%s", secret, ta.logs.String())
		}
	}
}
