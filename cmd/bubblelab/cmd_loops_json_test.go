package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/netflow"
)

// TestWriteLoopsJSONMatchesMarshalIndent checks that the streamed document
// is byte for byte what encoding/json writes for the whole report, with and
// without the circulation, with empty, nil and capped lists.
func TestWriteLoopsJSONMatchesMarshalIndent(t *testing.T) {
	t.Parallel()
	g := netflow.RandomGraph(40, 160, 10, rand.New(rand.NewPCG(3, 0)))
	for _, o := range []loopsOptions{
		{maxLen: 4, maxCycles: 50, maxEdges: 10000, maxFirms: 10000},
		{maxLen: 5, maxCycles: 3, maxEdges: 7, maxFirms: 2},
		{maxLen: 3, maxCycles: 0, maxEdges: 0, maxFirms: 0},
		{maxLen: 4, countOnly: true},
	} {
		rep, err := analyseLoops(context.Background(), g, loopsInput{Source: "g <&> \"x\"", MaxLen: o.maxLen}, o)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		var got bytes.Buffer
		if err := writeLoopsJSON(&got, rep); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%+v: streamed JSON differs from MarshalIndent:\n%s\nwant\n%s", o, got.Bytes(), want)
		}
	}
}

// TestLoopsListsCapped checks the listed firms and edges under the caps: the
// largest circular amounts, in node and edge order, with the totals intact.
func TestLoopsListsCapped(t *testing.T) {
	t.Parallel()
	g := netflow.RandomGraph(60, 300, 10, rand.New(rand.NewPCG(5, 0)))
	full, err := analyseLoops(context.Background(), g, loopsInput{}, loopsOptions{maxLen: 3, maxEdges: 1000, maxFirms: 1000})
	if err != nil {
		t.Fatal(err)
	}
	capped, err := analyseLoops(context.Background(), g, loopsInput{}, loopsOptions{maxLen: 3, maxEdges: 25, maxFirms: 9})
	if err != nil {
		t.Fatal(err)
	}
	fc, cc := full.Circulation, capped.Circulation
	if fc.EdgesTruncated || fc.FirmsTruncated || fc.EdgesListed != 300 || fc.FirmsListed != 60 {
		t.Fatalf("uncapped lists: %d edges (truncated %v), %d firms (truncated %v)", fc.EdgesListed, fc.EdgesTruncated, fc.FirmsListed, fc.FirmsTruncated)
	}
	if !cc.EdgesTruncated || !cc.FirmsTruncated || len(cc.Edges) != 25 || cc.EdgesListed != 25 || len(cc.Firms) != 9 {
		t.Fatalf("capped lists: %d edges (truncated %v), %d firms (truncated %v)", len(cc.Edges), cc.EdgesTruncated, len(cc.Firms), cc.FirmsTruncated)
	}
	if cc.CircularBn != fc.CircularBn || cc.GrossBn != fc.GrossBn {
		t.Fatalf("totals changed under the cap")
	}
	// The 25th largest circular flow bounds every edge left out.
	flows := make([]float64, len(fc.Edges))
	for i, e := range fc.Edges {
		flows[i] = e.CircularBn
	}
	slices.SortFunc(flows, func(a, b float64) int { return cmp.Compare(b, a) })
	kept := map[string]bool{}
	for _, e := range cc.Edges {
		if e.CircularBn < flows[24] {
			t.Fatalf("edge %s->%s with circular %v kept below the 25th largest %v", e.Source, e.Target, e.CircularBn, flows[24])
		}
		kept[e.Source+">"+e.Target] = true
	}
	var order []string
	for _, e := range fc.Edges {
		if kept[e.Source+">"+e.Target] {
			order = append(order, e.Source+">"+e.Target)
		}
	}
	var got []string
	for _, e := range cc.Edges {
		got = append(got, e.Source+">"+e.Target)
	}
	if !slices.Equal(got, order) {
		t.Fatalf("capped edges not in edge order: %v, want %v", got, order)
	}
}

func TestTopIndices(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(9, 9))
	for range 200 {
		n, k := rnd.IntN(50), rnd.IntN(60)-5
		v := make([]int, n)
		for i := range v {
			v[i] = rnd.IntN(5)
		}
		byValue := func(i, j int) int { return cmp.Compare(v[j], v[i]) }
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		slices.SortStableFunc(all, byValue)
		want := slices.Clone(all[:max(0, min(k, n))])
		slices.Sort(want)
		if got := topIndices(n, k, byValue); !slices.Equal(got, want) {
			t.Fatalf("n=%d k=%d v=%v: got %v, want %v", n, k, v, got, want)
		}
	}
}

type failWriter struct{ after int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteLoopsJSONWriteError(t *testing.T) {
	t.Parallel()
	g := netflow.RandomGraph(300, 3000, 10, rand.New(rand.NewPCG(1, 0)))
	rep, err := analyseLoops(context.Background(), g, loopsInput{}, loopsOptions{maxLen: 3, maxCycles: 1000, maxEdges: 10000, maxFirms: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeLoopsJSON(&failWriter{after: 100 << 10}, rep); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the write error", err)
	}
}

func TestLoopsMaxEdgesFlag(t *testing.T) {
	t.Parallel()
	code, out, errOut := runLoopsCLI(t, "loops", "--json", "--max-edges", "2", "--max-firms", "1", "testdata/loops/toy_deals.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep loopsReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	c := rep.Circulation
	if c.EdgesListed != 2 || !c.EdgesTruncated || len(c.Edges) != 2 || c.FirmsListed != 1 || len(c.Firms) != 1 || c.CircularBn != 180 {
		t.Fatalf("got %d edges (truncated %v), %d firms, circular %v", len(c.Edges), c.EdgesTruncated, len(c.Firms), c.CircularBn)
	}
	if code, _, errOut := runLoopsCLI(t, "loops", "--max-edges", "-1"); code != exitBadInput || !strings.Contains(errOut, "--max-edges") {
		t.Fatalf("negative --max-edges: exit %d, %s", code, errOut)
	}
}

// TestLoopsZeroWeightCyclesNotListed: a loop through a zero-weight edge is
// counted but not listed as a round trip.
func TestLoopsZeroWeightCyclesNotListed(t *testing.T) {
	t.Parallel()
	g, err := netflow.ReadEdgeList(strings.NewReader("a b 5\nb a 3\nb c 0\nc a 7\n"), "z.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := analyseLoops(context.Background(), g, loopsInput{}, loopsOptions{maxLen: 3, maxCycles: 10})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Cycles
	if c.Count != 2 || c.Listed != 1 || !c.Truncated || len(c.Items) != 1 || c.Items[0].BottleneckBn != 3 {
		t.Fatalf("count %d, listed %d (truncated %v), items %+v; want 2 counted, only a→b→a listed", c.Count, c.Listed, c.Truncated, c.Items)
	}
}
