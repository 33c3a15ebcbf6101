package qr_test

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/qr"
)

const link = "https://survey.example.org/s/community-safety?c=K7P3QX"

// decode reads the QR codes in an image file with zbarimg, the decoder Debian's zbar-tools ships.
func decode(t *testing.T, file string) string {
	t.Helper()
	cmd := exec.Command("zbarimg", "--raw", "-q", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr // zbarimg writes harmless dbus noise to stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 4 {
		t.Fatalf("zbarimg found no code in %s", file)
	}
	if err != nil {
		t.Fatalf("zbarimg %s: %v\n%s", file, err, stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

func TestPNGDecodes(t *testing.T) {
	codes := qr.New()
	dir := t.TempDir()
	for _, size := range []int{qr.MinSize, 100, 256, 512, 1000, 2048} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			data, err := codes.PNG(link, size)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
				t.Errorf("image is %dx%d, want %dx%d", b.Dx(), b.Dy(), size, size)
			}
			file := filepath.Join(dir, fmt.Sprintf("qr-%d.png", size))
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if got := decode(t, file); got != link {
				t.Errorf("decoded %q, want %q", got, link)
			}
		})
	}
}

func TestPNGQuietZone(t *testing.T) {
	codes := qr.New()
	modules, err := codes.Modules(link)
	if err != nil {
		t.Fatal(err)
	}
	n := len(modules)
	for i := range n {
		for _, cell := range []bool{modules[0][i], modules[i][0], modules[qr.QuietZone-1][i], modules[n-1][i], modules[i][n-1]} {
			if cell {
				t.Fatalf("a dark module within the %d-module quiet zone", qr.QuietZone)
			}
		}
	}
	if !modules[qr.QuietZone][qr.QuietZone] {
		t.Error("the finder pattern does not start right after the quiet zone")
	}
	size := 10*n + 7 // 7 pixels left over go to the quiet zone
	data, err := codes.PNG(link, size)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(data))
	light := func(x, y int) bool { r, _, _, _ := img.At(x, y).RGBA(); return r > 0x8000 }
	edge := 3 + 10*qr.QuietZone // (7/2) extra pixels, then the quiet zone
	if !light(edge-1, edge-1) || light(edge, edge) || light(edge+9, edge+9) {
		t.Errorf("the first dark module is not at pixel %d with whole 10-pixel modules", edge)
	}
}

func TestPNGSizeLimits(t *testing.T) {
	codes := qr.New()
	for _, size := range []int{0, qr.MinSize - 1, qr.MaxSize + 1} {
		if _, err := codes.PNG(link, size); survey.ErrorCode(err) != survey.EINVALID {
			t.Errorf("size %d: err = %v, want EINVALID", size, err)
		}
	}
}

var run = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// TestSVGMatchesModules redraws the SVG's runs as modules and compares them with the code's.
func TestSVGMatchesModules(t *testing.T) {
	codes := qr.New()
	modules, _ := codes.Modules(link)
	svg, err := codes.SVG(link)
	if err != nil {
		t.Fatal(err)
	}
	n := len(modules)
	if !bytes.Contains(svg, fmt.Appendf(nil, `viewBox="0 0 %d %d"`, n, n)) {
		t.Errorf("SVG does not span the %d modules with the quiet zone: %.120s", n, svg)
	}
	drawn := make([][]bool, n)
	for i := range drawn {
		drawn[i] = make([]bool, n)
	}
	for _, m := range run.FindAllStringSubmatch(string(svg), -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for i := range w {
			drawn[y][x+i] = true
		}
	}
	for y := range modules {
		if !slices.Equal(drawn[y], modules[y]) {
			t.Fatalf("row %d of the SVG differs from the code", y)
		}
	}
}

func TestCacheReturnsTheSameImage(t *testing.T) {
	codes := qr.New()
	a, _ := codes.PNG(link, 300)
	b, _ := codes.PNG(link, 300)
	if &a[0] != &b[0] {
		t.Error("the second request drew the image again")
	}
}

func BenchmarkPNG(b *testing.B) {
	codes := qr.New()
	for i := 0; b.Loop(); i++ {
		if _, err := codes.PNG(link+strconv.Itoa(i), 512); err != nil {
			b.Fatal(err)
		}
	}
}
