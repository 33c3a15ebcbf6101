package site_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"
)

// TestChannelListPages: the channels list gives pages of ?limit= channels, each pointing to the
// next with a Link header, until every channel has been listed once, in order.
func TestChannelListPages(t *testing.T) {
	ta := newTestApp(t)
	target := "/api/v1/surveys/" + slug + "/channels"
	var created []string
	for i := range 5 {
		resp, body := ta.api(t, http.MethodPost, target, fmt.Sprintf(`{"name":"School %d","setting":"school","area":"Putney"}`, i))
		var ch struct{ Code string }
		if err := json.Unmarshal(body, &ch); err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		created = append(created, ch.Code)
	}
	type page struct {
		Channels []struct{ Code, Name string }
		Total    struct{ Channels int }
	}
	next := regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

	t.Run("OKPagesThroughAll", func(t *testing.T) {
		var listed []string
		link := target + "?limit=2"
		for pages := 0; link != ""; pages++ {
			if pages > 5 {
				t.Fatalf("more pages than channels: %v", listed)
			}
			resp, body := ta.api(t, http.MethodGet, link, "")
			var p page
			if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", link, resp.StatusCode, body)
			}
			if len(p.Channels) > 2 {
				t.Errorf("GET %s: %d channels, want at most 2", link, len(p.Channels))
			}
			for _, ch := range p.Channels {
				listed = append(listed, ch.Code)
			}
			link = ""
			if m := next.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
				link = m[1]
			} else if h := resp.Header.Get("Link"); h != "" {
				t.Fatalf("Link %q is not a rel=next link", h)
			}
		}
		// Created in name order, so listed in that order.
		if !slices.Equal(listed, created) {
			t.Errorf("listed %v, want %v", listed, created)
		}
	})
	t.Run("OKOnePageWithoutLimit", func(t *testing.T) {
		resp, body := ta.api(t, http.MethodGet, target, "")
		var p page
		if err := json.Unmarshal(body, &p); err != nil || len(p.Channels) != 5 || resp.Header.Get("Link") != "" {
			t.Errorf("%d channels, Link %q; want all 5 and no next page", len(p.Channels), resp.Header.Get("Link"))
		}
	})
	for name, query := range map[string]string{"ErrBadLimit": "?limit=lots", "ErrZeroLimit": "?limit=0", "ErrUnknownAfter": "?after=NOSUCH"} {
		t.Run(name, func(t *testing.T) {
			resp, body := ta.api(t, http.MethodGet, target+query, "")
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s: %d %s, want 400", query, resp.StatusCode, body)
			}
		})
	}
}
