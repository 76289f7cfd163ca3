package psy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Incremental computes the BADF and BSADF sequences of a series that grows
// one observation at a time, as a real-time monitor needs them (Phillips
// and Shi 2020). It keeps the running regression sums of every window start
// point, so appending an observation costs one row update and one t-ratio
// per start point: O(T) for a series of T prices, where recomputing the
// whole sequence with Test costs O(T²).
//
// Each start point's sums are accumulated row by row in the order Test
// accumulates them, so every statistic is bit for bit the one Test returns
// for the same prefix of the series with the options of Incremental.Options.
// The minimum window is fixed when the monitor is created: with
// Options.MinWindow zero it is PSY's rule for the initial sample, which
// must then hold at least one price.
//
// The zero value is not usable; create one with NewIncremental.
type Incremental struct {
	pl plan
	sw *sweeper
	y  []float64
	// Running sums of each start point s, in the layout of its path:
	// lag 0 keeps sx, sd, sxx, sxd, sdd at sums[5s:]; other fixed lags and
	// common-rows selection keep an m×m cross-product matrix at
	// sums[s·m²:]; psymonitor's rule keeps one matrix per candidate lag,
	// stride perStart.
	sums     []float64
	perStart int
	badf     []float64
	bsadf    []float64
}

// NewIncremental returns a monitor with the settings opt that has taken in
// the prices y (which may be fewer than the minimum window needs; the
// sequences then start once enough prices have been appended).
func NewIncremental(opt Options, y []float64) (*Incremental, error) {
	if opt.MinWindow == 0 {
		if len(y) == 0 {
			return nil, inputerr.Errorf("psy: incremental test: a zero minimum window is PSY's rule for the initial sample, which is empty")
		}
		opt.MinWindow = DefaultMinWindow(len(y))
	}
	// Resolve against a length that passes the length check; n, rows and
	// windows are then tracked as the series grows.
	pl, err := opt.resolve(opt.MinWindow + 2 + max(opt.Lag, opt.MaxLag))
	if err != nil {
		return nil, fmt.Errorf("incremental test: %w", err)
	}
	inc := &Incremental{pl: pl}
	inc.init()
	for i, v := range y {
		if err := inc.Append(v); err != nil {
			return nil, fmt.Errorf("psy: incremental test, price %d: %w", i, err)
		}
	}
	return inc, nil
}

// init sets the derived fields of an Incremental whose plan holds the
// window and lag settings, for an empty series.
func (inc *Incremental) init() {
	pl := inc.pl
	pl.n, pl.rows, pl.windows = 0, 0, 0
	inc.pl = pl
	small := pl
	small.n = pl.minw + 2 + pl.lag
	small.rows = small.n - 1 - pl.lag
	inc.sw = newSweeper(small)
	inc.sw.dy = inc.sw.dy[:0]
	switch {
	case pl.sel == FixedLag && pl.lag == 0:
		inc.perStart = 5
	case pl.sel != FixedLag && pl.rule == PSYMonitorRows:
		for k := 0; k <= pl.lag; k++ {
			inc.perStart += (k + 3) * (k + 3)
		}
	default:
		inc.perStart = inc.sw.m * inc.sw.m
	}
}

// Options returns options under which Test reproduces the monitor's
// sequences: the minimum window in rows, as fixed at creation.
func (inc *Incremental) Options() Options {
	o := Options{MinWindow: inc.pl.minw, LagSelect: inc.pl.sel, SelectRule: inc.pl.rule}
	if inc.pl.sel == FixedLag {
		o.Lag = inc.pl.lag
	} else {
		o.MaxLag = inc.pl.lag
	}
	return o
}

// Len is the number of prices taken in.
func (inc *Incremental) Len() int { return len(inc.y) }

// Offset is the index of the price that BSADF()[0] belongs to.
func (inc *Incremental) Offset() int { return inc.pl.minw + inc.pl.lag }

// MinWindow is the number of regression rows in the smallest window.
func (inc *Incremental) MinWindow() int { return inc.pl.minw }

// Lag is the fixed lag, or the maximum lag under AIC or BIC.
func (inc *Incremental) Lag() int { return inc.pl.lag }

// BADF and BSADF return the sequences so far (BSADF()[i] belongs to price
// Offset()+i). The slices are the monitor's own: do not modify them.
func (inc *Incremental) BADF() []float64  { return inc.badf }
func (inc *Incremental) BSADF() []float64 { return inc.bsadf }

