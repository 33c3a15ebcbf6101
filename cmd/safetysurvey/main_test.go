package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey/staff"
	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// syncBuffer collects log lines written from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startMain runs the whole service on a random loopback port with its embedded store in dir.
// Its tests play many phones from one address sending JSON without opening a form first, so the
// timing check and the source limit are off unless args turn them on (a later flag wins).
func startMain(t *testing.T, dir string, logs io.Writer, args ...string) *Main {
	t.Helper()
	m := NewMain()
	if err := m.ParseFlags(append([]string{"--addr", "127.0.0.1:0", "--data-dir", dir, "--min-fill-time", "0", "--source-limit", "0"}, args...), func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	if logs == nil {
		logs = io.Discard
	}
	m.Log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatalf("run: %v", err)
	}
	return m
}

var client = &http.Client{Timeout: 10 * time.Second}

func submit(m *Main, key, body string, headers ...string) (int, map[string]any, error) {
	req, err := http.NewRequest(http.MethodPost, m.URL()+"/api/v1/surveys/community-safety/responses", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, nil
}

func responses(t *testing.T, m *Main) float64 {
	t.Helper()
	return surveyResponses(t, m, "community-safety")
}

// surveyResponses is how many responses the stats API counts for survey slug, once every
// written batch is counted.
func surveyResponses(t *testing.T, m *Main, slug string) float64 {
	t.Helper()
	if err := m.store.db.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get(m.URL() + "/api/v1/surveys/" + slug + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var stats map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		t.Fatal(err)
	}
	n, _ := stats["responses"].(float64)
	return n
}

func TestRestartKeepsAnswers(t *testing.T) {
	dir := t.TempDir()
	m := startMain(t, dir, nil)
	if status, _, err := submit(m, "restart-key-0000000001", `{"answers":{"area":"tooting","safe_home":"yes"}}`); err != nil || status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, err)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	m = startMain(t, dir, nil)
	defer m.Close()
	if got := responses(t, m); got != 1 {
		t.Fatalf("after restart: %v responses, want 1", got)
	}
	if status, body, _ := submit(m, "restart-key-0000000001", `{"answers":{"area":"tooting","safe_home":"yes"}}`); status != http.StatusOK || body["created"] != false {
		t.Errorf("resend after restart: %d %v, want 200 created=false", status, body)
	}
}

