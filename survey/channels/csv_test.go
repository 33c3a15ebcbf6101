package channels_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
)

func TestChannelsCSV(t *testing.T) {
	chs := []*survey.Channel{
		{Code: "K7P3QX", Survey: "s", Name: "St Mary's, \"Upper\" School", Setting: survey.SettingSchool, Area: "Putney", Closes: "2027-03-31"},
		{Code: "ABCD23", Survey: "s", Name: "Balham Youth Club", Setting: survey.SettingYouthClub},
	}
	var buf bytes.Buffer
	if err := channels.WriteCSV(&buf, "https://x.org", chs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if want := "code,name,setting,area,opens,closes,link,short_link"; lines[0] != want {
		t.Errorf("header = %q, want %q", lines[0], want)
	}
	if want := `K7P3QX,"St Mary's, ""Upper"" School",school,Putney,,2027-03-31,https://x.org/s/s?c=K7P3QX,https://x.org/j/K7P3QX`; lines[1] != want {
		t.Errorf("row = %q, want %q", lines[1], want)
	}
	t.Run("OKRoundTrip", func(t *testing.T) {
		got, err := channels.ReadCSV(&buf, "s")
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			want := *chs[i]
			want.Code = "" // a new channel gets a new code
			if *got[i] != want {
				t.Errorf("row %d = %+v, want %+v", i, got[i], want)
			}
		}
	})
	t.Run("OKSpreadsheetExport", func(t *testing.T) {
		in := "\ufeffName,Type of setting,Setting,Area,Head teacher\r\nSouthfields Academy,,School,Southfields,Ms X\r\n,,,,\r\nRoehampton Club,,Youth Club,Roehampton,\r\n"
		got, err := channels.ReadCSV(strings.NewReader(in), "s")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Setting != survey.SettingSchool || got[1].Setting != survey.SettingYouthClub || got[1].Area != "Roehampton" {
			t.Errorf("read %+v %+v", got[0], got[1])
		}
	})
	t.Run("ErrEveryRowReported", func(t *testing.T) {
		in := "name,setting,closes\nGood,school,\n,school,\nBad,castle,31/03/2027\n"
		_, err := channels.ReadCSV(strings.NewReader(in), "s")
		var got []string
		for _, f := range survey.ErrorFields(err) {
			got = append(got, fmt.Sprintf("%v:%s:%s", f.Data["Line"], f.Question, f.Message))
		}
		want := []string{"3:name:error.channel_name", "4:closes:error.channel_date", "4:setting:error.channel_setting"}
		if survey.ErrorCode(err) != survey.EINVALID || !slices.Equal(got, want) {
			t.Errorf("problems = %v, want %v", got, want)
		}
	})
	t.Run("ErrNoHeader", func(t *testing.T) {
		for _, in := range []string{"", "school,area\n"} {
			if _, err := channels.ReadCSV(strings.NewReader(in), "s"); survey.ErrorMessage(err) != "error.channels_csv_header" {
				t.Errorf("%q: err = %v, want a header error", in, err)
			}
		}
	})
}
