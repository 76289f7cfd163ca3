package chart

import "math"

// A line with far more points than the plot has pixel columns cannot show
// them all; drawing them only makes the file large (25,000 daily points
// are about 350 KB of path data per series). Min/max decimation keeps,
// for every pixel column, the first, lowest, highest and last point. The
// drawn line then covers exactly the same pixels as the full line, so the
// picture is unchanged while the output is bounded by the plot width.

// decimateRun selects, from a run of point indices whose pixel x is
// non-decreasing, the points to keep. px gives each point's pixel x, whose
// integer part is its column, and key the value whose extremes matter
// (usually its pixel y).
func decimateRun(run []int, px, key []float64) []int {
	if len(run) <= 4 {
		return run
	}
	out := make([]int, 0, 64)
	for start := 0; start < len(run); {
		col := math.Floor(px[run[start]])
		end := start
		lo, hi := start, start
		for end+1 < len(run) && math.Floor(px[run[end+1]]) == col {
			end++
			if key[run[end]] < key[run[lo]] {
				lo = end
			}
			if key[run[end]] > key[run[hi]] {
				hi = end
			}
		}
		// Keep in index order so the line still runs left to right.
		keep := [4]int{start, lo, hi, end}
		if lo > hi {
			keep[1], keep[2] = hi, lo
		}
		prev := -1
		for _, k := range keep {
			if k != prev {
				out = append(out, run[k])
				prev = k
			}
		}
		start = end + 1
	}
	return out
}

// runs splits the indices of points with a finite value into maximal runs
// of consecutive points; a NaN ends a run, which is how gaps are drawn.
func runs(n int, valid func(i int) bool) [][]int {
	var out [][]int
	var cur []int
	for i := 0; i < n; i++ {
		if valid(i) {
			cur = append(cur, i)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// nondecreasing reports whether xs never decreases, the condition under
// which per-column decimation is faithful.
func nondecreasing(xs []float64) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i] < xs[i-1] {
			return false
		}
	}
	return true
}

// sample picks at most k indices spread evenly over idx, always including
// the first and last; it chooses where tooltips go on long series.
func sample(idx []int, k int) []int {
	if len(idx) <= k || k < 2 {
		if k < 2 && len(idx) > 0 {
			return idx[:1]
		}
		return idx
	}
	out := make([]int, 0, k)
	for j := 0; j < k; j++ {
		out = append(out, idx[j*(len(idx)-1)/(k-1)])
	}
	return out
}
