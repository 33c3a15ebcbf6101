// Command k8sschemas turns the definitions in Kubernetes' api/openapi-spec/swagger.json into the
// standalone strict JSON schemas that kubeconform reads with -schema-location, one file per kind and
// API version, named as kubeconform looks them up: {kind}-{group}-{version}.json in lower case, with
// the group cut at its first dot and left out for the core group (deployment-apps-v1.json,
// service-v1.json). Standalone: every $ref is inlined, except those a type makes to itself
// through its fields, which point into the file's own definitions. Strict: an object with
// properties takes no others, so a misspelt field fails. deploy/check runs it on the swagger.json
// of the k8s.io/kubernetes module, so no schema has to be downloaded from elsewhere.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	swagger := flag.String("swagger", "", "path of Kubernetes' api/openapi-spec/swagger.json")
	out := flag.String("out", "", "folder to write the schemas to")
	flag.Parse()
	if *swagger == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	n, err := convert(*swagger, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "k8sschemas:", err)
		os.Exit(1)
	}
	fmt.Printf("k8sschemas: %d schemas in %s\n", n, *out)
}

const refPrefix = "#/definitions/"

// lenient holds the types whose JSON form is looser than swagger.json says: a quantity may be
// written as a number (cpu: 2), as the API server's own decoder accepts.
var lenient = map[string]any{
	"io.k8s.apimachinery.pkg.api.resource.Quantity": map[string]any{"oneOf": []any{
		map[string]any{"type": "string"}, map[string]any{"type": "number"},
	}},
}

// intOrString replaces the format int-or-string, which JSON Schema does not know, with what it means.
var intOrString = map[string]any{"oneOf": []any{
	map[string]any{"type": "string"}, map[string]any{"type": "integer"},
}}

// convert writes a schema for every kind in the swagger file to dir and returns how many it wrote.
func convert(swaggerPath, dir string) (int, error) {
	data, err := os.ReadFile(swaggerPath)
	if err != nil {
		return 0, err
	}
	var spec struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return 0, fmt.Errorf("%s: %w", swaggerPath, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	written := map[string]string{} // file name → definition, to catch two kinds mapped to one file
	for _, name := range sortedKeys(spec.Definitions) {
		gvks, err := groupVersionKinds(spec.Definitions[name])
		if err != nil {
			return 0, fmt.Errorf("definition %s: %w", name, err)
		}
		if len(gvks) == 0 {
			continue
		}
		schema, err := standalone(spec.Definitions, name)
		if err != nil {
			return 0, fmt.Errorf("definition %s: %w", name, err)
		}
		out, err := json.Marshal(schema)
		if err != nil {
			return 0, fmt.Errorf("definition %s: %w", name, err)
		}
		for _, gvk := range gvks {
			file := gvk.fileName()
			if other, dup := written[file]; dup && other != name {
				return 0, fmt.Errorf("%s and %s would both be %s", other, name, file)
			}
			written[file] = name
			if err := os.WriteFile(filepath.Join(dir, file), out, 0o644); err != nil {
				return 0, err
			}
		}
	}
	return len(written), nil
}

type groupVersionKind struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// fileName is the name kubeconform's {{ .ResourceKind }}{{ .KindSuffix }}.json gives the kind.
func (g groupVersionKind) fileName() string {
	name := strings.ToLower(g.Kind)
	if group, _, _ := strings.Cut(g.Group, "."); group != "" {
		name += "-" + strings.ToLower(group)
	}
	return name + "-" + strings.ToLower(g.Version) + ".json"
}

func groupVersionKinds(def map[string]any) ([]groupVersionKind, error) {
	raw, ok := def["x-kubernetes-group-version-kind"]
	if !ok {
		return nil, nil
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var gvks []groupVersionKind
	return gvks, json.Unmarshal(data, &gvks)
}

// standalone is the definition name with every $ref resolved; types that contain themselves
// (JSONSchemaProps) are kept once each under the file's definitions.
func standalone(defs map[string]map[string]any, name string) (map[string]any, error) {
	r := &resolver{defs: defs, recursive: map[string]bool{}}
	root, err := r.expand(map[string]any{"$ref": refPrefix + name}, nil)
	if err != nil {
		return nil, err
	}
	schema := root.(map[string]any)
	local := map[string]any{}
	for len(local) < len(r.recursive) {
		for _, n := range sortedKeys(r.recursive) {
			if _, done := local[n]; done {
				continue
			}
			if local[n], err = r.expand(defs[n], []string{n}); err != nil {
				return nil, err
			}
		}
	}
	if len(local) > 0 {
		schema["definitions"] = local
	}
	schema["$schema"] = "http://json-schema.org/draft-07/schema#"
	return schema, nil
}

type resolver struct {
	defs      map[string]map[string]any
	recursive map[string]bool // definitions referred to from inside themselves
}

// expand copies the schema s with references inlined, leaving out descriptions and Kubernetes'
// x- extensions (nothing validates against them) and closing every object that lists its properties.
// stack holds the definitions being inlined around s.
func (r *resolver) expand(s map[string]any, stack []string) (any, error) {
	if ref, ok := s["$ref"].(string); ok {
		name, ok := strings.CutPrefix(ref, refPrefix)
		if !ok {
			return nil, fmt.Errorf("reference %q is not to a definition", ref)
		}
		if schema, ok := lenient[name]; ok {
			return schema, nil
		}
		if slices.Contains(stack, name) {
			r.recursive[name] = true
			return map[string]any{"$ref": ref}, nil
		}
		def, ok := r.defs[name]
		if !ok {
			return nil, fmt.Errorf("reference to unknown definition %s", name)
		}
		return r.expand(def, append(slices.Clip(stack), name))
	}
	if s["format"] == "int-or-string" {
		return intOrString, nil
	}
	out := map[string]any{}
	for key, v := range s {
		var err error
		switch {
		case key == "description" || strings.HasPrefix(key, "x-"):
			continue
		case key == "properties":
			props := map[string]any{}
			for p, ps := range v.(map[string]any) {
				if props[p], err = r.expand(ps.(map[string]any), stack); err != nil {
					return nil, err
				}
			}
			out[key] = props
		case key == "items" || key == "additionalProperties":
			if sub, isSchema := v.(map[string]any); isSchema {
				out[key], err = r.expand(sub, stack)
			} else {
				out[key] = v // additionalProperties: true or false
			}
		case key == "allOf" || key == "anyOf" || key == "oneOf":
			var all []any
			for _, sub := range v.([]any) {
				e, err := r.expand(sub.(map[string]any), stack)
				if err != nil {
					return nil, err
				}
				all = append(all, e)
			}
			out[key] = all
		default:
			out[key] = v
		}
		if err != nil {
			return nil, err
		}
	}
	if _, ok := out["properties"]; ok {
		if _, set := out["additionalProperties"]; !set {
			out["additionalProperties"] = false
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
