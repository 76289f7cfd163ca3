package main

import (
	"bufio"
	"container/heap"
	"encoding/json"
	"io"
	"slices"
	"strings"
)

// writeLoopsJSON writes rep as json.MarshalIndent(rep, "", "  ") would,
// followed by a newline, but item by item: the lists of cycles, firms and
// edges are encoded one element at a time into a buffered writer, so the
// memory of the output is that of one element, not of the whole document
// (2.5 GB on a 1e7-edge graph before the lists were capped).
func writeLoopsJSON(w io.Writer, rep *loopsReport) error {
	j := &jsonStream{w: bufio.NewWriterSize(w, 64<<10)}
	c := rep.Cycles
	fields := []jsonField{
		{"schema", jsonValue(rep.Schema)},
		{"input", jsonValue(rep.Input)},
		{"unit", jsonValue(rep.Unit)},
		{"graph", jsonValue(rep.Graph)},
		{"cycles", jsonObject([]jsonField{
			{"max_len", jsonValue(c.MaxLen)},
			{"min_len", jsonValue(c.MinLen)},
			{"through", jsonValue(c.Through)},
			{"time_respecting", jsonValue(c.TimeRespecting)},
			{"count", jsonValue(c.Count)},
			{"count_by_length", jsonValue(c.CountByLength)},
			{"listed", jsonValue(c.Listed)},
			{"truncated", jsonValue(c.Truncated)},
			{"items", jsonArray(c.Items)},
		})},
	}
	if c := rep.Circulation; c != nil { // omitempty
		fields = append(fields, jsonField{"circulation", jsonObject([]jsonField{
			{"gross_bn", jsonValue(c.GrossBn)},
			{"circular_bn", jsonValue(c.CircularBn)},
			{"directional_bn", jsonValue(c.DirectionalBn)},
			{"circularity_index", jsonValue(c.CircularityIndex)},
			{"minimal_gross_bn", jsonValue(c.MinimalGrossBn)},
			{"excess_bn", jsonValue(c.ExcessBn)},
			{"conservative_removable_bn", jsonValue(c.ConservativeRemovableBn)},
			{"firms_listed", jsonValue(c.FirmsListed)},
			{"firms_truncated", jsonValue(c.FirmsTruncated)},
			{"firms", jsonArray(c.Firms)},
			{"edges_listed", jsonValue(c.EdgesListed)},
			{"edges_truncated", jsonValue(c.EdgesTruncated)},
			{"edges", jsonArray(c.Edges)},
		})})
	}
	jsonObject(fields)(j, 0)
	j.raw("\n")
	if j.err != nil {
		return j.err
	}
	return j.w.Flush()
}

// jsonStream writes indented JSON by hand around values encoded with
// encoding/json, keeping the first error.
type jsonStream struct {
	w   *bufio.Writer
	err error
}

// jsonField is one member of an object; write writes its value at depth d
// (the depth of the member's line).
type jsonField struct {
	key   string
	write func(j *jsonStream, d int)
}

func (j *jsonStream) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

func (j *jsonStream) key(d int, k string) {
	b, _ := json.Marshal(k)
	j.raw(strings.Repeat("  ", d) + string(b) + ": ")
}

// jsonObject writes {fields...}, the members at depth d+1.
func jsonObject(fields []jsonField) func(j *jsonStream, d int) {
	return func(j *jsonStream, d int) {
		j.raw("{\n")
		for i, f := range fields {
			j.key(d+1, f.key)
			f.write(j, d+1)
			if i < len(fields)-1 {
				j.raw(",")
			}
			j.raw("\n")
		}
		j.raw(strings.Repeat("  ", d) + "}")
	}
}

// jsonValue encodes v whole, indented for depth d.
func jsonValue(v any) func(j *jsonStream, d int) {
	return func(j *jsonStream, d int) {
		if j.err != nil {
			return
		}
		b, err := json.MarshalIndent(v, strings.Repeat("  ", d), "  ")
		if err != nil {
			j.err = err
			return
		}
		_, j.err = j.w.Write(b)
	}
}

// jsonArray encodes items one at a time ("null" for a nil slice, as
// encoding/json does).
func jsonArray[T any](items []T) func(j *jsonStream, d int) {
	return func(j *jsonStream, d int) {
		switch {
		case items == nil:
			j.raw("null")
			return
		case len(items) == 0:
			j.raw("[]")
			return
		}
		j.raw("[\n")
		for i := range items {
			j.raw(strings.Repeat("  ", d+1))
			jsonValue(items[i])(j, d+1)
			if i < len(items)-1 {
				j.raw(",")
			}
			j.raw("\n")
		}
		j.raw(strings.Repeat("  ", d) + "]")
	}
}

// topIndices returns the indices in [0, n) of the k best items, best meaning
// first in the order cmp(i, j) < 0 with ties broken by the smaller index,
// sorted by index. It keeps a heap of k indices: O(n log k) time, O(k)
// memory, for picking the listed edges among 1e7.
func topIndices(n, k int, cmp func(i, j int) int) []int {
	if k >= n {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	if k <= 0 {
		return []int{}
	}
	// better reports whether i sorts before j.
	better := func(i, j int) bool {
		if c := cmp(i, j); c != 0 {
			return c < 0
		}
		return i < j
	}
	h := &indexHeap{worse: func(i, j int) bool { return better(j, i) }}
	for i := range n {
		if h.Len() < k {
			heap.Push(h, i)
		} else if better(i, h.idx[0]) {
			h.idx[0] = i
			heap.Fix(h, 0)
		}
	}
	slices.Sort(h.idx)
	return h.idx
}

// indexHeap keeps the worst kept index at the top.
type indexHeap struct {
	idx   []int
	worse func(i, j int) bool
}

func (h *indexHeap) Len() int           { return len(h.idx) }
func (h *indexHeap) Less(a, b int) bool { return h.worse(h.idx[a], h.idx[b]) }
func (h *indexHeap) Swap(a, b int)      { h.idx[a], h.idx[b] = h.idx[b], h.idx[a] }
func (h *indexHeap) Push(x any)         { h.idx = append(h.idx, x.(int)) }
func (h *indexHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}