// Result returns the sequences so far as Test returns them, or an error if
// the series is still shorter than the minimum window needs or has no
// defined statistic.
func (inc *Incremental) Result() (*Result, error) {
	if len(inc.bsadf) == 0 {
		return nil, inputerr.Errorf("psy: %d prices are too few for a minimum window of %d rows with lag %d", len(inc.y), inc.pl.minw, inc.pl.lag)
	}
	res := &Result{
		N: len(inc.y), MinWindow: inc.pl.minw, LagSelect: inc.pl.sel, Lag: inc.pl.lag, Offset: inc.Offset(),
		BADF: slices.Clone(inc.badf), BSADF: slices.Clone(inc.bsadf), y: slices.Clone(inc.y),
	}
	res.ADF = res.BADF[len(res.BADF)-1]
	res.SADF = nanMax(res.BADF)
	res.GSADF = nanMax(res.BSADF)
	if math.IsNaN(res.GSADF) {
		return nil, inputerr.Errorf("psy: no window of the series has a defined statistic (is the series constant?)")
	}
	return res, nil
}

// Append takes in the next price and, once the series is long enough,
// computes the BADF and BSADF values of the new end point. A non-finite
// price is bad input and leaves the monitor unchanged.
func (inc *Incremental) Append(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return inputerr.Errorf("psy: price %d is %v; the series must be finite", len(inc.y), v)
	}
	inc.y = append(inc.y, v)
	n := len(inc.y)
	if n >= 2 {
		inc.sw.dy = append(inc.sw.dy, v-inc.y[n-2])
	}
	pl := &inc.pl
	pl.n = n
	pl.rows = max(n-1-pl.lag, 0)
	if pl.rows < pl.minw {
		return nil
	}
	pl.windows = pl.rows - pl.minw + 1
	k := pl.rows - pl.minw // the new date's index, and its new start point
	inc.sums = append(inc.sums, make([]float64, inc.perStart)...)
	var best, first float64
	if pl.sel == FixedLag && pl.lag == 0 {
		best, first = inc.appendLag0(k)
	} else {
		best, first = inc.appendGeneral(k)
	}
	if math.IsInf(best, -1) {
		best = math.NaN()
	}
	inc.bsadf = append(inc.bsadf, best)
	inc.badf = append(inc.badf, first)
	return nil
}

// appendLag0 adds the last row to the sums of start points 0..k-1, builds
// start point k from its minw rows, and returns the largest statistic and
// that of start point 0. The arithmetic is runLag0's, in the same order.
func (inc *Incremental) appendLag0(k int) (best, first float64) {
	y, dy := inc.y, inc.sw.dy
	r := inc.pl.rows - 1
	best = math.Inf(-1)
	for s := 0; s <= k; s++ {
		st := inc.sums[5*s : 5*s+5 : 5*s+5]
		c := y[s]
		sx, sd, sxx, sxd, sdd := st[0], st[1], st[2], st[3], st[4]
		from := r
		if s == k {
			from = s // a new start point: all its rows
		}
		for q := from; q <= r; q++ {
			x, d := y[q]-c, dy[q]
			sx += x
			sd += d
			sxx += x * x
			sxd += x * d
			sdd += d * d
		}
		st[0], st[1], st[2], st[3], st[4] = sx, sd, sxx, sxd, sdd
		nn := float64(r - s + 1)
		inv := 1 / nn
		invDf := 1 / (nn - 2)
		cxx := sxx - sx*sx*inv
		cxd := sxd - sx*sd*inv
		cdd := sdd - sd*sd*inv
		den := (cdd*cxx - cxd*cxd) * invDf
		if den < 0 {
			den = 0
		}
		u := cxd * math.Abs(cxd) / den
		if u > best {
			best = u
		}
		if s == 0 {
			first = u
		}
	}
	return signedSqrt(best), signedSqrt(first)
}

