package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeIsComplete keeps README.md in step with what exists: its command
// table names every command, its documentation list every file in docs/, and
// every file it or a doc names (docs/X.md, data/X, links) is there.
func TestReadmeIsComplete(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	for _, c := range newRootCmd(io.Discard, io.Discard).Commands() {
		if !c.IsAvailableCommand() || c.Name() == "completion" {
			continue
		}
		if !strings.Contains(text, "| `bubblelab "+c.Name()) && !strings.Contains(text, "`, `"+c.Name()+" ") {
			t.Errorf("README's command table lacks %s", c.Name())
		}
	}
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if name := "docs/" + filepath.Base(d); !strings.Contains(text, "`"+name+"`") {
			t.Errorf("README's documentation list lacks %s", name)
		}
	}
	// Paths in backticks or links, in README.md and docs/*.md.
	ref := regexp.MustCompile("`((?:docs|data|bench|examples)/[A-Za-z0-9_./-]+\\.(?:md|csv|yaml|txt))`|\\]\\(([A-Za-z0-9_./-]+\\.md)\\)")
	for _, f := range append([]string{"../../README.md"}, docs...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ref.FindAllStringSubmatch(string(b), -1) {
			path := filepath.Join("../..", m[1])
			if m[2] != "" {
				path = filepath.Join(filepath.Dir(f), m[2])
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s names %s, which does not exist", filepath.Base(f), m[0])
			}
		}
	}
}
