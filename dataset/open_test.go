package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// A shipped series is found by name, by data:PATH and, from a checkout, by
// its path on disk, and all three read the same observations.
func TestLoadPricesShipped(t *testing.T) {
	t.Parallel()
	var lens []int
	for _, arg := range []string{"nvda", "NVDA", "data:prices/stocks/NVDA.csv", "../data/prices/stocks/NVDA.csv"} {
		ps, err := LoadPrices(arg, "")
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		lens = append(lens, ps.Len())
	}
	for _, n := range lens[1:] {
		if n != lens[0] || n < 6000 {
			t.Fatalf("observations %v: want the same count, over 6000 (SOURCES.md: 6642 rows)", lens)
		}
	}
	// The Shiller file has no close column; its catalogued column is used.
	ps, err := LoadPrices("shiller", "")
	if err != nil || ps.Column != "sp_price" {
		t.Fatalf("shiller: column %q, %v; want sp_price", ps.Column, err)
	}
}

// Every shipped price series parses with its catalogued column.
func TestEveryShippedSeriesLoads(t *testing.T) {
	t.Parallel()
	for _, e := range data.Catalogue() {
		if e.Kind != data.Prices {
			continue
		}
		if _, err := LoadPrices(e.Name, ""); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	local := filepath.Join(dir, "nvda")
	if err := os.WriteFile(local, []byte("date,close\n2020-01-01,1\n2020-01-02,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file on disk wins over a shipped name.
	if ps, err := LoadPrices(local, ""); err != nil || ps.Len() != 2 {
		t.Errorf("local file: %d observations, %v; want 2", ps.Len(), err)
	}
	for _, c := range []struct {
		arg  string
		kind data.Kind
		want string
	}{
		{"data/prices/stocks/NVDA.csv", data.Prices, "the shipped copy is data:prices/stocks/NVDA.csv (or nvda)"},
		{"nvdaa", data.Prices, "did you mean the shipped nvda?"},
		{"data:prices/stocks/NVDAA.csv", data.Prices, "no such shipped file; did you mean nvda?"},
		{"data:ai_deals.csv", data.Prices, "is a deals table, not prices"},
		{"deals", data.Prices, "is a deals table, not prices"},
		{dir, data.Prices, "is a directory"},
		{filepath.Join(dir, "missing.csv"), data.Deals, "no such file; `bubblelab data list` shows the shipped deals"},
	} {
		src, err := Open(c.arg, c.kind, string(c.kind))
		if err == nil {
			src.Close()
			t.Errorf("Open(%q) succeeded", c.arg)
			continue
		}
		if !inputerr.Is(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q): %v (bad input %v); want %q", c.arg, err, inputerr.Is(err), c.want)
		}
	}
}
