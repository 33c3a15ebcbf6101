package site_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// TestNoRouteRevealsAResponse GETs every route the app serves, with every value of its path
// parameters, as nobody, as each role and as someone holding every role, and checks that no page
// shows both free-text answers of one response. The two answers carry markers; each must be
// shown somewhere (so the test could fail), never together. The one deliberate exception is the
// admins' raw response export, which is POST only (a reason, a tick and an audit entry each time)
// and so never among the GET routes walked here; the test checks it has no GET route.
func TestNoRouteRevealsAResponse(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	version := mustSurvey(t, ta).Version
	save := func(id, first, second string) {
		r := &survey.Response{ID: id, Survey: slug, Version: version, Lang: "en", Date: "2026-11-24", Answers: survey.Answers{
			"area": {Choices: []string{"putney"}}, "age": {Choices: []string{"13_15"}}, "safe_home": {Choices: []string{"yes"}},
			"needs_done": {Text: first}, "anything_else": {Text: second}}}
		if _, err := ta.db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 11 {
		save(fmt.Sprintf("R%02d", i), fmt.Sprintf("more street lights %d", i), fmt.Sprintf("buses at night %d", i))
	}
	const alpha, bravo = "MARKERALPHA7Q", "MARKERBRAVO3K"
	save("Z", alpha+" police", bravo+" youth club")
	first, second := survey.AnswerID("Z", "needs_done"), survey.AnswerID("Z", "anything_else")
	admin := ta.addStaff(t, "first-admin@example.org", staff.Admin)
	scrutineer := ta.addStaff(t, "proposer@example.org", staff.Scrutineer)
	// One quote published, so that the public pages show an answer too.
	if err := ta.svc.ProposeQuote(ctx, slug, "needs_done", first, scrutineer.ID); err != nil {
		t.Fatal(err)
	}
	if err := ta.svc.ApproveQuote(ctx, slug, "needs_done", first, admin.ID); err != nil {
		t.Fatal(err)
	}
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	invite, err := ta.staff.Invite(ctx, admin, "new@example.org", []staff.Role{staff.Scrutineer})
	if err != nil {
		t.Fatal(err)
	}
	// A draft in the survey editor, so its pages (the preview among them) are tried too.
	draft, err := ta.design.Start(ctx, admin, slug)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string][]string{
		"slug": {slug}, "code": {"K7P3QX"}, "token": {invite}, "id": {admin.ID, draft.ID()}, "name": {"app.css"},
		"question": {"needs_done", "anything_else"}, "answer": {first, second}, "q": {"needs_done"}, "n": {"1"},
		"lang": {"pl"}, "set": {"ui", "survey:" + slug},
	}
	var targets []string
	param := regexp.MustCompile(`:(\w+)`)
	for _, r := range ta.app.GetRoutes(true) {
		if strings.HasSuffix(r.Path, "/responses.csv") && r.Method != http.MethodPost {
			t.Errorf("the raw response export answers %s; it must be POST only", r.Method)
		}
		if r.Method != http.MethodGet {
			continue
		}
		paths := []string{r.Path}
		for _, name := range param.FindAllStringSubmatch(r.Path, -1) {
			vals, ok := values[name[1]]
			if !ok {
				t.Fatalf("route %s: no value for :%s", r.Path, name[1])
			}
			var filled []string
			for _, p := range paths {
				for _, v := range vals {
					filled = append(filled, strings.Replace(p, name[0], v, 1))
				}
			}
			paths = filled
		}
		targets = append(targets, paths...)
	}

	people := map[string]string{"nobody": "", "every role": "all@example.org"}
	ta.addStaff(t, "all@example.org", staff.Roles...)
	for _, role := range staff.Roles {
		people[string(role)] = "as-" + string(role) + "@example.org"
		ta.addStaff(t, people[string(role)], role)
	}
	seen := map[string]bool{}
	for who, email := range people {
		b := newBrowser(ta)
		if email != "" {
			b = ta.signIn(t, email)
		}
		for _, target := range targets {
			resp, doc := b.get(t, target)
			body, err := doc.Html()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode >= 500 {
				t.Errorf("GET %s as %s: status %d", target, who, resp.StatusCode)
			}
			hasAlpha, hasBravo := strings.Contains(body, alpha), strings.Contains(body, bravo)
			seen[alpha] = seen[alpha] || hasAlpha
			seen[bravo] = seen[bravo] || hasBravo
			if hasAlpha && hasBravo {
				t.Errorf("GET %s as %s shows both answers of one response", target, who)
			}
		}
	}
	if !seen[alpha] || !seen[bravo] {
		t.Errorf("markers seen: %v; each answer should be shown somewhere, or this test proves nothing", seen)
	}
}
