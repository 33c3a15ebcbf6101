package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	surveychannels "github.com/safeguarding/safetysurvey/survey/channels" // "channels" names a test helper here
	"github.com/safeguarding/safetysurvey/survey/qr"
	"github.com/safeguarding/safetysurvey/survey/report"
)

// channelsCommand does on the command line what staff do in the browser: add, list and import
// channels, and write their QR codes and posters, against the same store as the server.
func channelsCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"channels needs a sub-command: add, list, import, qr, poster or pack\n\n" + usage}
	}
	commands := map[string]func(context.Context, *channelsRun) error{
		"add": addChannel, "list": listChannels, "import": importChannels, "qr": writeQR, "poster": writePoster, "pack": writePack,
	}
	command, ok := commands[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown channels sub-command %q\n\n%s", args[0], usage)}
	}
	r := &channelsRun{stdout: stdout}
	fs, err := r.cfg.parse("safetysurvey channels "+args[0], args[1:], getenv, false, os.Stderr, r.flags(args[0]))
	if err != nil {
		return err
	}
	r.args = fs.Args()
	switch args[0] {
	case "qr", "poster", "pack":
		if surveychannels.LocalOnlyURL(r.cfg.PublicURL) {
			fmt.Fprintln(os.Stderr, "safetysurvey: warning:", publicURLWarning(r.cfg.PublicURL, "run the command again"))
		}
	}
	if r.messages, err = i18n.Load(public.Files, "locales"); err != nil {
		return err
	}
	catalog, st, err := openSurveys(ctx, r.cfg, newLogger(r.cfg.LogLevel))
	if err != nil {
		return err
	}
	defer st.Close()
	r.svc = &survey.Service{Surveys: catalog, Store: st.db, Channels: st.db, Now: time.Now}
	r.reports = &surveychannels.Service{Surveys: catalog, Channels: st.db, Counters: st.db}
	return command(ctx, r)
}

// channelsRun is one channels command: its configuration, flags and the service over the store.
type channelsRun struct {
	cfg      Config
	svc      *survey.Service
	reports  *surveychannels.Service
	messages *i18n.Catalog
	stdout   io.Writer
	args     []string

	survey, code, out, lang string
	channel                 survey.Channel
	size                    int
	strips, csv             bool
}

// flags registers the flags of the sub-command.
func (r *channelsRun) flags(command string) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		switch command {
		case "add", "list", "import", "pack":
			fs.StringVar(&r.survey, "survey", "community-safety", "slug of the survey the channels belong to")
		case "qr", "poster":
			fs.StringVar(&r.code, "code", "", "the channel's code, e.g. K7P3QX")
		}
		switch command {
		case "add":
			fs.StringVar(&r.channel.Name, "name", "", "name of the setting, e.g. Southfields Academy")
			fs.StringVar(&r.channel.Setting, "setting", "", "type of setting: "+strings.Join(survey.SettingTypes, ", "))
			fs.StringVar(&r.channel.Area, "area", "", "area the setting is in (optional)")
			fs.StringVar(&r.channel.Opens, "opens", "", "first day the link takes answers, YYYY-MM-DD (optional)")
			fs.StringVar(&r.channel.Closes, "closes", "", "last day the link takes answers, YYYY-MM-DD (optional)")
		case "list":
			fs.BoolVar(&r.csv, "csv", false, "write the channels and their links as CSV, the format import reads")
		case "qr":
			fs.StringVar(&r.out, "out", "", "file to write: .png or .svg")
			fs.IntVar(&r.size, "size", 1024, fmt.Sprintf("PNG size in pixels, %d to %d", qr.MinSize, qr.MaxSize))
		case "poster", "pack":
			fs.StringVar(&r.out, "out", "", "file to write: .pdf, or .html for one channel's poster")
			fs.StringVar(&r.lang, "lang", "", "language of the headline; the survey's default when empty")
			fs.BoolVar(&r.strips, "strips", false, "add tear-off strips with the short link")
		}
	}
}

// t translates a message id into English, the command line's language.
func (r *channelsRun) t(id string, args ...any) string {
	return r.messages.Localizer(i18n.Source).T(id, args...)
}

// explain turns a domain error into English, one line per field at fault.
func (r *channelsRun) explain(err error) error {
	if survey.ErrorCode(err) != survey.EINVALID {
		return err
	}
	lines := []string{r.t(survey.ErrorMessage(err))}
	for _, f := range survey.ErrorFields(err) {
		where := "--" + f.Question
		if line, ok := f.Data["Line"]; ok {
			where = fmt.Sprintf("line %v: %s", line, f.Question)
		}
		lines = append(lines, fmt.Sprintf("  %s: %s", where, r.t(f.Message, f.Args()...)))
	}
	return usageError{strings.Join(lines, "\n")}
}

func addChannel(ctx context.Context, r *channelsRun) error {
	r.channel.Survey = r.survey
	ch, err := r.svc.CreateChannel(ctx, &r.channel)
	if err != nil {
		return r.explain(err)
	}
	fmt.Fprintf(r.stdout, "%s\t%s\t%s\n", ch.Code, ch.Name, ch.ShortLink(r.cfg.PublicURL))
	return nil
}

