package children

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

func demoSurvey(t testing.TB) *survey.Survey {
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	return surveys[0]
}

// FuzzJSONAnswers decodes arbitrary JSON answer objects: never a panic, and any error is a
// per-question validation error.
func FuzzJSONAnswers(f *testing.F) {
	f.Add([]byte(`{"area":"putney","feel_safer":["cctv","lighting"],"needs_done":"lights"}`))
	f.Add([]byte(`{"area":42,"age":null,"needs_done":["a"],"x":{"y":1}}`))
	f.Add([]byte(`{"feel_safer":"cctv","safe_home":["no","yes"]}`))
	sv := demoSurvey(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var raw map[string]json.RawMessage
		if json.Unmarshal(body, &raw) != nil {
			return
		}
		answers, err := jsonAnswers(sv, raw)
		if err != nil {
			if survey.ErrorCode(err) != survey.EINVALID || len(survey.ErrorFields(err)) == 0 {
				t.Fatalf("error %v, want a validation error naming questions", err)
			}
			return
		}
		_, _ = sv.CleanAnswers(answers)
	})
}

// FuzzFormAnswers decodes arbitrary form bodies as the survey page posts them.
func FuzzFormAnswers(f *testing.F) {
	f.Add("q.area=putney&q.feel_safer=cctv&q.feel_safer=police&q.needs_done=more+lights&key=abc")
	f.Add("q.=x&q.q.q=1&%ff=%fe&q.needs_done=" + url.QueryEscape("\x00\xff"))
	sv := demoSurvey(f)
	f.Fuzz(func(t *testing.T, body string) {
		var args fasthttp.Args
		args.Parse(body)
		answers := formAnswers(sv, args.VisitAll)
		for id, a := range answers {
			if q, ok := sv.Question(id); ok && !q.IsChoice() && len(a.Choices) > 0 {
				t.Fatalf("text question %q got choices", id)
			}
		}
		_, _ = sv.CleanAnswers(answers)
	})
}
