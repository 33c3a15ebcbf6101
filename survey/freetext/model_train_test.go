package freetext

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
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
	// biasRate is the bias's share of the learning rate: it moves with every answer, each
	// weight only with the answers that have its feature.
	biasRate  = 0.1
	modelPath = "../../public/safeguarding/" + modelFile
)

// TestModelUpToDate: the shipped model is what training on the labelled answers gives now, so
// nobody changed the answers, the features or the training and forgot to retrain. With -update
// it rewrites the file.
func TestModelUpToDate(t *testing.T) {
	var want bytes.Buffer
	if err := trainModel(trainingAnswers(t)).encode(&want); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(modelPath, want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := loadModel(os.DirFS("../../public"), "safeguarding")
	if err != nil || got == nil {
		t.Fatalf("load the shipped model: %v (none: %v)", err, got == nil)
	}
	var shipped bytes.Buffer
	if err := got.encode(&shipped); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shipped.Bytes(), want.Bytes()) {
		t.Error("public/safeguarding/model.bin is not what training gives now: run `go test ./survey/freetext -run TestModelUpToDate -update`")
	}
}

// TestModelGeneralises holds out the newest blind round (written without reading the lists or
// the other sets, see testdata/blind/README.md), trains on everything else, and measures the
// model alone on it: what it finds that nobody wrote words for, and how many hard ordinary
// answers (knife-crime talks, games, online-safety lessons) it flags.
func TestModelGeneralises(t *testing.T) {
	answers := trainingAnswers(t)
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
	m := trainModel(train)
	lists, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	listsOnly, withModel := *lists, *lists
	listsOnly.model, withModel.model = nil, m
	type counts struct {
		disclosing, found, rightKind, urgentEnough, ordinary, flagged, lists, listsFalse, both, bothFalse int
	}
	byLang := map[string]*counts{}
	var c counts
	for _, a := range held {
		kinds := m.read(foldWords(a.Text))
		ok := kinds != nil
		var read []string
		for _, k := range kinds {
			read = append(read, DisclosureCategories[k])
		}
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
			c.rightKind += b2i(slices.Contains(read, a.Kind))
			// The tier the lead reads it in is no less urgent than its own.
			c.urgentEnough += b2i(ok && tierOf(read) <= tierOf([]string{a.Kind}))
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
	urgent := float64(c.urgentEnough) / float64(max(c.found, 1))
	t.Logf("blind round %d held out: the model alone finds %d/%d disclosing (%.1f%%; %d with the right kind among those it reads, %d in a tier at least as urgent) and flags %d/%d ordinary (%.1f%%)",
		newest, c.found, c.disclosing, 100*recall, c.rightKind, c.urgentEnough, c.flagged, c.ordinary, 100*falseRate)
	t.Logf("with the phrase lists and the signal scorer as shipped: %d/%d disclosing and %d/%d ordinary flagged without the model, %d/%d and %d/%d with it",
		c.lists, c.disclosing, c.listsFalse, c.ordinary, c.both, c.disclosing, c.bothFalse, c.ordinary)
	// Measured with round 7 held out: 96.7% found, 6.2% flagged; round 6: 87.5%, 6.2% (see
	// testdata/blind/README.md).
	if recall < 0.75 || falseRate > 0.10 {
		t.Errorf("the model alone finds %.1f%% and flags %.1f%% of ordinary answers, want at least 75%% and at most 10%%", 100*recall, 100*falseRate)
	}
	if urgent < 0.9 {
		t.Errorf("%.1f%% of what the model finds lands in a tier at least as urgent as its own, want at least 90%%", 100*urgent)
	}
}

func tierOf(kinds []string) int {
	tier, _ := Urgency(kinds)
	return tier
}

// TestModelReadsWindows: long answers, the ordinary answers of every labelled set joined a
// thousand characters at a time, are seldom flagged by the model for their length; and a disclosure the
// model reads alone is still read at the end and in the middle of one.
func TestModelReadsWindows(t *testing.T) {
	m, err := loadModel(os.DirFS("../../public"), "safeguarding")
	if err != nil || m == nil {
		t.Fatalf("load the shipped model: %v", err)
	}
	var long []string
	var b strings.Builder
	for _, a := range trainingAnswers(t) {
		if a.Kind != "" {
			continue
		}
		if b.Len()+len(a.Text) > 1000 {
			long = append(long, b.String())
			b.Reset()
		}
		b.WriteString(a.Text + " ")
	}
	flagged := 0
	for _, text := range long {
		if m.read(foldWords(text)) != nil {
			flagged++
		}
	}
	// 12 of 127 when blind round 7 was added.
	t.Logf("the model flags %d of %d answers of about 1,000 characters of ordinary answers joined", flagged, len(long))
	if flagged > len(long)*15/100 {
		t.Errorf("the model flags %d of %d long ordinary answers, want at most 15%%", flagged, len(long))
	}
	disclosure := "my dad hits me with his belt when he is drunk and i am scared to go home"
	if m.read(foldWords(disclosure)) == nil {
		t.Fatalf("the model does not read %q", disclosure)
	}
	for _, text := range long {
		if m.read(foldWords(text)) != nil {
			continue
		}
		half := len(text) / 2
		for len(text) > half && text[half] != ' ' {
			half++
		}
		for name, with := range map[string]string{"end": text + disclosure, "middle": text[:half] + " " + disclosure + " " + text[half:]} {
			if m.read(foldWords(with)) == nil {
				t.Errorf("the model misses %q in the %s of %d ordinary words", disclosure, name, len(foldWords(text)))
			}
		}
	}
}

func TestDecodeModel(t *testing.T) {
	m := &model{bits: 8, flag: vector{bias: -1, scale: 0.5, weights: make([]int8, 256)}}
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
	if got.bits != 8 || got.flag.bias != -1 || got.flag.weights[7] != -3 || len(got.kinds) != len(DisclosureCategories) || got.kinds[11].scale != 2 {
		t.Errorf("round trip: got %+v", got.flag)
	}
	// The header is 8 bytes of magic, the bits and the number of kinds; the flag's bias follows.
	for name, change := range map[string]func([]byte) []byte{
		"truncated": func(raw []byte) []byte { return raw[:len(raw)-1] },
		"trailing":  func(raw []byte) []byte { return append(raw, 0) },
		"magic":     func(raw []byte) []byte { raw[0] = 'x'; return raw },
		"bits":      func(raw []byte) []byte { raw[8] = 30; return raw },
		"kinds":     func(raw []byte) []byte { raw[9] = 11; return raw },
		"nan":       func(raw []byte) []byte { binary.LittleEndian.PutUint32(raw[10:], 0x7fc00000); return raw },
	} {
		if _, err := decodeModel(gzipped(t, m, change)); err == nil {
			t.Errorf("%s: got no error", name)
		}
	}
	if _, err := decodeModel([]byte(modelMagic)); err == nil {
		t.Error("not gzipped: got no error")
	}
}

// gzipped is m encoded, its raw bytes altered by change, then gzipped.
func gzipped(t *testing.T, m *model, change func([]byte) []byte) []byte {
	t.Helper()
	var raw bytes.Buffer
	if err := m.encodeRaw(&raw); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := gzipWrite(&out, change(raw.Bytes())); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// trainingAnswers reads every labelled set the model learns from.
func trainingAnswers(t *testing.T) []Labelled {
	t.Helper()
	var answers []Labelled
	for _, set := range trainingSets {
		answers = append(answers, ReadLabelled(t, set)...)
	}
	return answers
}

// trainModel learns a model from answers: logistic regression for the flag, softmax regression
// over the disclosing answers for the kind, each feature's gradient scaled by one over the
// square root of the answer's number of features, in an order that is the same every time. The
// conversions to float64 keep the compiler from fusing a multiplication and an addition, which
// some processors round differently, so that every machine writes the same file. The race
// detector ignores its loops: they run on one goroutine, and checking them took ten seconds of
// the suite under -race.
//
//go:norace
func trainModel(answers []Labelled) *model {
	type example struct {
		features []uint32
		kind     int // index in DisclosureCategories, or -1
	}
	examples := make([]example, len(answers))
	f := newFeaturer()
	for i, a := range answers {
		words := foldWords(a.Text)
		for w := range words {
			word, pair := f.features(words, w, modelBits)
			examples[i].features = append(examples[i].features, word...)
			if w > 0 {
				examples[i].features = append(examples[i].features, pair)
			}
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
			step := float64(learningRate * g / math.Sqrt(float64(len(e.features))))
			for _, b := range e.features {
				flag[b] -= step
			}
			flagBias -= float64(learningRate * biasRate * g)
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
				step := float64(learningRate * g / math.Sqrt(float64(len(e.features))))
				for _, b := range e.features {
					kinds[c][b] -= step
				}
				biases[c] -= float64(learningRate * biasRate * g)
			}
		}
	}

	m := &model{bits: modelBits, flag: quantize(flag, flagBias)}
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
