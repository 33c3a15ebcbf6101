package backoffice

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// channelRequest is the JSON body of POST /api/v1/surveys/{slug}/channels; see docs/api.md.
type channelRequest struct {
	Name    string `json:"name"`
	Setting string `json:"setting"`
	Area    string `json:"area"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
}

// channelBody is a channel with its links, and its counts when listed.
type channelBody struct {
	*survey.Channel
	Link      string   `json:"link"`
	ShortLink string   `json:"short_link"`
	Opened    *int64   `json:"opened,omitempty"`
	Completed *int64   `json:"completed,omitempty"`
	Rate      *float64 `json:"completion_rate,omitempty"`
}

type channelsBody struct {
	*channels.Report
	Channels []channelBody `json:"channels"`
}

func (s *Server) channelBody(ch *survey.Channel) channelBody {
	return channelBody{Channel: ch, Link: ch.Link(s.cfg.PublicURL), ShortLink: ch.ShortLink(s.cfg.PublicURL)}
}

// listChannels returns a page of a survey's channels with their links and counts (?limit=, and
// ?after= the last code of the page before, as the Link header's rel="next" gives it), and the
// totals over every channel.
func (s *Server) listChannels(c *fiber.Ctx) error {
	limit := 0
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			return &web.RequestError{Status: fiber.StatusBadRequest, Message: "error.bad_request", Field: "limit"}
		}
		limit = n
	}
	report, err := s.cfg.Channels.Report(c.UserContext(), c.Params("slug"))
	if err != nil {
		return err
	}
	rows, next, ok := report.Page(c.Query("after"), limit)
	if !ok {
		return &web.RequestError{Status: fiber.StatusBadRequest, Message: "error.bad_request", Field: "after"}
	}
	body := channelsBody{Report: report, Channels: make([]channelBody, len(rows))}
	for i, r := range rows {
		body.Channels[i] = s.channelBody(r.Channel)
		body.Channels[i].Opened, body.Channels[i].Completed, body.Channels[i].Rate = &r.Opened, &r.Completed, r.Rate
	}
	if next != "" {
		page := url.Values{"after": {next}}
		if limit > 0 {
			page.Set("limit", strconv.Itoa(limit))
		}
		c.Set(fiber.HeaderLink, "<"+c.Path()+"?"+page.Encode()+`>; rel="next"`)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(body)
}

// showChannel returns one channel with its links.
func (s *Server) showChannel(c *fiber.Ctx) error {
	_, ch, err := s.surveyChannel(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(s.channelBody(ch))
}

// createChannel adds a channel described in JSON and answers 201 with its code and links.
func (s *Server) createChannel(c *fiber.Ctx) error {
	if !web.IsJSON(c) {
		return &web.RequestError{Status: fiber.StatusUnsupportedMediaType, Message: "error.content_type", Field: "Content-Type"}
	}
	var req channelRequest
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || dec.More() {
		return &web.RequestError{Status: fiber.StatusBadRequest, Message: "error.bad_json", Field: web.JSONField(err)}
	}
	ch, err := s.cfg.Service.CreateChannel(c.UserContext(), &survey.Channel{Survey: c.Params("slug"),
		Name: req.Name, Setting: req.Setting, Area: req.Area, Opens: req.Opens, Closes: req.Closes})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s.channelBody(ch))
}
