package design

import (
	"context"
	"crypto/rand"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// MaxCommentLength caps a comment and a suggested wording, in characters.
const MaxCommentLength = 2000

// Comment is a remark on one question of a draft, from anyone who may comment: a note, a
// proposed new wording (Suggestion), or both. Resolved ones are kept, folded away.
type Comment struct {
	ID         string
	Draft      string // the draft's id
	Question   string
	AuthorID   string
	Author     string // email
	Text       string
	Suggestion string // proposed English wording of the question, if any
	Created    time.Time
	Resolved   bool
	ResolvedBy string // email
}

// CommentStore keeps the comments on drafts.
type CommentStore interface {
	// AddComment stores c.
	AddComment(ctx context.Context, c *Comment) error
	// Comments lists the comments on draft id, oldest first.
	Comments(ctx context.Context, draft string) ([]Comment, error)
	// ResolveComment marks comment id of draft resolved by email, or returns ENOTFOUND.
	ResolveComment(ctx context.Context, draft, id, email string) error
}

// AddComment leaves a comment or suggestion from u on question of draft id.
func (svc *Service) AddComment(ctx context.Context, u *staff.User, id, question, text, suggestion string) (*Comment, error) {
	if u == nil || !u.Can(staff.CommentSurveys) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
	}
	d, err := svc.Store.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, ok := d.Survey.Question(question); !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	text, suggestion = strings.TrimSpace(text), strings.TrimSpace(suggestion)
	switch {
	case text == "" && suggestion == "":
		return nil, commentInvalid("design.error.comment_empty")
	case utf8.RuneCountInString(text) > MaxCommentLength || utf8.RuneCountInString(suggestion) > MaxCommentLength:
		return nil, commentInvalid("design.error.comment_long")
	}
	c := &Comment{ID: rand.Text(), Draft: id, Question: question, AuthorID: u.ID, Author: u.Email, Text: text, Suggestion: suggestion,
		Created: svc.Now().UTC()}
	if err := svc.Store.AddComment(ctx, c); err != nil {
		return nil, err
	}
	return c, svc.Audit.RecordSurveyChange(ctx, u, staff.AuditCommentAdded, id, question)
}

func commentInvalid(message string) error {
	return &survey.Error{Code: survey.EINVALID, Message: message, Fields: []survey.FieldError{{Question: "comment", Message: message}}}
}

// ResolveComment marks a comment dealt with, on behalf of u.
func (svc *Service) ResolveComment(ctx context.Context, u *staff.User, id, comment string) error {
	if u == nil || !u.Can(staff.CommentSurveys) {
		return survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
	}
	if err := svc.Store.ResolveComment(ctx, id, comment, u.Email); err != nil {
		return err
	}
	return svc.Audit.RecordSurveyChange(ctx, u, staff.AuditCommentResolved, id, comment)
}

// Comments lists the comments on draft id, oldest first.
func (svc *Service) Comments(ctx context.Context, id string) ([]Comment, error) {
	return svc.Store.Comments(ctx, id)
}

// UseSuggestion makes a comment's suggested wording the English text of its question, as an edit
// of the draft from revision by u, and marks the comment dealt with.
func (svc *Service) UseSuggestion(ctx context.Context, u *staff.User, id, comment string, revision int) (*Draft, error) {
	comments, err := svc.Store.Comments(ctx, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(comments, func(c Comment) bool { return c.ID == comment && c.Suggestion != "" && !c.Resolved })
	if i < 0 {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	c := comments[i]
	d, err := svc.Store.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	edited := Clone(d.Survey)
	q, ok := edited.Question(c.Question)
	if !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	q.Text[survey.SourceLanguage] = c.Suggestion
	if d, err = svc.Save(ctx, u, id, revision, edited, "suggestion "+c.ID); err != nil {
		return nil, err
	}
	return d, svc.ResolveComment(ctx, u, id, c.ID)
}
