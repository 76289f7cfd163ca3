package netflow

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// ReadEdgeList reads a graph from a plain edge list: one edge per line as
// "SOURCE TARGET WEIGHT" separated by blanks or tabs, where node names contain
// no blanks and WEIGHT is a finite non-negative number (USD bn for deal
// networks). Blank lines and lines starting with '#' are ignored. Node order
// is the order of first appearance; repeated pairs are merged. Errors are
// *inputerr.Error values naming name, the line and the field. This is the
// exchange format the benchmarks share with networkx and graph-tool.
func ReadEdgeList(r io.Reader, name string) (*Graph, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var b Builder
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 3 {
			return nil, inputerr.New(name, line, "", "want 3 fields (source target weight), got %d", len(f))
		}
		w, err := strconv.ParseFloat(f[2], 64)
		if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, inputerr.New(name, line, "weight", "%q is not a finite non-negative number", f[2])
		}
		if err := b.AddEdge(f[0], f[1], w, w, false); err != nil {
			return nil, inputerr.New(name, line, "weight", "%v", err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, inputerr.New(name, line+1, "", "read: %v", err)
	}
	return b.Build(), nil
}

// WriteEdgeList writes g in the format ReadEdgeList reads, edges in
// (source, target) order, weights in the shortest form that reads back
// exactly. Node names must not contain blanks.
func WriteEdgeList(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	for _, name := range g.Names() {
		if name == "" || strings.ContainsAny(name, " \t\r\n") || name[0] == '#' {
			return fmt.Errorf("netflow: node name %q cannot be written to an edge list", name)
		}
	}
	for _, e := range g.Edges() {
		bw.WriteString(g.Name(e.From))
		bw.WriteByte(' ')
		bw.WriteString(g.Name(e.To))
		bw.WriteByte(' ')
		bw.WriteString(strconv.FormatFloat(e.WeightBn, 'g', -1, 64))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// RandomGraph returns a uniform random directed graph with the given number
// of nodes (named "0", "1", ..., in that node order) and edges, without
// self-loops or parallel edges, with integer weights drawn uniformly from
// 1..maxWeight. The same source gives the same graph on every platform
// (math/rand/v2's generators are stable), which the cross-checks against
// networkx rely on. It panics if edges exceeds nodes·(nodes−1).
func RandomGraph(nodes, edges, maxWeight int, rnd *rand.Rand) *Graph {
	if nodes < 0 || edges < 0 || maxWeight < 1 {
		panic("netflow: RandomGraph needs non-negative sizes and a positive weight bound")
	}
	if int64(edges) > int64(nodes)*int64(nodes-1) {
		panic(fmt.Sprintf("netflow: %d edges do not fit in a simple digraph on %d nodes", edges, nodes))
	}
	names := make([]string, nodes)
	index := make(map[string]int, nodes)
	for i := range names {
		names[i] = strconv.Itoa(i)
		index[names[i]] = i
	}
	seen := make(map[int64]struct{}, edges)
	list := make([]Edge, 0, edges)
	for len(list) < edges {
		u, v := rnd.IntN(nodes), rnd.IntN(nodes)
		if u == v {
			continue
		}
		key := int64(u)*int64(nodes) + int64(v)
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = struct{}{}
		w := float64(1 + rnd.IntN(maxWeight))
		list = append(list, Edge{From: u, To: v, WeightBn: w, HeadlineBn: w})
	}
	return newGraph(names, index, list)
}
