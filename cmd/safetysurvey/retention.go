package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
)

// retentionInterval is how often the server looks for responses due for deletion; a look reads
// one small record per survey past its retention period, so it is cheap.
const retentionInterval = time.Hour

// runRetention deletes the responses due for deletion now, then every interval until ctx ends,
// while this server holds the housekeeping lease. Should two believe they hold it, deleting twice
// deletes nothing more.
func (m *Main) runRetention(ctx context.Context, interval time.Duration) {
	for {
		var results []survey.PurgeResult
		held, err := m.store.db.HoldLease(ctx, mongo.Housekeeping)
		if held {
			results, err = survey.PurgeExpired(ctx, m.store.db, m.surveys.All(), m.Now(), m.Config.Retention, false)
		}
		for _, r := range results {
			if r.Action == survey.Deleted {
				m.Log.Info("deleted responses past retention", "survey", r.Survey.Slug, "closed", r.Survey.Closes, "responses", r.Responses)
			}
		}
		if err != nil && ctx.Err() == nil {
			m.Log.Error("delete responses past retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// responsesCommand runs a sub-command on stored responses: purge.
func responsesCommand(ctx context.Context, args []string, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "purge" {
		return usageError{"responses needs a sub-command: purge\n\n" + usage}
	}
	return purgeResponses(ctx, args[1:], getenv, os.Stdout, time.Now())
}

// purgeResponses deletes (or with --dry-run counts) the responses of the surveys closed longer
// than --retention ago, and says for every survey what happened to its responses.
func purgeResponses(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, now time.Time) error {
	var cfg Config
	var dryRun bool
	_, err := cfg.parse("safetysurvey responses purge", args, getenv, false, os.Stderr, func(fs *flag.FlagSet) {
		cfg.retentionFlag(fs, getenv)
		fs.BoolVar(&dryRun, "dry-run", false, "count the responses that would be deleted, and delete none")
	})
	if err != nil {
		return err
	}
	if cfg.Retention == 0 {
		return usageError{"responses purge needs --retention (or " + retentionEnv + "), e.g. 8760h for a year"}
	}
	catalog, s, err := openSurveys(ctx, cfg, newLogger(cfg.LogLevel))
	if err != nil {
		return err
	}
	defer s.Close()
	results, err := survey.PurgeExpired(ctx, s.db, catalog.All(), now, cfg.Retention, dryRun)
	for _, r := range results {
		fmt.Fprintln(stdout, describePurge(r))
	}
	return err
}

func describePurge(r survey.PurgeResult) string {
	s := r.Survey
	switch r.Action {
	case survey.KeptNoClosingDate:
		return fmt.Sprintf("%s: no closing date; responses kept", s.Slug)
	case survey.KeptUntilDue:
		return fmt.Sprintf("%s: closes %s; responses kept until %s", s.Slug, s.Closes, r.Until.Format("2006-01-02 15:04"))
	case survey.DeletedBefore:
		return fmt.Sprintf("%s: closed %s; responses deleted on %s; counters kept", s.Slug, s.Closes, r.Before.On)
	case survey.WouldDelete:
		return fmt.Sprintf("%s: closed %s; %d responses would be deleted (dry run); counters would be kept", s.Slug, s.Closes, r.Responses)
	default:
		return fmt.Sprintf("%s: closed %s; %d responses deleted; counters kept", s.Slug, s.Closes, r.Responses)
	}
}
