// Package draftstore keeps the survey editor's drafts, their revisions and comments, and the
// marker that tells every process a draft changed, for the mongo adapter, whose DB embeds it.
package draftstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Store reads and writes drafts in one database.
type Store struct {
	db *mongo.Database
}

// New is the draft store of database db.
func New(db *mongo.Database) *Store {
	return &Store{db: db}
}

func (db *Store) drafts() *mongo.Collection         { return db.db.Collection("drafts") }
func (db *Store) draftRevisions() *mongo.Collection { return db.db.Collection("draft_revisions") }

// EnsureIndexes keeps a draft's revisions and comments findable in order.
func (db *Store) EnsureIndexes(ctx context.Context) error {
	for _, ix := range []struct {
		coll *mongo.Collection
		keys bson.D
	}{
		{db.draftRevisions(), bson.D{{Key: "draft", Value: 1}, {Key: "rev", Value: 1}}},
		{db.draftComments(), bson.D{{Key: "draft", Value: 1}, {Key: "created", Value: 1}}},
	} {
		if _, err := ix.coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: ix.keys, Options: options.Index().SetName("draft")}); err != nil {
			return fmt.Errorf("create %s index: %w", ix.coll.Name(), storeerr.Wrap(err))
		}
	}
	return nil
}

// draftDoc is a draft's latest revision with its workflow state. The definition is kept as the
// survey's JSON, the same encoding the API uses, so every field round-trips.
type draftDoc struct {
	ID         string        `bson:"_id"` // slug@version
	Slug       string        `bson:"slug"`
	Version    int           `bson:"version"`
	BasedOn    int           `bson:"based_on"`
	Status     string        `bson:"status"`
	Revision   int           `bson:"rev"`
	Definition string        `bson:"def"`
	Approvals  []approvalDoc `bson:"approvals"`
	Updated    time.Time     `bson:"updated"`
	By         string        `bson:"by"`
}

type approvalDoc struct {
	UserID string       `bson:"uid"`
	Email  string       `bson:"email"`
	Roles  []staff.Role `bson:"roles"`
	Time   time.Time    `bson:"t"`
}

// revisionDoc is one saved revision; its _id ("slug@version#rev") makes a second save of the
// same revision fail atomically, even on FerretDB.
type revisionDoc struct {
	ID         string    `bson:"_id"`
	Draft      string    `bson:"draft"`
	Revision   int       `bson:"rev"`
	Status     string    `bson:"status"`
	Definition string    `bson:"def"`
	Updated    time.Time `bson:"updated"`
	By         string    `bson:"by"`
}

// SaveDraft stores d as revision d.Revision, or returns ECONFLICT when that revision exists.
func (db *Store) SaveDraft(ctx context.Context, d *design.Draft) error {
	def, err := json.Marshal(d.Survey)
	if err != nil {
		return fmt.Errorf("encode draft %s: %w", d.ID(), err)
	}
	rev := revisionDoc{ID: fmt.Sprintf("%s#%d", d.ID(), d.Revision), Draft: d.ID(), Revision: d.Revision, Status: string(d.Status),
		Definition: string(def), Updated: d.Updated, By: d.UpdatedBy}
	if _, err := db.draftRevisions().InsertOne(ctx, rev); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return survey.Errorf(survey.ECONFLICT, "design.error.changed")
		}
		return fmt.Errorf("save revision of draft %s: %w", d.ID(), storeerr.Wrap(err))
	}
	doc := draftDoc{ID: d.ID(), Slug: d.Slug, Version: d.Version, BasedOn: d.BasedOn, Status: string(d.Status), Revision: d.Revision,
		Definition: string(def), Updated: d.Updated, By: d.UpdatedBy}
	for _, a := range d.Approvals {
		doc.Approvals = append(doc.Approvals, approvalDoc{UserID: a.UserID, Email: a.Email, Roles: a.Roles, Time: a.Time})
	}
	if _, err := db.drafts().ReplaceOne(ctx, bson.D{{Key: "_id", Value: doc.ID}}, doc, options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("save draft %s: %w", d.ID(), storeerr.Wrap(err))
	}
	// After the draft, so whoever reads the new marker then reads this draft.
	_, err = db.markers().UpdateOne(ctx, bson.D{{Key: "_id", Value: draftsMarker}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "v", Value: rand.Text()}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("mark drafts changed: %w", storeerr.Wrap(err))
	}
	return nil
}

// draftsMarker names the marker every draft save changes to a new random value.
const draftsMarker = "drafts"

func (db *Store) markers() *mongo.Collection { return db.db.Collection("markers") }

// DraftsMarker returns a value that changes whenever a draft is saved, "" before the first: a
// process following the editor reads this one small document every few seconds, and every draft
// only when it has changed.
func (db *Store) DraftsMarker(ctx context.Context) (string, error) {
	var m struct {
		V string `bson:"v"`
	}
	err := db.markers().FindOne(ctx, bson.D{{Key: "_id", Value: draftsMarker}}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read drafts marker: %w", storeerr.Wrap(err))
	}
	return m.V, nil
}

