package freetext

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "retrain public/safeguarding/model.bin from the labelled answers in testdata")

// How the model is trained (see model): every labelled set, hashed into 2^modelBits buckets,
// by stochastic gradient descent.
var trainingSets = []string{"corpus", "heldout", "probes", "blind", "training"}

const (
	modelBits    = 15
	trainEpochs  = 20
	learningRate = 0.2
	modelPath    = "../../public/safeguarding/" + modelFile
)

// TestModelUpToDate: the shipped model was trained on the labelled answers as they are now,
// with these settings. With -update it retrains and rewrites it.
func TestModelUpToDate(t *testing.T) {
	answers, digest := trainingAnswers(t)
	if *update {
		var buf bytes.Buffer
		if err := trainModel(answers, digest).encode(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(modelPath, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := loadModel(os.DirFS("../../public"), "safeguarding")
	if err != nil || m == nil {
		t.Fatalf("load the shipped model: %v (none: %v)", err, m == nil)
	}
	if m.digest != digest {
		t.Error("public/safeguarding/model.bin was trained on other answers or settings: run `go test ./survey/freetext -run TestModelUpToDate -update`")
	}
}

// TestModelGeneralises holds out the newest blind round (written without reading the lists or
// the other sets, see testdata/blind/README.md), trains on everything else, and measures the
// model alone on it: what it finds that nobody wrote words for, and how many hard ordinary
// answers (knife-crime talks, games, online-safety lessons) it flags.
func TestModelGeneralises(t *testing.T) {
	answers, digest := trainingAnswers(t)
	newest := 0
	for _, a := range answers {
		if a.Set == "blind" {
			newest = max(newest, a.Round)
		}
	}
	var train, held []Labelled
	for _, a := range answers {
		if a.Set == "blind" && a.Round == newest {
			held = append(held, a)
		} else {
			train = append(train, a)
		}
	}
	m := trainModel(train, digest)
	lists, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	listsOnly, withModel := *lists, *lists
	listsOnly.model, withModel.model = nil, m
	type counts struct{ disclosing, found, rightKind, ordinary, flagged, lists, listsFalse, both, bothFalse int }
	byLang := map[string]*counts{}
	var c counts
	for _, a := range held {
		k, ok := m.kind(foldWords(a.Text))
		byLists := listsOnly.Categories(a.Text) != nil
		both := withModel.Categories(a.Text) != nil
		if byLang[a.Lang] == nil {
			byLang[a.Lang] = &counts{}
		}
		for _, c := range []*counts{&c, byLang[a.Lang]} {
			if a.Kind == "" {
				c.ordinary++
				c.flagged += b2i(ok)
				c.listsFalse += b2i(byLists)
				c.bothFalse += b2i(both)
				continue
			}
			c.disclosing++
			c.found += b2i(ok)
			c.rightKind += b2i(ok && DisclosureCategories[k] == a.Kind)
			c.lists += b2i(byLists)
			c.both += b2i(both)
		}
		if a.Kind == "" && ok {
			t.Logf("the model flags ordinary %s:%d: %s", a.Lang, a.Line, a.Text)
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "\n%-5s %16s %16s %16s\n", "", "model alone", "lists", "lists + model")
	for _, lang := range slices.Sorted(maps.Keys(byLang)) {
		l := byLang[lang]
		fmt.Fprintf(&report, "%-5s %8d/%-3d %3d %8d/%-3d %3d %8d/%-3d %3d\n", lang, l.found, l.disclosing, l.flagged,
			l.lists, l.disclosing, l.listsFalse, l.both, l.disclosing, l.bothFalse)
	}
	t.Log("disclosing found and ordinary flagged:" + report.String())
	recall, falseRate := float64(c.found)/float64(c.disclosing), float64(c.flagged)/float64(c.ordinary)
	t.Logf("blind round %d held out: the model alone finds %d/%d disclosing (%.1f%%, %d as the right kind) and flags %d/%d ordinary (%.1f%%)",
		newest, c.found, c.disclosing, 100*recall, c.rightKind, c.flagged, c.ordinary, 100*falseRate)
	t.Logf("with the phrase lists and the signal scorer as shipped: %d/%d disclosing and %d/%d ordinary flagged without the model, %d/%d and %d/%d with it",
		c.lists, c.disclosing, c.listsFalse, c.ordinary, c.both, c.disclosing, c.bothFalse, c.ordinary)
	// Measured when round 5 was held out: 80.8% and 10.0% (see testdata/blind/README.md).
	if recall < 0.6 || falseRate > 0.15 {
		t.Errorf("the model alone finds %.1f%% and flags %.1f%% of ordinary answers, want at least 60%% and at most 15%%", 100*recall, 100*falseRate)
	}
}

// TestModelReadsWindows: a disclosure the model reads is still read at the end of a long
// ordinary answer, and a long ordinary answer is not flagged for its length.
func TestModelReadsWindows(t *testing.T) {
	m, err := loadModel(os.DirFS("../../public"), "safeguarding")
	if err != nil || m == nil {
		t.Fatalf("load the shipped model: %v", err)
	}
	ordinary := "the park near the station is dark at night and we want more lights and cameras there "
	long := bytes.Repeat([]byte(ordinary), 50)
	if k, ok := m.kind(foldWords(string(long))); ok {
		t.Errorf("%d words of an ordinary answer flagged as %s", len(foldWords(string(long))), DisclosureCategories[k])
	}
	disclosure := "my dad hits me with his belt when he is drunk and i am scared to go home"
	if _, ok := m.kind(foldWords(disclosure)); !ok {
		t.Fatalf("the model does not read %q", disclosure)
	}
	if _, ok := m.kind(foldWords(string(long) + disclosure)); !ok {
		t.Errorf("the model misses %q after %d ordinary words", disclosure, len(foldWords(string(long))))
	}
}

func TestDecodeModel(t *testing.T) {
	m := &model{bits: 8, digest: [32]byte{1, 2, 3}, flag: vector{bias: -1, scale: 0.5, weights: make([]int8, 256)}}
	m.flag.weights[7] = -3
	for range DisclosureCategories {
		m.kinds = append(m.kinds, vector{bias: 0.25, scale: 2, weights: make([]int8, 256)})
	}
	var buf bytes.Buffer
	if err := m.encode(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := decodeModel(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got.digest != m.digest || got.flag.bias != -1 || got.flag.weights[7] != -3 || len(got.kinds) != len(DisclosureCategories) || got.kinds[11].scale != 2 {
		t.Errorf("round trip: got %+v", got.flag)
	}
	truncated := gzipped(t, buf.Bytes(), func(raw []byte) []byte { return raw[:len(raw)-1] })
	trailing := gzipped(t, buf.Bytes(), func(raw []byte) []byte { return append(raw, 0) })
	wrongMagic := gzipped(t, buf.Bytes(), func(raw []byte) []byte { raw[0] = 'x'; return raw })
	for name, data := range map[string][]byte{"not gzip": []byte("ssmodel1"), "truncated": truncated, "trailing": trailing, "magic": wrongMagic} {
		if _, err := decodeModel(data); err == nil {
			t.Errorf("%s: got no error", name)
		}
	}
}

// gzipped re-encodes a gzipped model after change alters its bytes.
func gzipped(t *testing.T, data []byte, change func([]byte) []byte) []byte {
	t.Helper()
	m, err := decodeModel(data)
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if err := (&model{bits: m.bits, digest: m.digest, flag: m.flag, kinds: m.kinds}).encodeRaw(&raw); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := gzipWrite(&out, change(raw.Bytes())); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// trainingAnswers reads every labelled set, and a digest of them and of the settings.
func trainingAnswers(t *testing.T) ([]Labelled, [32]byte) {
	t.Helper()
	h := sha256.New()
	fmt.Fprintf(h, "bits=%d epochs=%d rate=%g sets=%v\n", modelBits, trainEpochs, learningRate, trainingSets)
	var answers []Labelled
	for _, set := range trainingSets {
		files, err := filepath.Glob(filepath.Join("testdata", set, "*.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s %d\n", file, len(data))
			h.Write(data)
		}
		answers = append(answers, ReadLabelled(t, set)...)
	}
	return answers, [32]byte(h.Sum(nil))
}

// trainModel learns a model from answers: logistic regression for the flag, softmax regression
// over the disclosing answers for the kind, each feature's gradient scaled by one over the
// square root of the answer's number of features, in an order that is the same every time.
func trainModel(answers []Labelled, digest [32]byte) *model {
	type example struct {
		features []uint32
		kind     int // index in DisclosureCategories, or -1
	}
	examples := make([]example, len(answers))
	var f featurer
	for i, a := range answers {
		words := foldWords(a.Text)
		for w := range words {
			f.each(words, w, modelBits, func(b uint32) { examples[i].features = append(examples[i].features, b) })
		}
		examples[i].kind = slices.Index(DisclosureCategories, a.Kind)
	}
	order := func(epoch, k, n int) int { return (k*7919 + epoch*31) % n }
	buckets := 1 << modelBits

	flag, flagBias := make([]float64, buckets), 0.0
	for epoch := range trainEpochs {
		for k := range examples {
			e := examples[order(epoch, k, len(examples))]
			z := flagBias
			for _, b := range e.features {
				z += flag[b]
			}
			g := 1 / (1 + math.Exp(-z))
			if e.kind >= 0 {
				g--
			}
			step := learningRate * g / math.Sqrt(float64(len(e.features)))
			for _, b := range e.features {
				flag[b] -= step
			}
			flagBias -= learningRate * g * 0.1
		}
	}

	var disclosing []example
	for _, e := range examples {
		if e.kind >= 0 {
			disclosing = append(disclosing, e)
		}
	}
	kinds := make([][]float64, len(DisclosureCategories))
	biases := make([]float64, len(kinds))
	for k := range kinds {
		kinds[k] = make([]float64, buckets)
	}
	p := make([]float64, len(kinds))
	for epoch := range trainEpochs {
		for k := range disclosing {
			e := disclosing[order(epoch, k, len(disclosing))]
			top := math.Inf(-1)
			for c := range kinds {
				p[c] = biases[c]
				for _, b := range e.features {
					p[c] += kinds[c][b]
				}
				top = max(top, p[c])
			}
			sum := 0.0
			for c := range p {
				p[c] = math.Exp(p[c] - top)
				sum += p[c]
			}
			for c := range kinds {
				g := p[c] / sum
				if c == e.kind {
					g--
				}
				step := learningRate * g / math.Sqrt(float64(len(e.features)))
				for _, b := range e.features {
					kinds[c][b] -= step
				}
				biases[c] -= learningRate * g * 0.1
			}
		}
	}

	m := &model{bits: modelBits, digest: digest, flag: quantize(flag, flagBias)}
	for c := range kinds {
		m.kinds = append(m.kinds, quantize(kinds[c], biases[c]))
	}
	return m
}

// quantize stores weights as bytes, scaled so that the largest is ±127.
func quantize(weights []float64, bias float64) vector {
	largest := 0.0
	for _, w := range weights {
		largest = max(largest, math.Abs(w))
	}
	scale := max(largest/127, math.SmallestNonzeroFloat32)
	v := vector{bias: float32(bias), scale: float32(scale), weights: make([]int8, len(weights))}
	for i, w := range weights {
		v.weights[i] = int8(math.Round(w / scale))
	}
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
