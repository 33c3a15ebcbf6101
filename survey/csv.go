package survey

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// CSVWriter writes every CSV file the service gives out, so that none opens in a spreadsheet
// with a live formula: a cell that begins with =, +, -, @, a tab or a carriage return is written
// with a leading apostrophe (OWASP, CSV injection). Names, areas, labels and answers are all
// typed by someone, and every staff role downloads some of these files.
type CSVWriter struct {
	w *csv.Writer
}

// NewCSVWriter writes CSV to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one row, each cell made safe to open.
func (w *CSVWriter) Write(row []string) error {
	safe := make([]string, len(row))
	for i, v := range row {
		safe[i] = spreadsheetSafe(v)
	}
	return w.w.Write(safe)
}

// Flush writes any buffered rows and reports the first error any write met.
func (w *CSVWriter) Flush() error {
	w.w.Flush()
	if err := w.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// spreadsheetSafe is v as a spreadsheet will read it as text, never as a formula.
func spreadsheetSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