func listChannels(ctx context.Context, r *channelsRun) error {
	report, err := r.reports.Report(ctx, r.survey)
	if err != nil {
		return err
	}
	if r.csv {
		channels := make([]*survey.Channel, len(report.Channels))
		for i, row := range report.Channels {
			channels[i] = row.Channel
		}
		return surveychannels.WriteCSV(r.stdout, r.cfg.PublicURL, channels)
	}
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "code\tname\tsetting\tarea\topened\tcompleted\trate\tshort link")
	for _, row := range report.Channels {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", row.Code, row.Name, row.Setting, row.Area, row.Opened, row.Completed, rate(row.Rate), row.ShortLink(r.cfg.PublicURL))
	}
	fmt.Fprintf(w, "\t%d channels\t\t\t%d\t%d\t%s\t\n", report.Total.Channels, report.Total.Opened, report.Total.Completed, rate(report.Total.Rate))
	fmt.Fprintf(w, "\twithout a channel\t\t\t\t%d\t\t\n", report.Unattributed)
	return w.Flush()
}

func rate(r *float64) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", *r)
}

// importChannels adds a channel for every row of a spreadsheet export. Every row is checked
// before any is added, and a setting already listed under the same name is skipped, so running
// the same import twice adds nothing the second time.
func importChannels(ctx context.Context, r *channelsRun) error {
	if len(r.args) != 1 {
		return usageError{"channels import needs one CSV file (or - for standard input)"}
	}
	in := io.Reader(os.Stdin)
	if r.args[0] != "-" {
		f, err := os.Open(r.args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	if _, err := r.svc.Surveys.Get(r.survey); err != nil {
		return usageError{fmt.Sprintf("no survey %q", r.survey)}
	}
	rows, err := surveychannels.ReadCSV(in, r.survey)
	if err != nil {
		return r.explain(err)
	}
	existing, err := r.svc.Channels.Channels(ctx, r.survey)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, ch := range existing {
		known[strings.ToLower(ch.Name)] = true
	}
	added := 0
	for _, row := range rows {
		if known[strings.ToLower(row.Name)] {
			fmt.Fprintf(r.stdout, "skipped\t%s\t(already a channel)\n", row.Name)
			continue
		}
		ch, err := r.svc.CreateChannel(ctx, row)
		if err != nil {
			return fmt.Errorf("after adding %d channels: %w", added, r.explain(err))
		}
		known[strings.ToLower(ch.Name)] = true
		added++
		fmt.Fprintf(r.stdout, "added\t%s\t%s\t%s\n", ch.Code, ch.Name, ch.ShortLink(r.cfg.PublicURL))
	}
	fmt.Fprintf(r.stdout, "%d channels added, %d skipped\n", added, len(rows)-added)
	return nil
}

// findChannel finds the channel named by --code, and its survey.
func (r *channelsRun) findChannel(ctx context.Context) (*survey.Survey, *survey.Channel, error) {
	if r.code == "" || r.out == "" {
		return nil, nil, usageError{"--code and --out are needed"}
	}
	ch, err := r.svc.Channels.Channel(ctx, survey.NormalizeChannel(r.code))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, nil, usageError{fmt.Sprintf("no channel with code %q", r.code)}
	}
	if err != nil {
		return nil, nil, err
	}
	s, err := r.svc.Surveys.Get(ch.Survey)
	if err != nil {
		return nil, nil, fmt.Errorf("channel %s belongs to survey %q, which is not loaded: %w", ch.Code, ch.Survey, err)
	}
	return s, ch, nil
}

func writeQR(ctx context.Context, r *channelsRun) error {
	_, ch, err := r.findChannel(ctx)
	if err != nil {
		return err
	}
	codes := qr.New()
	var img []byte
	switch strings.ToLower(filepath.Ext(r.out)) {
	case ".png":
		img, err = codes.PNG(ch.Link(r.cfg.PublicURL), r.size)
	case ".svg":
		img, err = codes.SVG(ch.Link(r.cfg.PublicURL))
	default:
		return usageError{"--out must end in .png or .svg"}
	}
	if err != nil {
		return r.explain(err)
	}
	return r.write(img, ch.Link(r.cfg.PublicURL))
}

func (r *channelsRun) printer() (*report.Printer, error) {
	return report.NewPrinter(public.Files, qr.New(), r.messages, r.cfg.PublicURL)
}

func writePoster(ctx context.Context, r *channelsRun) error {
	s, ch, err := r.findChannel(ctx)
	if err != nil {
		return err
	}
	p, err := r.printer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	opts := surveychannels.PosterOptions{Lang: r.lang, Strips: r.strips}
	switch strings.ToLower(filepath.Ext(r.out)) {
	case ".pdf":
		err = p.PDF(&buf, s, []*survey.Channel{ch}, opts)
	case ".html":
		err = p.HTML(&buf, s, ch, opts)
	default:
		return usageError{"--out must end in .pdf or .html"}
	}
	if err != nil {
		return err
	}
	return r.write(buf.Bytes(), ch.Name)
}

func writePack(ctx context.Context, r *channelsRun) error {
	if r.out == "" || strings.ToLower(filepath.Ext(r.out)) != ".pdf" {
		return usageError{"--out must name a .pdf file"}
	}
	s, err := r.svc.Surveys.Get(r.survey)
	if err != nil {
		return usageError{fmt.Sprintf("no survey %q", r.survey)}
	}
	channels, err := r.svc.Channels.Channels(ctx, s.Slug)
	if err != nil {
		return err
	}
	p, err := r.printer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := p.PDF(&buf, s, channels, surveychannels.PosterOptions{Lang: r.lang, Strips: r.strips}); err != nil {
		return err
	}
	return r.write(buf.Bytes(), fmt.Sprintf("%d posters", len(channels)))
}

// write writes data to --out and says what it holds.
func (r *channelsRun) write(data []byte, what string) error {
	if err := os.WriteFile(r.out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(r.stdout, "wrote %s: %s\n", r.out, what)
	return nil
}
