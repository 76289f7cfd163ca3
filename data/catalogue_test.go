package data

import (
	"io/fs"
	"strings"
	"testing"
)

// Every shipped CSV file has exactly one catalogue entry under a unique
// short name, and every entry names a shipped file.
func TestCatalogueCoversTheShippedFiles(t *testing.T) {
	t.Parallel()
	entries := map[string]Entry{}
	names := map[string]bool{}
	for _, e := range Catalogue() {
		if names[e.Name] {
			t.Errorf("name %s twice", e.Name)
		}
		names[e.Name] = true
		if e.Name != strings.ToLower(e.Name) || strings.ContainsAny(e.Name, `/\.: `) {
			t.Errorf("name %q: want lower case without path characters", e.Name)
		}
		if _, dup := entries[e.Path]; dup {
			t.Errorf("path %s twice", e.Path)
		}
		entries[e.Path] = e
		if e.About == "" || e.Kind == "" {
			t.Errorf("%s lacks its kind or description", e.Name)
		}
	}
	err := fs.WalkDir(Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".csv") {
			return err
		}
		if _, ok := entries[path]; !ok {
			t.Errorf("%s is shipped but not in the catalogue", path)
		}
		delete(entries, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range entries {
		t.Errorf("catalogue entry %s is not shipped", p)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		arg, path string
		ok        bool
	}{
		{"nvda", "prices/stocks/NVDA.csv", true},
		{"NVDA", "prices/stocks/NVDA.csv", true},
		{"data:prices/stocks/NVDA.csv", "prices/stocks/NVDA.csv", true},
		{"prices/stocks/NVDA.csv", "prices/stocks/NVDA.csv", true},
		{"data:sp500-pd", "sp500_pd_ratio_monthly.csv", true},
		{"deals", "ai_deals.csv", true},
		{"nvidia", "", false},
		{"data:prices/stocks/XYZ.csv", "", false},
		{"", "", false},
	} {
		e, ok := Lookup(c.arg)
		if ok != c.ok || e.Path != c.path {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", c.arg, e.Path, ok, c.path, c.ok)
		}
	}
}
