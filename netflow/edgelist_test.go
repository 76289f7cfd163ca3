package netflow

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// readEdgeListReference is the straightforward reader ReadEdgeList
// replaced (strings.Fields per line, a Builder merging pairs through a map):
// the compact reader must build the same graph.
func readEdgeListReference(t *testing.T, in string) *Graph {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(in))
	var b Builder
	for sc.Scan() {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		f := strings.Fields(text)
		w, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.AddEdge(f[0], f[1], w, w, false); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

func sameGraph(t *testing.T, got, want *Graph) {
	t.Helper()
	if !slices.Equal(got.Names(), want.Names()) {
		t.Fatalf("names %q, want %q", got.Names(), want.Names())
	}
	if got.NumEdges() != want.NumEdges() {
		t.Fatalf("%d edges, want %d", got.NumEdges(), want.NumEdges())
	}
	for i := range want.Edges() {
		g, w := got.Edge(i), want.Edge(i)
		if g.From != w.From || g.To != w.To || g.WeightBn != w.WeightBn || g.HeadlineBn != w.HeadlineBn || len(g.Deals) != 0 || g.Estimated {
			t.Fatalf("edge %d: %+v, want %+v", i, g, w)
		}
	}
	for v := range want.NumNodes() {
		if !slices.Equal(got.InEdges(v), want.InEdges(v)) {
			t.Fatalf("in-edges of %d: %v, want %v", v, got.InEdges(v), want.InEdges(v))
		}
		glo, ghi := got.OutEdges(v)
		wlo, whi := want.OutEdges(v)
		if glo != wlo || ghi != whi {
			t.Fatalf("out-edges of %d: [%d,%d), want [%d,%d)", v, glo, ghi, wlo, whi)
		}
	}
}

// TestReadEdgeListMatchesReference builds random edge lists with repeated
// pairs (weights that do not sum associatively), self-loops, comments,
// blank lines and odd blanks, and checks the compact reader against the
// reference.
func TestReadEdgeListMatchesReference(t *testing.T) {
	blanks := []string{" ", "\t", "  ", " \t ", "\u00a0", "\v"}
	for seed := range uint64(40) {
		rnd := rand.New(rand.NewPCG(seed, 7))
		nodes := 1 + rnd.IntN(30)
		var sb strings.Builder
		for range rnd.IntN(300) {
			switch rnd.IntN(12) {
			case 0:
				sb.WriteString("\n")
				continue
			case 1:
				sb.WriteString("  # a comment with four fields\n")
				continue
			}
			blank := func() string { return blanks[rnd.IntN(len(blanks))] }
			maybe := func() string { return []string{"", blank()}[rnd.IntN(2)] }
			w := []string{"1", "0", "0.1", "0.2", "0.3", "1e-17", "3.5e2", "0x1p-3"}[rnd.IntN(8)]
			fmt.Fprintf(&sb, "%sn%d%sn%d%s%s%s\n", maybe(), rnd.IntN(nodes), blank(), rnd.IntN(nodes), blank(), w, maybe())
		}
		in := sb.String()
		got, err := ReadEdgeList(strings.NewReader(in), "g.txt")
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		sameGraph(t, got, readEdgeListReference(t, in))
	}
}

func TestReadEdgeListErrors(t *testing.T) {
	for _, tc := range []struct {
		in, field, msg string
		line           int
	}{
		{"a b 1\nb c\n", "", "got 2", 2},
		{"a b 1\n\nb c 1 2 3 4 5\n", "", "got 7", 3},
		{"a b x\n", "weight", "not a finite", 1},
		{"a b -0.5\n", "weight", "not a finite", 1},
		{"a b Inf\n", "weight", "not a finite", 1},
		{"# c\na b 1e300\n", "weight", "above 1e+290", 2},
	} {
		_, err := ReadEdgeList(strings.NewReader(tc.in), "e.txt")
		var ie *inputerr.Error
		if !inputerrAs(err, &ie) || ie.File != "e.txt" || ie.Line != tc.line || ie.Field != tc.field || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want e.txt line %d field %q containing %q", tc.in, err, tc.line, tc.field, tc.msg)
		}
	}
}

// TestSplitFields checks the in-place splitter against strings.Fields.
func TestSplitFields(t *testing.T) {
	for _, s := range []string{"", "   ", "a", " a ", "a\u00a0b c", "a\xffb c\td", "é ü\u2003x", "a b c d e"} {
		var out [4][]byte
		n := splitFields([]byte(s), out[:])
		want := strings.Fields(s)
		if n != min(len(want), 4) {
			t.Fatalf("%q: %d fields, want %d", s, n, min(len(want), 4))
		}
		for i := range n {
			if string(out[i]) != want[i] {
				t.Fatalf("%q: field %d %q, want %q", s, i, out[i], want[i])
			}
		}
	}
}

// BenchmarkReadEdgeList reads a G(1e5, 1e6) edge list and reports the bytes
// held by the finished graph per edge (retained-B/edge) and the bytes
// allocated while reading per edge (alloc-B/edge).
func BenchmarkReadEdgeList(b *testing.B) {
	g := RandomGraph(100_000, 1_000_000, 100, rand.New(rand.NewPCG(1, 0)))
	var buf bytes.Buffer
	if err := WriteEdgeList(&buf, g); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	g = nil
	var retained float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		h, err := ReadEdgeList(bytes.NewReader(data), "g.txt")
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(h.NumEdges())
		runtime.KeepAlive(h)
	}
	b.ReportMetric(retained, "retained-B/edge")
}
