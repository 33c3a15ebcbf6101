package channels

import "testing"

func TestLocalOnlyURL(t *testing.T) {
	for url, want := range map[string]bool{
		"http://localhost:8080":         true,
		"http://LOCALHOST.:8080":        true,
		"http://127.0.0.1:41234":        true,
		"http://[::1]:8080":             true,
		"http://0.0.0.0:8080":           true,
		"http://app.localhost":          true,
		"http://192.168.1.20:8080":      false,
		"https://survey.example.org":    false,
		"https://localhost.example.org": false,
		"::not a url":                   false,
	} {
		if got := LocalOnlyURL(url); got != want {
			t.Errorf("LocalOnlyURL(%q) = %v, want %v", url, got, want)
		}
	}
}
