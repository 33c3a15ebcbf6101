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
// held-out set, the probes and the blind rounds), which reads what the lists were never written
// for. It weighs features of the folded words (see foldWords): each word, each pair of
// neighbouring words, and each run of 3 to 5 letters of a word with its edges marked, so that
// an inflection or a misspelling nobody listed still shares most of its letters with one the
// model has seen. Features are hashed into 2^bits buckets.
//
// A binary logistic model says whether an answer discloses harm; a softmax over the kinds says
// which kind, and is read only when the first one flags. Answers longer than the ones it learnt
// from are read a window of words at a time, so that many ordinary words never add up to a flag.
// Weights are stored as bytes, each vector with its own scale. model.bin is written by
// TestModelUpToDate -update (see model_train_test.go), which records a digest of what it learnt
// from, so that a change to the labelled answers without retraining fails the tests.
type model struct {
	bits   uint8
	digest [32]byte // of the training answers and settings, see trainingDigest
	flag   vector
	kinds  []vector // by index in DisclosureCategories
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

// modelWindow is how many words the model reads at a time: about the length of the longest
// answers it learnt from.
const modelWindow = 32

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
		return nil, fmt.Errorf("a model of %d bits and %d kinds, want %d kinds", head.Bits, head.Kinds, len(DisclosureCategories))
	}
	m := &model{bits: head.Bits, digest: head.Digest, kinds: make([]vector, head.Kinds)}
	for _, v := range append([]*vector{&m.flag}, pointers(m.kinds)...) {
		v.weights = make([]int8, 1<<m.bits)
		if err := errors.Join(binary.Read(r, binary.LittleEndian, &v.bias), binary.Read(r, binary.LittleEndian, &v.scale),
			binary.Read(r, binary.LittleEndian, v.weights)); err != nil {
			return nil, fmt.Errorf("truncated model: %w", err)
		}
	}
	if r.Len() != 0 {
		return nil, errors.New("model has trailing bytes")
	}
	return m, nil
}

// encode writes m in the format decodeModel reads: encodeRaw, gzipped.
func (m *model) encode(w io.Writer) error {
	var raw bytes.Buffer
	if err := m.encodeRaw(&raw); err != nil {
		return err
	}
	return gzipWrite(w, raw.Bytes())
}

// encodeRaw writes a header (magic, bits, kinds, digest), then for the flag and each kind its
// bias, scale and weights, little-endian.
func (m *model) encodeRaw(w io.Writer) error {
	head := modelHead{Bits: m.bits, Kinds: uint8(len(m.kinds)), Digest: m.digest}
	copy(head.Magic[:], modelMagic)
	errs := []error{binary.Write(w, binary.LittleEndian, head)}
	for _, v := range append([]*vector{&m.flag}, pointers(m.kinds)...) {
		errs = append(errs, binary.Write(w, binary.LittleEndian, v.bias), binary.Write(w, binary.LittleEndian, v.scale),
			binary.Write(w, binary.LittleEndian, v.weights))
	}
	return errors.Join(errs...)
}

type modelHead struct {
	Magic  [8]byte
	Bits   uint8
	Kinds  uint8
	Digest [32]byte
}

func gzipWrite(w io.Writer, data []byte) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	_, err = zw.Write(data)
	return errors.Join(err, zw.Close())
}

func pointers(vs []vector) []*vector {
	ps := make([]*vector, len(vs))
	for i := range vs {
		ps[i] = &vs[i]
	}
	return ps
}

// kind returns the kind of harm the model reads in words, if it reads one: it scores each window of modelWindow and of half as many words
// (the whole answer when shorter) and, when the likeliest window reaches modelThreshold,
// returns the likeliest kind in that window.
func (m *model) kind(words []string) (kind int, ok bool) {
	if m == nil || len(words) == 0 {
		return 0, false
	}
	// sums[i] is the flag vector's sum over the features of words[:i].
	sums := make([]int32, len(words)+1)
	var f featurer
	for i := range words {
		sums[i+1] = sums[i]
		f.each(words, i, m.bits, func(b uint32) { sums[i+1] += int32(m.flag.weights[b]) })
	}
	best, from, size := int32(math.MinInt32), 0, 0
	for _, n := range []int{modelWindow, modelWindow / 2} {
		for start := 0; start == 0 || start+n <= len(words); start++ {
			end := min(start+n, len(words))
			if s := sums[end] - sums[start]; s > best {
				best, from, size = s, start, n
			}
		}
	}
	if sigmoid(m.flag.bias+m.flag.scale*float32(best)) < modelThreshold {
		return 0, false
	}
	window := words[from:min(from+size, len(words))]
	top := float32(math.Inf(-1))
	for k, v := range m.kinds {
		if z := v.score(window, m.bits, &f); z > top {
			kind, top = k, z
		}
	}
	return kind, true
}

// score is v's sum over the features of words.
func (v vector) score(words []string, bits uint8, f *featurer) float32 {
	var sum int32
	for i := range words {
		f.each(words, i, bits, func(b uint32) { sum += int32(v.weights[b]) })
	}
	return v.bias + v.scale*float32(sum)
}

func sigmoid(z float32) float32 { return 1 / (1 + float32(math.Exp(float64(-z)))) }

// featurer lists the features of words, reusing its buffers from one word to the next.
type featurer struct {
	padded []byte
	starts []int
}

// each calls fn with the bucket of every feature of words[i]: the word, the pair it ends, and
// its runs of 3 to 5 letters with "<" and ">" marking its edges.
func (f *featurer) each(words []string, i int, bits uint8, fn func(uint32)) {
	mask := uint32(1)<<bits - 1
	w := words[i]
	fn(fnv(fnv(fnvOffset, "w:"), w) & mask)
	if i > 0 {
		fn(fnv(fnv(fnv(fnv(fnvOffset, "b:"), words[i-1]), " "), w) & mask)
	}
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
			fn(fnvBytes(fnvOffset, f.padded[f.starts[j]:f.starts[j+n]]) & mask)
		}
	}
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
