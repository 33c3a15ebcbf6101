package freetext

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"unicode/utf8"
)

// model is the third screen for disclosures, after the phrase lists and the signal scorer: a
// classifier learnt from the labelled answers of every language (testdata: the corpus, the
// held-out set, the probes, the blind rounds and the training set), which reads what the lists
// were never written for. It weighs features of the folded words (see foldWords): each word,
// each pair of neighbouring words, and each run of 3 to 5 letters of a word with its edges
// marked, so that an inflection or a misspelling nobody listed still shares most of its letters
// with one the model has seen. Features are hashed into 2^bits buckets.
//
// A binary logistic model says whether an answer discloses harm; a softmax over the kinds says
// which kind, and is read only when the first one flags. Answers longer than the ones it learnt
// from are read a window of words at a time, so that a disclosure is weighed with the words
// around it rather than with the whole answer. Weights are stored as bytes, each vector with its
// own scale. model.bin is written by TestModelUpToDate -update (see model_train_test.go), which
// otherwise retrains and fails when the result differs from the shipped file.
type model struct {
	bits  uint8
	flag  vector
	kinds []vector // by index in DisclosureCategories
}

// vector is one class's weights: bias + scale × Σ weights[bucket] over an answer's features.
type vector struct {
	bias, scale float32
	weights     []int8
}

// modelFile is the name of the model in a phrase-list directory, and modelMagic its first bytes.
const (
	modelFile  = "model.bin"
	modelMagic = "ssmodel1"
)

// modelThreshold is the probability from which the model flags an answer. Chosen by holding out
// each blind round in turn (see testdata/blind/README.md): a lower one adds as many false flags
// on hard ordinary answers as disclosures found.
const modelThreshold = 0.95

// modelWindow is how many words the model reads at a time, and half as many too: about the
// length of the longest answers it learnt from.
const modelWindow = 32

// modelAlsoUrgent is the share of the kinds' softmax from which a kind that needs the same-day
// route is returned beside the likeliest one: held out, the model read forced touching as a
// threat and burning oneself as hurt, and a flag must not land in a less urgent tier.
const modelAlsoUrgent = 0.2

// loadModel reads dir/model.bin, or returns nil, and no error, when dir has none.
func loadModel(fsys fs.FS, dir string) (*model, error) {
	file := path.Join(dir, modelFile)
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	m, err := decodeModel(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// decodeModel reads the gzipped format encode writes.
func decodeModel(data []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	r := bytes.NewReader(raw)
	var head modelHead
	if err := binary.Read(r, binary.LittleEndian, &head); err != nil || string(head.Magic[:]) != modelMagic {
		return nil, errors.New("not a disclosure model")
	}
	if head.Bits < 8 || head.Bits > 24 || int(head.Kinds) != len(DisclosureCategories) {
		return nil, fmt.Errorf("a model of %d bits and %d kinds, want 8 to 24 bits and %d kinds", head.Bits, head.Kinds, len(DisclosureCategories))
	}
	m := &model{bits: head.Bits, kinds: make([]vector, head.Kinds)}
	for _, v := range m.vectors() {
		v.weights = make([]int8, 1<<m.bits)
		if err := errors.Join(binary.Read(r, binary.LittleEndian, &v.bias), binary.Read(r, binary.LittleEndian, &v.scale),
			binary.Read(r, binary.LittleEndian, v.weights)); err != nil {
			return nil, fmt.Errorf("truncated model: %w", err)
		}
		if !finite(v.bias) || !finite(v.scale) {
			return nil, errors.New("model has a weight that is not a number")
		}
	}
	if r.Len() != 0 {
		return nil, errors.New("model has trailing bytes")
	}
	return m, nil
}

func finite(f float32) bool { return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0) }

// encode writes m in the format decodeModel reads: encodeRaw, gzipped.
func (m *model) encode(w io.Writer) error {
	var raw bytes.Buffer
	if err := m.encodeRaw(&raw); err != nil {
		return err
	}
	return gzipWrite(w, raw.Bytes())
}

// encodeRaw writes a header (magic, bits, kinds), then for the flag and each kind its bias,
// scale and weights, little-endian.
func (m *model) encodeRaw(w io.Writer) error {
	head := modelHead{Bits: m.bits, Kinds: uint8(len(m.kinds))}
	copy(head.Magic[:], modelMagic)
	errs := []error{binary.Write(w, binary.LittleEndian, head)}
	for _, v := range m.vectors() {
		errs = append(errs, binary.Write(w, binary.LittleEndian, v.bias), binary.Write(w, binary.LittleEndian, v.scale),
			binary.Write(w, binary.LittleEndian, v.weights))
	}
	return errors.Join(errs...)
}

type modelHead struct {
	Magic [8]byte
	Bits  uint8
	Kinds uint8
}

func gzipWrite(w io.Writer, data []byte) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	_, err = zw.Write(data)
	return errors.Join(err, zw.Close())
}

