package netflow

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/nfc"
)

// ReadEdgeList reads a graph from a plain edge list: one edge per line as
// "SOURCE TARGET WEIGHT" separated by blanks or tabs, where node names contain
// no blanks and WEIGHT is a finite non-negative number (USD bn for deal
// networks). Blank lines and lines starting with '#' are ignored. Node order
// is the order of first appearance; repeated pairs are merged, their weights
// summed in input order. Errors are *inputerr.Error values naming name, the
// line and the field. This is the exchange format the benchmarks share with
// networkx and graph-tool.
//
// The reader is built for edge lists of 1e7 lines and more: lines are parsed
// in place, each name is stored once, and the edges are gathered as 16-byte
// records and merged by a stable radix sort instead of a map of pairs, so
// reading costs about 1.5 times the finished graph's own memory (see
// bench/results/loops.md).
func ReadEdgeList(r io.Reader, name string) (*Graph, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		names []string
		index = map[string]int{}
		raw   []rawEdge
	)
	node := func(b []byte) (int32, error) {
		if i, ok := index[string(b)]; ok { // no allocation on lookup
			return int32(i), nil
		}
		if len(names) >= math.MaxInt32-1 {
			return 0, fmt.Errorf("more than %d nodes", math.MaxInt32-1)
		}
		s := string(b)
		// An NFD spelling of a name already seen (a combining mark after
		// the letter) is the same firm; later lines in that spelling then
		// hit the lookup above.
		if c := nfc.String(s); c != s {
			if i, ok := index[c]; ok {
				index[s] = i
				return int32(i), nil
			}
			index[s] = len(names)
			s = c
		}
		index[s] = len(names)
		names = append(names, s)
		return int32(len(names) - 1), nil
	}
	var fields [4][]byte
	line := 0
	for sc.Scan() {
		line++
		nf := splitFields(sc.Bytes(), fields[:])
		if nf == 0 || fields[0][0] == '#' {
			continue
		}
		if nf != 3 {
			if nf > 3 {
				nf = len(strings.Fields(sc.Text())) // the exact count, for the message
			}
			return nil, inputerr.New(name, line, "", "want 3 fields (source target weight), got %d", nf)
		}
		w, err := strconv.ParseFloat(string(fields[2]), 64)
		if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, inputerr.New(name, line, "weight", "%q is not a finite non-negative number", fields[2])
		}
		if w > MaxEdgeListWeight {
			return nil, inputerr.New(name, line, "weight", "%q is above %g, so sums of weights could overflow", fields[2], MaxEdgeListWeight)
		}
		u, err := node(fields[0])
		if err != nil {
			return nil, inputerr.New(name, line, "source", "%v", err)
		}
		v, err := node(fields[1])
		if err != nil {
			return nil, inputerr.New(name, line, "target", "%v", err)
		}
		if len(raw) >= math.MaxInt32-1 {
			return nil, inputerr.New(name, line, "", "more than %d edges", math.MaxInt32-1)
		}
		raw = append(raw, rawEdge{from: u, to: v, w: w})
	}
	if err := sc.Err(); err != nil {
		return nil, inputerr.New(name, line+1, "", "read: %v", err)
	}
	raw = sortRawEdges(raw, len(names))
	// Merge runs of one ordered pair; the sort is stable, so a pair's weights
	// are summed in input order, as Builder.AddEdge would.
	merged := 0
	for i := 0; i < len(raw); {
		e := raw[i]
		j := i + 1
		for ; j < len(raw) && raw[j].from == e.from && raw[j].to == e.to; j++ {
			e.w += raw[j].w
		}
		raw[merged] = e
		merged++
		i = j
	}
	edges := make([]Edge, merged)
	for i, e := range raw[:merged] {
		edges[i] = Edge{From: int(e.from), To: int(e.to), WeightBn: e.w, HeadlineBn: e.w}
	}
	raw = nil // let the collector take the records before the adjacency is built
	return newGraph(names, index, edges), nil
}

// MaxEdgeListWeight is the largest weight ReadEdgeList accepts: small enough
// that the sum of 2^31 such weights (merged pairs, gross flow) stays finite.
const MaxEdgeListWeight = 1e290

// rawEdge is one edge-list line: 16 bytes, a quarter of an Edge.
type rawEdge struct {
	from, to int32
	w        float64
}

// sortRawEdges sorts edges by (from, to), stably, with two counting-sort
// passes (by to, then by from): O(edges + nodes) time and one extra buffer,
// where a comparison sort would need O(edges log edges) comparisons on 1e7
// lines.
func sortRawEdges(raw []rawEdge, nodes int) []rawEdge {
	if len(raw) < 2 {
		return raw
	}
	buf := make([]rawEdge, len(raw))
	count := make([]int32, nodes+1)
	pass := func(src, dst []rawEdge, key func(rawEdge) int32) {
		clear(count)
		for _, e := range src {
			count[key(e)+1]++
		}
		for i := 1; i <= nodes; i++ {
			count[i] += count[i-1]
		}
		for _, e := range src {
			k := key(e)
			dst[count[k]] = e
			count[k]++
		}
	}
	pass(raw, buf, func(e rawEdge) int32 { return e.to })
	pass(buf, raw, func(e rawEdge) int32 { return e.from })
	return raw
}

// splitFields stores up to len(out) of line's blank-separated fields in out,
// as sub-slices of line, and returns how many fields there are, counting at
// most len(out) (a caller wanting 3 gives room for 4 to detect extras).
// Blanks are what strings.Fields splits on (unicode.IsSpace), so names and
// error messages match the earlier string-based reader.
func splitFields(line []byte, out [][]byte) int {
	n := 0
	i := 0
	for i < len(line) && n < len(out) {
		for i < len(line) {
			r, size := rune(line[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(line[i:])
			}
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		if i == len(line) {
			break
		}
		start := i
		for i < len(line) {
			r, size := rune(line[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(line[i:])
			}
			if unicode.IsSpace(r) {
				break
			}
			i += size
		}
		out[n] = line[start:i]
		n++
	}
	return n
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
