package survey

import (
	"context"
	"strconv"
	"strings"
)

// ResponseExporter reads a survey's stored responses one at a time, for the admins' audited
// export; nothing else reads responses back one by one.
type ResponseExporter interface {
	// CountResponses counts every stored response of survey slug, of any version, suspect or not.
	CountResponses(ctx context.Context, slug string) (int64, error)
	// EachResponse calls each with up to limit stored responses of survey slug, ordered by day and
	// then by id (which is random), never in the order they were stored: the order would say who
	// answered before whom on a day. It stops at each's first error.
	EachResponse(ctx context.Context, slug string, limit int64, each func(*Response) error) error
}

// ExportHeader names the columns of the raw response export of s: the version, language, day,
// the type and area of the place the link or poster was in, why the response is suspect (empty
// for most), and one column per question of s, named by its id.
func ExportHeader(s *Survey) []string {
	head := []string{"version", "lang", "date", "setting", "area", "suspect"}
	for _, q := range s.Questions {
		head = append(head, q.ID)
	}
	return head
}

// ExportRow is one response as a row under ExportHeader(s). It holds no response id, no channel
// code and no time of day; free text is as stored, already scrubbed of personal details; a
// question answered with several choices lists their ids joined by ";".
func ExportRow(s *Survey, r *Response) []string {
	setting, area := "", ""
	for _, g := range r.Groups {
		switch dim, value := SplitGroupKey(g); {
		case value == NotAnswered:
		case dim == DimSetting:
			setting = value
		case dim == DimSettingArea:
			area = value
		}
	}
	row := []string{strconv.Itoa(r.Version), r.Lang, r.Date, setting, area, r.Suspect}
	for _, q := range s.Questions {
		a := r.Answers[q.ID]
		if a.Text != "" {
			row = append(row, a.Text)
			continue
		}
		row = append(row, strings.Join(a.Choices, ";"))
	}
	return row
}
