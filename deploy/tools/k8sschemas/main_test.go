package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestConvert(t *testing.T) {
	dir := t.TempDir()
	n, err := convert("testdata/swagger.json", dir)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	if want := []string{"gadget-networking-v1.json", "widget-v1.json"}; n != 2 || !slices.Equal(files, want) {
		t.Fatalf("wrote %d: %v, want %v", n, files, want)
	}
	read := func(t *testing.T, name string) map[string]any {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var s map[string]any
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	t.Run("OKInlinedAndStrict", func(t *testing.T) {
		got := read(t, "widget-v1.json")
		want := map[string]any{
			"$schema":              "http://json-schema.org/draft-07/schema#",
			"type":                 "object",
			"additionalProperties": false,
			"properties": map[string]any{
				"apiVersion": map[string]any{"type": "string"},
				"kind":       map[string]any{"type": "string"},
				"spec": map[string]any{
					"type":                 "object",
					"additionalProperties": false,
					"required":             []any{"port"},
					"properties": map[string]any{
						"port":        map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}},
						"size":        map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}}},
						"labels":      map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
						"description": map[string]any{"type": "string"},
					},
				},
			},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("widget schema:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("OKRecursiveTypeInDefinitions", func(t *testing.T) {
		got := read(t, "gadget-networking-v1.json")
		props := map[string]any{
			"type":                 "object",
			"additionalProperties": false,
			"properties": map[string]any{
				"items": map[string]any{"$ref": "#/definitions/io.k8s.api.networking.v1.Props"},
				"type":  map[string]any{"type": "string"},
			},
		}
		want := map[string]any{
			"$schema":              "http://json-schema.org/draft-07/schema#",
			"type":                 "object",
			"additionalProperties": false,
			"properties":           map[string]any{"schema": props},
			"definitions":          map[string]any{"io.k8s.api.networking.v1.Props": props},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("gadget schema:\n got %v\nwant %v", got, want)
		}
	})
}

func TestConvertUnknownReference(t *testing.T) {
	swagger := filepath.Join(t.TempDir(), "swagger.json")
	spec := `{"definitions": {"io.k8s.api.core.v1.Thing": {"type": "object",
		"properties": {"spec": {"$ref": "#/definitions/io.k8s.api.core.v1.Missing"}},
		"x-kubernetes-group-version-kind": [{"group": "", "kind": "Thing", "version": "v1"}]}}}`
	if err := os.WriteFile(swagger, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := convert(swagger, t.TempDir()); err == nil {
		t.Error("a reference to a missing definition converted without error")
	}
}