// vectors is the flag's vector, then each kind's, in the order they are stored.
func (m *model) vectors() []*vector {
	vs := []*vector{&m.flag}
	for i := range m.kinds {
		vs = append(vs, &m.kinds[i])
	}
	return vs
}

// read returns the kinds of harm the model reads in words, or nil. It scores each window of
// modelWindow and of half as many words (the whole answer when shorter); when the likeliest
// window reaches modelThreshold, it returns the likeliest kind there, and any kind that needs
// the same-day route with at least modelAlsoUrgent of the kinds' softmax.
func (m *model) read(words []string) []int {
	if m == nil || len(words) == 0 {
		return nil
	}
	// own[i] and pair[i] are the flag vector's sums over the features of words[:i], the pairs
	// of neighbours apart, and over those pairs, so that a window's sum leaves out the pair
	// that crosses its start, as training never saw it.
	sums := make([]int32, 2*(len(words)+1))
	own, pair := sums[:len(words)+1], sums[len(words)+1:]
	f := newFeaturer()
	for i := range words {
		own[i+1], pair[i+1] = own[i], pair[i]
		word, pairBucket := f.features(words, i, m.bits)
		for _, b := range word {
			own[i+1] += int32(m.flag.weights[b])
		}
		if i > 0 {
			pair[i+1] += int32(m.flag.weights[pairBucket])
		}
	}
	best, from, to := int32(math.MinInt32), 0, 0
	for _, n := range []int{modelWindow, modelWindow / 2} {
		for start := 0; start == 0 || start+n <= len(words); start++ {
			end := min(start+n, len(words))
			if s := own[end] - own[start] + pair[end] - pair[start+1]; s > best {
				best, from, to = s, start, end
			}
		}
	}
	if !(sigmoid(m.flag.bias+m.flag.scale*float32(best)) >= modelThreshold) {
		return nil
	}
	return m.kindsIn(words[from:to], f)
}

// kindsIn is the likeliest kind of words by the kinds' softmax, then the urgent ones with at
// least modelAlsoUrgent of it.
func (m *model) kindsIn(words []string, f *featurer) []int {
	sums := make([]int32, len(m.kinds))
	for i := range words {
		word, pairBucket := f.features(words, i, m.bits)
		for k, v := range m.kinds {
			for _, b := range word {
				sums[k] += int32(v.weights[b])
			}
			if i > 0 {
				sums[k] += int32(v.weights[pairBucket])
			}
		}
	}
	z := make([]float64, len(m.kinds))
	top := 0
	for k, v := range m.kinds {
		z[k] = float64(v.bias + v.scale*float32(sums[k]))
		if z[k] > z[top] {
			top = k
		}
	}
	total := 0.0
	for k := range z {
		z[k] = math.Exp(z[k] - z[top])
		total += z[k]
	}
	kinds := []int{top}
	for k := range z {
		if tier, _ := Urgency(DisclosureCategories[k : k+1]); k != top && tier == UrgencyHarmNow && z[k]/total >= modelAlsoUrgent {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

func sigmoid(z float32) float32 { return 1 / (1 + float32(math.Exp(float64(-z)))) }

// featurer lists the features of words, reusing its buffers from one word to the next.
type featurer struct {
	padded  []byte
	starts  []int
	buckets []uint32
}

// newFeaturer has room for the features of a word of up to 64 bytes without growing.
func newFeaturer() *featurer {
	return &featurer{padded: make([]byte, 0, 66), starts: make([]int, 0, 67), buckets: make([]uint32, 0, 200)}
}

// features returns the buckets of the features of words[i]: the word and its runs of 3 to 5
// letters with "<" and ">" marking its edges; and the bucket of the pair it ends (words[i-1]
// and words[i]; meaningless when i is 0). The slice is reused by the next call.
func (f *featurer) features(words []string, i int, bits uint8) (word []uint32, pair uint32) {
	mask := uint32(1)<<bits - 1
	w := words[i]
	if i > 0 {
		pair = fnv(fnv(fnv(fnv(fnvOffset, "b:"), words[i-1]), " "), w) & mask
	}
	f.buckets = append(f.buckets[:0], fnv(fnv(fnvOffset, "w:"), w)&mask)
	f.padded = append(append(append(f.padded[:0], '<'), w...), '>')
	f.starts = f.starts[:0]
	for at := 0; at < len(f.padded); {
		f.starts = append(f.starts, at)
		_, size := utf8.DecodeRune(f.padded[at:])
		at += size
	}
	f.starts = append(f.starts, len(f.padded))
	runes := len(f.starts) - 1
	for n := 3; n <= 5; n++ {
		for j := 0; j+n <= runes; j++ {
			f.buckets = append(f.buckets, fnvBytes(fnvOffset, f.padded[f.starts[j]:f.starts[j+n]])&mask)
		}
	}
	return f.buckets, pair
}

// FNV-1a, 32 bits.
const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

func fnv(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}
