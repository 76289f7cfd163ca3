package sim

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated documentation and golden files")

// TestModelDocs keeps docs/model.md's parameter tables equal to the code.
func TestModelDocs(t *testing.T) {
	const path = "../docs/model.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	const begin, end = "<!-- params:begin -->", "<!-- params:end -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %s ... %s markers", path, begin, end)
	}
	want := begin + "\n" + ParamTable() + end
	got := doc[i : j+len(end)]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc[:i]+want+doc[j+len(end):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s parameter tables are out of date: run go test ./sim -run TestModelDocs -update", path)
}

// TestEveryParameterDocumented requires a meaning for every parameter and a
// source for every numeric one.
func TestEveryParameterDocumented(t *testing.T) {
	for _, d := range ParamDocs() {
		if d.Doc == "" {
			t.Errorf("%s has no doc tag", d.Key)
		}
		if d.Source == "" && !strings.HasPrefix(d.Key, "mechanisms.") && d.Key != "name" && d.Key != "description" {
			t.Errorf("%s has no src tag", d.Key)
		}
	}
}
