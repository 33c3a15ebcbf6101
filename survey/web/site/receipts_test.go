package site_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestAPIReceipts: a 201 says where its response can be confirmed, and that address confirms it
// is stored and says nothing else; a key sent again with other answers is refused.
func TestAPIReceipts(t *testing.T) {
	ta := newTestApp(t)
	target := "/api/v1/surveys/" + slug + "/responses"
	valid := `{"answers":{"area":"putney","safe_area":"safe","needs_done":"lights"},"lang":"en"}`
	resp, body := ta.postJSON(t, target, "receipt-key-0000000001", valid)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("status %d body %v, want 201", resp.StatusCode, body)
	}
	id, _ := body["id"].(string)
	location := resp.Header.Get("Location")

	t.Run("LocationNamesTheResponse", func(t *testing.T) {
		if want := target + "/" + id; location != want {
			t.Errorf("Location %q, want %q", location, want)
		}
	})
	t.Run("ReplayHasNoLocation", func(t *testing.T) {
		resp, _ := ta.postJSON(t, target, "receipt-key-0000000001", valid)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Location") != "" {
			t.Errorf("replay: status %d Location %q, want 200 and none", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
	t.Run("ReceiptSaysOnlyStored", func(t *testing.T) {
		resp, raw := ta.do(t, httptest.NewRequest(http.MethodGet, location, nil))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d (%s), want 200", resp.StatusCode, raw)
		}
		var got map[string]any
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got["id"] != id || got["stored"] != true {
			t.Errorf("receipt %v, want exactly id %s and stored true", got, id)
		}
		if got, want := resp.Header.Get("Cache-Control"), "no-store"; got != want {
			t.Errorf("Cache-Control %q, want %q", got, want)
		}
	})
	t.Run("ErrUnknownReceipt", func(t *testing.T) {
		for _, path := range []string{
			target + "/AAAAAAAAAAAAAAAAAAAAAAAA",
			target + "/not-an-id",
			"/api/v1/surveys/no-such-survey/responses/" + id,
		} {
			resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, path, nil))
			if got, want := resp.StatusCode, http.StatusNotFound; got != want {
				t.Errorf("GET %s: status %d, want %d", path, got, want)
			}
		}
	})
	t.Run("ErrKeyReused", func(t *testing.T) {
		resp, body := ta.postJSON(t, target, "receipt-key-0000000001", `{"answers":{"area":"balham"},"lang":"en"}`)
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status %d body %v, want %d", got, body, want)
		}
		detail, _ := body["error"].(map[string]any)
		if detail["code"] != "idempotency_key_reused" || detail["message_id"] != "error.key_reused" {
			t.Errorf("error %v, want code idempotency_key_reused", detail)
		}
		if got := ta.count(t); got != 1 {
			t.Errorf("count %d, want the first response only", got)
		}
	})
}

// TestSubmitFormKeyReused: the form sent again with other answers under the same key is refused
// with the form back, every answer kept, and the first answers stay stored.
func TestSubmitFormKeyReused(t *testing.T) {
	ta := newTestApp(t)
	form := url.Values{"key": {"form-reuse-key-000001"}, "lang": {"en"}, "q.area": {"putney"}, "q.safe_home": {"yes"}}
	if resp, _ := ta.postForm(t, "/s/"+slug, form); resp.StatusCode != http.StatusOK {
		t.Fatalf("first send: status %d, want 200 (the thank-you page in place)", resp.StatusCode)
	}
	form.Set("q.area", "balham")
	resp, doc := ta.postForm(t, "/s/"+slug, form)
	if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
		t.Fatalf("second send: status %d, want %d", got, want)
	}
	if got := strings.TrimSpace(doc.Find("#problem[role=alert]").Text()); !strings.Contains(got, "already sent different answers") {
		t.Errorf("problem %q, want it to say the answers were already sent", got)
	}
	if _, checked := doc.Find("#a-area-balham").Attr("checked"); !checked {
		t.Error("the changed answer was not kept in the form")
	}
	if got := ta.count(t); got != 1 {
		t.Errorf("count %d, want the first send only", got)
	}
}
