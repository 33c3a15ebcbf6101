package channels

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
)

// channelColumns are the columns of a channel list, in the order WriteCSV writes them.
// ReadCSV takes the same file back, so an exported list can be edited and imported.
var channelColumns = []string{"code", "name", "setting", "area", "opens", "closes", "link", "short_link"}

// WriteCSV writes one row per channel, with its links under base.
func WriteCSV(w io.Writer, base string, channels []*survey.Channel) error {
	cw := survey.NewCSVWriter(w)
	_ = cw.Write(channelColumns)
	for _, ch := range channels {
		_ = cw.Write([]string{ch.Code, ch.Name, ch.Setting, ch.Area, ch.Opens, ch.Closes, ch.Link(base), ch.ShortLink(base)})
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("write channels csv: %w", err)
	}
	return nil
}

// ReadCSV reads channels for survey slug from a spreadsheet export: a header row naming
// at least the name and setting columns (any order, any case; other columns are ignored), then a
// channel a row. Setting types may be written as people write them ("Youth club"). Every row is
// checked; the EINVALID error lists each problem as a field error with the row's line number.
func ReadCSV(r io.Reader, slug string) ([]*survey.Channel, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &survey.Error{Code: survey.EINVALID, Message: "error.channels_csv_header"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	index := map[string]int{}
	for i, h := range header {
		index[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, required := range []string{"name", "setting"} {
		if _, ok := index[required]; !ok {
			return nil, &survey.Error{Code: survey.EINVALID, Message: "error.channels_csv_header"}
		}
	}
	var channels []*survey.Channel
	var problems []survey.FieldError
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		cell := func(column string) string {
			if i, ok := index[column]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		if strings.Join(row, "") == "" {
			continue
		}
		ch := &survey.Channel{Survey: slug, Name: cell("name"), Setting: settingType(cell("setting")), Area: cell("area"), Opens: cell("opens"), Closes: cell("closes")}
		for _, f := range survey.ErrorFields(ch.Check()) {
			f.Data = map[string]any{"Line": line}
			problems = append(problems, f)
		}
		channels = append(channels, ch)
	}
	if len(problems) > 0 {
		return nil, &survey.Error{Code: survey.EINVALID, Message: "error.fix_channels_csv", Fields: problems}
	}
	return channels, nil
}

// settingType turns a setting type as people write it ("Youth club", "community-group") into
// its id; text that names no setting type comes back cleaned but unknown, for Check to report.
func settingType(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &survey.Error{Code: survey.EINVALID, Message: "error.channels_csv_syntax", Fields: []survey.FieldError{{Question: "csv", Message: "error.channels_csv_syntax", Data: map[string]any{"Line": pe.Line}}}}
	}
	return fmt.Errorf("read channels csv: %w", err)
}