// TestAnonymity walks every path that stores or logs (the survey form without JavaScript, the
// API, a channel link, staff sign-in, staff pages, the CSV exports and the audit log) with
// identifying details on every request: an address through the trusted proxy's X-Forwarded-For,
// a user agent and a cookie, all carrying markers. None may reach any collection of the store,
// the logs or any export.
func TestAnonymity(t *testing.T) {
	logs := &syncBuffer{}
	m := startMain(t, t.TempDir(), logs, "--trusted-proxies", "127.0.0.1/32", "--admin-token", "anonymity-admin-token-0123456789abcdef")
	defer m.Close()
	const ip, agent = "203.0.113.77", "DistinctiveAgent/9.9 (marker-ua-5150)"
	secrets := []string{ip, "marker-ua-5150", "DistinctiveAgent", "marker-cookie-77"}
	ctx := context.Background()
	const password = "violet kettle harbour 42"
	if _, err := newStaffService(m.store.db, m.Now).AddUser(ctx, "admin@example.org", "Admin", []staff.Role{staff.Admin}, password); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: identifying{ip: ip, agent: agent},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var bodies strings.Builder // every page and export the walk was given
	do := func(method, path, contentType, body string, headers ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, m.URL()+path, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		bodies.Write(raw)
		if resp.StatusCode >= 400 && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s: %d", method, path, resp.StatusCode)
		}
		return resp
	}
	field := func(name string) string {
		t.Helper()
		all := regexp.MustCompile(`name="`+name+`" value="([^"]+)"`).FindAllStringSubmatch(bodies.String(), -1)
		if all == nil {
			t.Fatalf("no %s field on any page", name)
		}
		return html.UnescapeString(all[len(all)-1][1]) // from the newest page
	}

	// A channel, made through the API, and a child arriving by its link.
	do(http.MethodPost, "/api/v1/surveys/community-safety/channels", "application/json", `{"name":"Southfields Academy","setting":"school"}`,
		"Authorization", "Bearer anonymity-admin-token-0123456789abcdef")
	code := regexp.MustCompile(`"code":"([A-Z0-9]+)"`).FindStringSubmatch(bodies.String())
	if code == nil {
		t.Fatal("no channel code")
	}
	do(http.MethodGet, "/j/"+code[1], "", "")
	// The survey form with JavaScript off, then the API.
	bodies.Reset()
	do(http.MethodGet, "/s/community-safety?c="+code[1], "", "")
	form := url.Values{"key": {field("key")}, "started": {field("started")}, "lang": {"en"}, "c": {code[1]},
		"q.area": {"putney"}, "q.needs_done": {"private words from the form"}}
	do(http.MethodPost, "/s/community-safety", "application/x-www-form-urlencoded", form.Encode())
	do(http.MethodPost, "/api/v1/surveys/community-safety/responses", "application/json",
		`{"answers":{"area":"putney","needs_done":"private words from the api"},"lang":"en"}`, "Idempotency-Key", "anonymity-key-00000001")
	// Staff: a wrong password (audited), a sign-in, pages, and every download.
	do(http.MethodGet, "/staff/sign-in", "", "")
	do(http.MethodPost, "/staff/sign-in", "application/x-www-form-urlencoded", url.Values{"_csrf": {field("_csrf")}, "email": {"admin@example.org"}, "password": {"not the password"}}.Encode())
	if resp := do(http.MethodPost, "/staff/sign-in", "application/x-www-form-urlencoded", url.Values{"_csrf": {field("_csrf")}, "email": {"admin@example.org"}, "password": {password}}.Encode()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d, want 303", resp.StatusCode)
	}
	for _, path := range []string{"/staff", "/staff/audit", "/staff/audit.csv", "/staff/surveys/community-safety/channels", "/staff/surveys/community-safety/channels.csv",
		"/staff/surveys/community-safety/summary?format=csv", "/api/v1/surveys/community-safety/summary?format=csv&by=_area", "/staff/surveys/community-safety/responses/export"} {
		do(http.MethodGet, path, "", "")
	}
	do(http.MethodPost, "/staff/surveys/community-safety/responses.csv", "application/x-www-form-urlencoded",
		url.Values{"_csrf": {field("_csrf")}, "reason": {"anonymity check"}, "confirm": {"yes"}}.Encode())
	if !strings.Contains(bodies.String(), "private words from the form") || !strings.Contains(bodies.String(), "private words from the api") {
		t.Fatal("the export lacks the two responses: the walk did not store what it should have")
	}
	do(http.MethodPost, "/staff/sign-out", "application/x-www-form-urlencoded", url.Values{"_csrf": {field("_csrf")}}.Encode())

	if err := m.store.db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	dump := dumpStore(t, m)
	for _, name := range []string{"responses", "audit", "channels"} {
		if !strings.Contains(dump, name+": ") {
			t.Errorf("no %s stored: the walk missed a path that stores", name)
		}
	}
	// The client connects from 127.0.0.1 too; the logs may name the server's own listening
	// address, but the store must not hold it at all.
	for _, secret := range append(secrets, "anonymity-key", "127.0.0.1") {
		if strings.Contains(dump, secret) {
			t.Errorf("the store holds %q:\n%s", secret, dump)
		}
	}
	for _, secret := range secrets {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the logs hold %q", secret)
		}
		if strings.Contains(bodies.String(), secret) {
			t.Errorf("a page or export holds %q", secret)
		}
	}
	if strings.Contains(logs.String(), "private words") {
		t.Error("the logs hold an answer")
	}
	if !regexp.MustCompile(`"date":\s*"\d{4}-\d{2}-\d{2}"`).MatchString(dump) {
		t.Errorf("stored response has no plain date:\n%s", dump)
	}
	for _, line := range strings.Split(dump, "\n") {
		if strings.HasPrefix(line, "responses: ") && regexp.MustCompile(`\d{2}:\d{2}|\$date|\$timestamp`).MatchString(line) {
			t.Errorf("a stored response holds a time of day:\n%s", line)
		}
	}
}