func decodeDefinition(id, def string) (*survey.Survey, error) {
	var s survey.Survey
	if err := json.Unmarshal([]byte(def), &s); err != nil {
		return nil, fmt.Errorf("decode draft %s: %w", id, err)
	}
	return &s, nil
}

func (d *draftDoc) toDraft() (*design.Draft, error) {
	s, err := decodeDefinition(d.ID, d.Definition)
	if err != nil {
		return nil, err
	}
	out := &design.Draft{Slug: d.Slug, Version: d.Version, BasedOn: d.BasedOn, Status: design.Status(d.Status), Revision: d.Revision,
		Survey: s, Updated: d.Updated, UpdatedBy: d.By}
	for _, a := range d.Approvals {
		out.Approvals = append(out.Approvals, design.Approval{UserID: a.UserID, Email: a.Email, Roles: a.Roles, Time: a.Time})
	}
	return out, nil
}

// Draft returns the draft with id, or ENOTFOUND.
func (db *Store) Draft(ctx context.Context, id string) (*design.Draft, error) {
	var doc draftDoc
	err := db.drafts().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("read draft %s: %w", id, storeerr.Wrap(err))
	}
	return doc.toDraft()
}

// Drafts lists every draft by slug, then version.
func (db *Store) Drafts(ctx context.Context) ([]*design.Draft, error) {
	cur, err := db.drafts().Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "slug", Value: 1}, {Key: "version", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", storeerr.Wrap(err))
	}
	var docs []draftDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list drafts: %w", storeerr.Wrap(err))
	}
	out := make([]*design.Draft, len(docs))
	for i := range docs {
		if out[i], err = docs[i].toDraft(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Revisions lists the revisions of draft id, oldest first.
func (db *Store) Revisions(ctx context.Context, id string) ([]design.Revision, error) {
	cur, err := db.draftRevisions().Find(ctx, bson.D{{Key: "draft", Value: id}}, options.Find().SetSort(bson.D{{Key: "rev", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list revisions of %s: %w", id, storeerr.Wrap(err))
	}
	var docs []revisionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list revisions of %s: %w", id, storeerr.Wrap(err))
	}
	out := make([]design.Revision, len(docs))
	for i, d := range docs {
		s, err := decodeDefinition(d.ID, d.Definition)
		if err != nil {
			return nil, err
		}
		out[i] = design.Revision{Number: d.Revision, Status: design.Status(d.Status), Survey: s, Time: d.Updated, By: d.By}
	}
	return out, nil
}

func (db *Store) draftComments() *mongo.Collection { return db.db.Collection("draft_comments") }

// commentDoc is a comment on a draft's question.
type commentDoc struct {
	ID         string    `bson:"_id"`
	Draft      string    `bson:"draft"`
	Question   string    `bson:"question"`
	AuthorID   string    `bson:"author_id"`
	Author     string    `bson:"author"`
	Text       string    `bson:"text"`
	Suggestion string    `bson:"suggestion"`
	Created    time.Time `bson:"created"`
	Resolved   bool      `bson:"resolved"`
	ResolvedBy string    `bson:"resolved_by"`
}

// AddComment stores c.
func (db *Store) AddComment(ctx context.Context, c *design.Comment) error {
	_, err := db.draftComments().InsertOne(ctx, commentDoc{ID: c.ID, Draft: c.Draft, Question: c.Question, AuthorID: c.AuthorID, Author: c.Author,
		Text: c.Text, Suggestion: c.Suggestion, Created: c.Created})
	if err != nil {
		return fmt.Errorf("add comment to %s: %w", c.Draft, storeerr.Wrap(err))
	}
	return nil
}

// Comments lists the comments on a draft, oldest first.
func (db *Store) Comments(ctx context.Context, draft string) ([]design.Comment, error) {
	cur, err := db.draftComments().Find(ctx, bson.D{{Key: "draft", Value: draft}}, options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list comments on %s: %w", draft, storeerr.Wrap(err))
	}
	var docs []commentDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list comments on %s: %w", draft, storeerr.Wrap(err))
	}
	out := make([]design.Comment, len(docs))
	for i, d := range docs {
		out[i] = design.Comment{ID: d.ID, Draft: d.Draft, Question: d.Question, AuthorID: d.AuthorID, Author: d.Author, Text: d.Text,
			Suggestion: d.Suggestion, Created: d.Created, Resolved: d.Resolved, ResolvedBy: d.ResolvedBy}
	}
	return out, nil
}

// ResolveComment marks comment id on draft resolved by email, or returns ENOTFOUND.
func (db *Store) ResolveComment(ctx context.Context, draft, id, email string) error {
	res, err := db.draftComments().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "draft", Value: draft}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "resolved", Value: true}, {Key: "resolved_by", Value: email}}}})
	if err != nil {
		return fmt.Errorf("resolve comment on %s: %w", draft, storeerr.Wrap(err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return nil
}
