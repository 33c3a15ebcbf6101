// Package editor serves the survey editor in the staff area: drafts of a survey's next version,
// their questions in every language, comments and suggested wordings, the phone preview, import
// and export as YAML, the changes since the version children answer, and the workflow's steps.
// The back office mounts it on its staff routes (backoffice.Room), behind the same sessions, CSRF
// protection and permission gate as every staff page.
package editor

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
)

// Config is what the editor needs, wired by cmd/safetysurvey.
type Config struct {
	Surveys *survey.Catalog
	Design  *design.Service // the drafts and their workflow
	// SurveyFiles reads and writes survey definition files, for the import and export.
	SurveyFiles SurveyFiles
}

// SurveyFiles reads and writes survey definition files: survey/yamlfile's Parse and Marshal,
// wired in cmd/safetysurvey.
type SurveyFiles struct {
	Parse   func(name string, data []byte) (*survey.Survey, error)
	Marshal func(sv *survey.Survey) ([]byte, error)
}

// Server holds the editor's handlers, on the back office whose staff area they are part of.
type Server struct {
	*backoffice.Server
	cfg Config
}

var _ backoffice.Room = (*Server)(nil)

// New makes the editor's handlers on the back office.
func New(back *backoffice.Server, cfg Config) *Server {
	return &Server{Server: back, cfg: cfg}
}

// page is what every editor page can use: the staff page, and the words for statuses and types.
type page struct {
	backoffice.StaffPage
}

// newPage starts an editor page titled with the message id title.
func (s *Server) newPage(c *fiber.Ctx, title string) page {
	return page{s.NewStaffPage(c, title, "drafts")}
}

// MountStaff adds the editor's pages to the staff area: those who may comment may read every
// draft; design changes them.
func (s *Server) MountStaff(st fiber.Router) {
	read, edit := s.Require(staff.CommentSurveys), s.Require(staff.DesignSurveys)
	st.Get("/drafts", read, s.showDraftsPage)
	st.Post("/drafts", edit, s.startDraft)
	st.Get("/drafts/import", edit, s.showImportPage)
	st.Post("/drafts/import", edit, s.importDraft)
	st.Get("/drafts/:id", read, s.showDraftPage)
	st.Get("/drafts/:id/preview", read, s.showDraftPreview)
	st.Get("/drafts/:id/survey.yaml", read, s.exportDraft)
	st.Get("/drafts/:id/changes", read, s.showChangesPage)
	st.Post("/drafts/:id/survey", edit, s.saveDraftSurvey)
	st.Post("/drafts/:id/questions", edit, s.addQuestion)
	st.Get("/drafts/:id/questions/:q", edit, s.showQuestionPage)
	st.Post("/drafts/:id/questions/:q", edit, s.saveQuestion)
	st.Post("/drafts/:id/questions/:q/move", edit, s.moveQuestion)
	st.Post("/drafts/:id/questions/:q/delete", edit, s.deleteQuestion)
	st.Post("/drafts/:id/questions/:q/comments", read, s.addComment)
	st.Post("/drafts/:id/comments/:c/resolve", read, s.resolveComment)
	st.Post("/drafts/:id/comments/:c/use", edit, s.useSuggestion)
	for _, step := range []design.Step{design.SendToReview, design.BackToDraft, design.Approve, design.OpenSurvey, design.CloseSurvey} {
		st.Post("/drafts/:id/"+string(step), s.Require(design.ActionFor(step)), s.takeStep(step))
	}
}