// identifying sends every request as if through the trusted proxy from one address, with a
// user agent and a tracking cookie, all carrying markers.
type identifying struct{ ip, agent string }

func (i identifying) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("X-Forwarded-For", i.ip)
	req.Header.Set("X-Real-IP", i.ip)
	req.Header.Set("Forwarded", "for="+i.ip)
	req.Header.Set("User-Agent", i.agent)
	req.AddCookie(&http.Cookie{Name: "tracker", Value: "marker-cookie-77"})
	return http.DefaultTransport.RoundTrip(req)
}

// dumpStore returns every document of every collection of the service's database as JSON.
func dumpStore(t *testing.T, m *Main) string {
	t.Helper()
	c, err := driver.Connect(options.Client().ApplyURI(m.store.embedded.URI()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defer c.Disconnect(ctx)
	db := c.Database(m.Config.Database)
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, name := range names {
		cur, err := db.Collection(name).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		for cur.Next(ctx) {
			js, _ := bson.MarshalExtJSON(cur.Current, false, false)
			fmt.Fprintf(&out, "%s: %s\n", name, js)
		}
		cur.Close(ctx)
	}
	return out.String()
}

// TestGracefulShutdown submits continuously while the server stops: every submission that was
// acknowledged is stored, and every other one was refused in a way a phone retries.
func TestGracefulShutdown(t *testing.T) {
	dir := t.TempDir()
	m := startMain(t, dir, nil)
	type result struct {
		key    string
		status int
		err    error
	}
	results := make(chan result, 10000)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("shutdown-w%d-n%06d", w, i)
				status, _, err := submit(m, key, `{"answers":{"area":"balham"}}`)
				results <- result{key, status, err}
				if err != nil {
					return
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	close(stop)
	wg.Wait()
	close(results)

	var acknowledged []string
	refused := 0
	for r := range results {
		switch {
		case r.status == http.StatusCreated:
			acknowledged = append(acknowledged, r.key)
		case r.err != nil || r.status == http.StatusServiceUnavailable:
			refused++
		default:
			t.Errorf("%s: status %d, want 201, 503 or a refused connection", r.key, r.status)
		}
	}
	if len(acknowledged) == 0 {
		t.Fatal("no submission was acknowledged before shutdown")
	}
	m = startMain(t, dir, nil)
	defer m.Close()
	for _, key := range acknowledged {
		if status, body, err := submit(m, key, `{"answers":{"area":"balham"}}`); err != nil || status != http.StatusOK || body["created"] != false {
			t.Fatalf("acknowledged submission %s was lost: resend gave %d %v %v", key, status, body, err)
		}
	}
	t.Logf("%d acknowledged and all stored, %d refused during shutdown", len(acknowledged), refused)
}

// TestOversizedBodyIsRefused announces a body over the limit and sends none of it: the server
// answers from the headers alone, before reading a byte of the body. (A client that kept writing
// the body could find the connection closed under it, and never read the answer.)
func TestOversizedBodyIsRefused(t *testing.T) {
	m := startMain(t, t.TempDir(), nil)
	defer m.Close()
	u, err := url.Parse(m.URL())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "POST /api/v1/surveys/community-safety/responses HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
		"Idempotency-Key: oversized-key-00000001\r\nContent-Length: %d\r\n\r\n", u.Host, 70<<10)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d, want 413", resp.StatusCode)
	}
	if e, _ := body["error"].(map[string]any); e["code"] != "too_large" {
		t.Errorf("body = %v, want code too_large", body)
	}
}

func TestExtraSurveyDir(t *testing.T) {
	m := startMain(t, t.TempDir(), nil, "--survey-dir", "testdata/surveys")
	defer m.Close()
	resp, err := client.Get(m.URL() + "/s/youth-club")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("extra survey: status %d", resp.StatusCode)
	}
}