// appendGeneral is appendLag0 for lags and lag selection: it points the
// sweeper's cross-product matrices at each start point's stored sums and
// runs the batch paths' row update and statistic.
func (inc *Incremental) appendGeneral(k int) (best, first float64) {
	sw, y, pl := inc.sw, inc.y, inc.pl
	r := pl.rows - 1
	K := pl.lag
	best = math.Inf(-1)
	for s := 0; s <= k; s++ {
		st := inc.sums[s*inc.perStart : (s+1)*inc.perStart]
		from := r
		if s == k {
			from = s
		}
		n := r - s + 1
		var t float64
		switch {
		case pl.sel == FixedLag:
			sw.acc = st
			c := y[s+K]
			for q := from; q <= r; q++ {
				sw.fillRowFixed(y, q, c)
				sw.addRow()
			}
			var ok bool
			t, ok = tstatUnrolled(sw.acc, sw.m, n)
			if !ok {
				copy(sw.w, sw.acc)
				t = tstatLast(sw.w, sw.dv, sw.m, n)
			}
		case pl.rule == PSYMonitorRows:
			off := 0
			for j := 0; j <= K; j++ {
				sz := (j + 3) * (j + 3)
				sw.accK[j] = st[off : off+sz]
				off += sz
			}
			if s == k {
				sw.startPSYMonitor(y, s)
			}
			for q := from; q <= r; q++ {
				sw.addPSYMonitorRow(y, q+1+K, y[s])
			}
			t, _ = sw.psymonitorStat(n)
		default:
			sw.acc = st
			c := y[s+K]
			for q := from; q <= r; q++ {
				sw.fillRowSelect(y, q, c)
				sw.addRow()
			}
			p := sw.selectLag(n)
			t = sw.tstatSub(p, n)
		}
		if t > best {
			best = t
		}
		if s == 0 {
			first = t
		}
	}
	return best, first
}

// incrementalMagic starts the binary form of an Incremental; the digit is
// the format version.
const incrementalMagic = "bubblelab psy incremental 1\n"

// MarshalBinary encodes the monitor's settings, prices, running sums and
// sequences exactly, so that a monitor restored by UnmarshalBinary appends
// new prices as if it had never stopped.
func (inc *Incremental) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(incrementalMagic)
	head := []int64{int64(inc.pl.minw), int64(inc.pl.lag), int64(inc.pl.sel), int64(inc.pl.rule),
		int64(len(inc.y)), int64(len(inc.sums)), int64(len(inc.bsadf))}
	for _, part := range []any{head, inc.y, inc.sums, inc.badf, inc.bsadf} {
		if err := binary.Write(&b, binary.LittleEndian, part); err != nil {
			return nil, fmt.Errorf("psy: encoding incremental state: %w", err)
		}
	}
	return b.Bytes(), nil
}

// errBadState marks a binary state that is not one MarshalBinary wrote.
var errBadState = errors.New("psy: not an incremental-test state")

// UnmarshalBinary restores a monitor written by MarshalBinary, checking
// that the lengths fit together.
func (inc *Incremental) UnmarshalBinary(data []byte) error {
	if !bytes.HasPrefix(data, []byte(incrementalMagic)) {
		return errBadState
	}
	rd := bytes.NewReader(data[len(incrementalMagic):])
	head := make([]int64, 7)
	if err := binary.Read(rd, binary.LittleEndian, head); err != nil {
		return fmt.Errorf("%w: header: %v", errBadState, err)
	}
	opt := Options{MinWindow: int(head[0]), LagSelect: LagSelection(head[2]), SelectRule: SelectRule(head[3])}
	if opt.LagSelect == FixedLag {
		opt.Lag = int(head[1])
	} else {
		opt.MaxLag = int(head[1])
	}
	fresh, err := NewIncremental(opt, nil)
	if err != nil || opt.MinWindow <= 0 {
		return fmt.Errorf("%w: settings: %v", errBadState, err)
	}
	n, nsums, w := head[4], head[5], head[6]
	rows := max(n-1-head[1], 0)
	wantW := max(rows-head[0]+1, 0)
	if n < 0 || w != wantW || nsums != w*int64(fresh.perStart) || int64(rd.Len()) != 8*(n+nsums+2*w) {
		return fmt.Errorf("%w: %d prices, %d sums and %d dates do not fit together", errBadState, n, nsums, w)
	}
	y := make([]float64, n)
	fresh.sums = make([]float64, nsums)
	fresh.badf = make([]float64, w)
	fresh.bsadf = make([]float64, w)
	for _, part := range [][]float64{y, fresh.sums, fresh.badf, fresh.bsadf} {
		if err := binary.Read(rd, binary.LittleEndian, part); err != nil {
			return fmt.Errorf("%w: %v", errBadState, err)
		}
	}
	if err := checkFinite(y); err != nil {
		return fmt.Errorf("%w: %v", errBadState, err)
	}
	fresh.y = y
	for i := 1; i < len(y); i++ {
		fresh.sw.dy = append(fresh.sw.dy, y[i]-y[i-1])
	}
	fresh.pl.n = int(n)
	fresh.pl.rows = int(rows)
	fresh.pl.windows = int(w)
	*inc = *fresh
	return nil
}
