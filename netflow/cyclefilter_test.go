package netflow

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// datedGraph has the triangle A→B→C→A, whose deals run back in time from
// every starting edge unless the later C→A deal is there, and the pairs A↔D
// and B↔C.
func datedGraph(t *testing.T, withLaterCA bool) *Graph {
	t.Helper()
	var b Builder
	deals := []struct {
		from, to, date string
	}{
		{"A", "B", "2023-01-10"},
		{"B", "C", "2023-03-01"},
		{"C", "A", "2023-02-01"},
		{"A", "D", "2024-01-01"},
		{"D", "A", "2023-06-01"}, // D→A before A→D: the pair goes round from D
		{"C", "B", "2022-01-01"}, // a pair always goes round from its earlier deal
	}
	if withLaterCA {
		deals = append(deals, struct{ from, to, date string }{"C", "A", "2023-04-01"})
	}
	for i, d := range deals {
		if err := b.AddDeal(d.from, d.to, 1, 1, false, string(rune('a'+i)), day(d.date)); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

func cycleNames(t *testing.T, g *Graph, opts CycleOptions) []string {
	t.Helper()
	var out []string
	err := EachCycle(context.Background(), g, opts, func(c Cycle) error {
		var s []string
		for _, v := range c.Nodes {
			s = append(s, g.Name(v))
		}
		out = append(out, strings.Join(s, ""))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	count, err := CountCycles(context.Background(), g, opts)
	if err != nil {
		t.Fatal(err)
	}
	top, tc, err := TopCycles(context.Background(), g, opts, 100)
	if err != nil {
		t.Fatal(err)
	}
	if count.Total != int64(len(out)) || tc.Total != count.Total || len(top) != len(out) {
		t.Fatalf("%+v: EachCycle %d, CountCycles %d, TopCycles %d/%d", opts, len(out), count.Total, tc.Total, len(top))
	}
	return out
}

func TestCycleFilters(t *testing.T) {
	g := datedGraph(t, false)
	a, _ := g.Node("A")
	d, _ := g.Node("D")
	for _, c := range []struct {
		name string
		g    *Graph
		opts CycleOptions
		want []string
	}{
		{"all", g, CycleOptions{}, []string{"ABC", "AD", "BC"}},
		{"min length 3", g, CycleOptions{MinLen: 3}, []string{"ABC"}},
		{"min length 4", g, CycleOptions{MinLen: 4}, nil},
		{"through A", g, CycleOptions{Through: []int{a}}, []string{"ABC", "AD"}},
		{"through D", g, CycleOptions{Through: []int{d}}, []string{"AD"}},
		{"time-respecting", g, CycleOptions{TimeRespecting: true}, []string{"AD", "BC"}},
		{"time-respecting with the later deal", datedGraph(t, true), CycleOptions{TimeRespecting: true}, []string{"ABC", "AD", "BC"}},
		{"all three", datedGraph(t, true), CycleOptions{TimeRespecting: true, MinLen: 3, Through: []int{a}}, []string{"ABC"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := cycleNames(t, c.g, c.opts); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("cycles %v, want %v", got, c.want)
			}
		})
	}
	if dates := g.EdgeDates(0); len(dates) != 1 || !dates[0].Equal(day("2023-01-10")) {
		t.Fatalf("EdgeDates(A→B) = %v", dates)
	}
}

func TestCycleFilterErrors(t *testing.T) {
	var b Builder
	if err := b.AddEdge("A", "B", 1, 1, false); err != nil {
		t.Fatal(err)
	}
	undated := b.Build()
	for _, c := range []struct {
		g    *Graph
		opts CycleOptions
		want string
	}{
		{undated, CycleOptions{TimeRespecting: true}, "deal dates"},
		{undated, CycleOptions{MinLen: -1}, "negative"},
		{undated, CycleOptions{Through: []int{5}}, "out of range"},
	} {
		if _, err := CountCycles(context.Background(), c.g, c.opts); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.opts, err, c.want)
		}
	}
}

// TestNFDNamesMerged: a name spelt with a combining accent is the node of
// its precomposed spelling, in edge lists and in built graphs.
func TestNFDNamesMerged(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("Nestle\u0301 A 1\nNestlé B 2\nA Nestle\u0301 3\n"), "nfd.txt")
	if err != nil {
		t.Fatal(err)
	}
	if g.NumNodes() != 3 {
		t.Fatalf("%d nodes %v, want Nestlé, A, B", g.NumNodes(), g.Names())
	}
	if _, ok := g.Node("Nestlé"); !ok {
		t.Fatalf("no composed Nestlé among %q", g.Names())
	}
	var b Builder
	if b.AddNode("Nestle\u0301") != b.AddNode("Nestlé") {
		t.Fatal("Builder made two nodes of one name")
	}
}
