package survey

import (
	"errors"
	"fmt"
	"testing"
)

// TestDefinitionErrorWords: without UI strings a problem shows its message id and data; with a
// translator it reads as words, also inside errors.Join.
func TestDefinitionErrorWords(t *testing.T) {
	e := NewDefinitionError("test.yaml", 7, "question `q1`: type", msgQuestionType, "Type", "dropdown")
	if got, want := e.Error(), "test.yaml:7: question `q1`: type: definition.question_type Type=\"dropdown\""; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	words := func(id string, args ...any) string { return fmt.Sprintf("<%s %v>", id, args) }
	if got, want := e.Reason(words), "<definition.question_type [Type dropdown]>"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
	joined := errors.Join(DefinitionErrors{e, NewDefinitionError("b.yaml", 0, "", msgNoQuestions)}, errors.New("read c.yaml: gone"))
	want := "test.yaml:7: question `q1`: type: <definition.question_type [Type dropdown]>\nb.yaml: <definition.no_questions []>\nread c.yaml: gone"
	if got := DescribeProblems(joined, words); got != want {
		t.Errorf("DescribeProblems =\n%s\nwant\n%s", got, want)
	}
}