func TestCommandLine(t *testing.T) {
	ctx := context.Background()
	noEnv := func(string) string { return "" }
	if err := run(ctx, []string{"serve", "--help"}, noEnv); !errors.Is(err, flag.ErrHelp) || exitCode(err) != 0 {
		t.Errorf("serve --help: %v, want flag.ErrHelp and exit 0", err)
	}
	if err := run(ctx, []string{"launch"}, noEnv); exitCode(err) != 2 {
		t.Errorf("unknown command: %v (exit %d), want a usage error", err, exitCode(err))
	}
	if err := run(ctx, []string{"--log-level", "loud"}, noEnv); exitCode(err) != 2 {
		t.Errorf("bad log level: %v, want a usage error", err)
	}
	var c Config
	if _, err := c.parse("t", nil, func(k string) string {
		return map[string]string{"SAFETYSURVEY_ADDR": ":9999", "MONGODB_URI": "mongodb://x"}[k]
	}, true, io.Discard); err != nil || c.Addr != ":9999" || c.MongoURI != "mongodb://x" {
		t.Errorf("environment fallbacks: %+v %v", c, err)
	}
	if _, err := c.parse("t", []string{"--addr", ":7000"}, func(k string) string { return map[string]string{"SAFETYSURVEY_ADDR": ":9999"}[k] }, true, io.Discard); err != nil || c.Addr != ":7000" {
		t.Errorf("a flag should beat the environment: %q %v", c.Addr, err)
	}
}

func TestSurveysCheck(t *testing.T) {
	if err := checkSurveyFiles([]string{"../../public/surveys", "testdata/surveys/youth-club.yaml"}); err != nil {
		t.Errorf("shipped surveys: %v", err)
	}
	stderr := captureStderr(t, func() {
		if err := checkSurveyFiles([]string{"testdata/bad-survey.yaml"}); err == nil {
			t.Error("a bad survey passed the check")
		}
	})
	if want := "testdata/bad-survey.yaml:12: question `safe_home`: option `yes`: defined twice"; !strings.Contains(stderr, want) {
		t.Errorf("check output %q, want %q", stderr, want)
	}
	if strings.Contains(stderr, "definition.") {
		t.Errorf("check output %q shows a message id, want English words", stderr)
	}
}

func TestI18nCheck(t *testing.T) {
	var out bytes.Buffer
	if err := i18nCommand(context.Background(), []string{"check"}, noEnv, &out); err != nil {
		t.Fatalf("shipped translations fail the check: %v\n%s", err, out.String())
	}
	out.Reset()
	err := i18nCommand(context.Background(), []string{"check", "--locales", "testdata/broken-locales"}, noEnv, &out)
	if err == nil {
		t.Fatal("broken translations passed the check")
	}
	for _, want := range []string{
		"pl: bye: missing",
		"pl: extra: not in English",
		"pl: greeting: placeholders [Imie] in the other form, English has [Name]",
		`pl: items: count 0: message "items" has no plural form "many"`,
		"en: definition.defined_twice: used by the code but not in active.en.toml",
		"en: definition.unknown_field: used by the code but not in active.en.toml",
		"en: definition.phrase_misplaced_gap: used by the code but not in active.en.toml",
		"en: flagged.reason.exploitation: used by the code but not in active.en.toml",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, out.String())
		}
	}
}

func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	orig := os.Stderr
	os.Stderr = w
	f()
	os.Stderr = orig
	w.Close()
	out, _ := io.ReadAll(r)
	return string(out)
}
