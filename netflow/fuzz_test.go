package netflow

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// FuzzReadEdgeList checks that any input either parses into a graph whose
// weights are finite and non-negative and which survives cycle enumeration
// and the circulation, or fails with an *inputerr.Error naming the file and
// a line.
func FuzzReadEdgeList(f *testing.F) {
	f.Add("A C 20\nC B 10\nD C 10\nB A 5\n")
	f.Add("# comment\n\n a b 1e3 \n b a 0\n")
	f.Add("a a 3\n")
	f.Add("a b\n")
	f.Add("a b -1\n")
	f.Add("a b NaN\n")
	f.Add("a b 1 extra\n")
	f.Add("x\ty\t0x1p-3\n")
	f.Fuzz(func(t *testing.T, in string) {
		g, err := ReadEdgeList(strings.NewReader(in), "in.txt")
		if err != nil {
			var ie *inputerr.Error
			if !inputerrAs(err, &ie) || ie.File != "in.txt" || ie.Line < 1 {
				t.Fatalf("error %v is not a located input error", err)
			}
			return
		}
		checkFuzzGraph(t, g)
		var buf bytes.Buffer
		if err := WriteEdgeList(&buf, g); err != nil {
			return // names that cannot be written (none can arise from Fields)
		}
		g2, err := ReadEdgeList(&buf, "again")
		if err != nil || g2.NumEdges() != g.NumEdges() || g2.GrossBn() != g.GrossBn() {
			t.Fatalf("round trip: %v, %d vs %d edges", err, g2.NumEdges(), g.NumEdges())
		}
	})
}

// FuzzDealNetwork feeds arbitrary deal files through dataset.ReadDeals and
// FromDeals: bad rows must give errors naming the file and line; good files
// must give a graph whose gross flow is the sum of the used deals' amounts.
func FuzzDealNetwork(f *testing.F) {
	const header = "id,date_announced,source_firm,target_firm,kind,amount_usd_bn,amount_note,horizon_years,direction_note,source_title,source_url\n"
	toy, err := os.ReadFile("../cmd/bubblelab/testdata/loops/toy_deals.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(toy), false, false)
	f.Add(header+"X1,2025-01-01,A,B,loan,10,,2,,,\nX2,2025-01,B,A,warrant,,,,,,\n", true, false)
	f.Add(header+"X1,2025-01-01,A,A,loan,1,,,,,\n", false, true)
	f.Add(header+"X1,2025-13-01,A,B,loan,1,,,,,\n", false, false)
	f.Add(header+"X1,2025-01-01,A,B,gift,1,,,,,\n", false, false)
	f.Add(header+"X1,2025-01-01,A,B,loan,-1,,,,,\n", false, false)
	f.Add(header+"X1,2025-01-01,A,B,loan,1,,0.5,,,\nX1,2025-01-01,B,A,loan,1,,,,,\n", false, false)
	f.Fuzz(func(t *testing.T, in string, estimate, headline bool) {
		deals, err := dataset.ReadDeals(strings.NewReader(in), "deals.csv")
		if err != nil {
			var ie *inputerr.Error
			if !inputerrAs(err, &ie) || ie.File != "deals.csv" {
				t.Fatalf("error %v is not an input error naming the file", err)
			}
			return
		}
		opts := Options{}
		if estimate {
			opts.Undisclosed = EstimateUndisclosed
		}
		if headline {
			opts.Amounts = Headline
		}
		g, excluded, err := FromDeals(deals, opts)
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("FromDeals error %v is not an input error", err)
			}
			return
		}
		checkFuzzGraph(t, g)
		deals2 := deals
		if estimate {
			deals2 = dataset.EstimateUndisclosed(deals)
		}
		dropped := map[string]bool{}
		for _, e := range excluded {
			dropped[e.ID] = true
		}
		var want float64
		for _, d := range deals2 {
			if dropped[d.ID] {
				continue
			}
			w := d.AmountBn
			if !headline && d.HorizonYears > 0 {
				w /= d.HorizonYears
			}
			want += w
		}
		if math.Abs(g.GrossBn()-want) > 1e-9*max(1, want) {
			t.Fatalf("gross %v, want %v from the used deals", g.GrossBn(), want)
		}
	})
}

func checkFuzzGraph(t *testing.T, g *Graph) {
	t.Helper()
	for _, e := range g.Edges() {
		if math.IsNaN(e.WeightBn) || math.IsInf(e.WeightBn, 0) || e.WeightBn < 0 {
			t.Fatalf("edge weight %v", e.WeightBn)
		}
	}
	if _, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: 4, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	d, err := MaxCirculation(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if d.CircularFlowBn < 0 || d.CircularFlowBn > d.GrossBn*(1+1e-12) {
		t.Fatalf("circular %v outside [0, gross %v]", d.CircularFlowBn, d.GrossBn)
	}
}

func inputerrAs(err error, target **inputerr.Error) bool { return errors.As(err, target) }
