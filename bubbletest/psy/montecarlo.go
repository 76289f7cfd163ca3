package psy

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Drift is the deterministic drift of the random-walk null,
// y_t = y_{t-1} + D·T^(-Eta) + e_t. The zero value is the driftless walk
// that exuber's radf_mc_cv simulates.
type Drift struct {
	D   float64 // scale
	Eta float64 // decay exponent in the sample size T
}

// PSYDrift returns the local-to-zero drift T^-1 of PSY (2015) and of
// their psymonitor code (cvPSYmc: a <- obs^(-1)). With an intercept
// in the regression its effect on the statistics vanishes as T grows.
func PSYDrift() Drift { return Drift{D: 1, Eta: 1} }

func (d Drift) step(n int) float64 {
	if d.D == 0 {
		return 0
	}
	return d.D * math.Pow(float64(n), -d.Eta)
}

// Sim configures a simulation of critical values.
type Sim struct {
	// Reps is the number of replications, at least 2.
	Reps int
	// Seed selects the random streams. Replication i draws from a ChaCha8
	// generator keyed by (Seed, i) alone, so results do not depend on the
	// number of workers or on scheduling.
	Seed uint64
	// Workers is the number of goroutines; zero means runtime.GOMAXPROCS(0).
	Workers int
	// Levels are the quantile levels to report; nil means 0.90, 0.95 and
	// 0.99, the levels of PSY's and exuber's tables.
	Levels []float64
	// Progress, if not nil, is called after each replication with the
	// number finished so far. Calls are serialised and done increases by
	// one each time; it runs on a worker goroutine, so keep it short.
	Progress func(done, total int)
}

// CriticalValues are quantiles of the null distributions of the
// statistics, simulated for series of N prices with the window and lag
// settings recorded alongside.
type CriticalValues struct {
	// Method is "monte carlo" or "wild bootstrap".
	Method string
	// N, MinWindow, LagSelect, Lag and Offset describe the simulated test
	// as in Result; sequences below are aligned with Result.BSADF.
	N         int
	MinWindow int
	LagSelect LagSelection
	Lag       int
	Offset    int
	// Reps is the number of replications.
	Reps int
	// Levels are the quantile levels, e.g. 0.95; every per-level slice
	// below is indexed like Levels.
	Levels []float64

	// ADF, SADF and GSADF are the critical values of the three statistics.
	ADF, SADF, GSADF []float64
	// ADFStdErr, SADFStdErr and GSADFStdErr are Monte Carlo standard
	// errors of those quantiles: half the distance between the order
	// statistics at ranks R·q ± sqrt(R·q·(1-q)), a distribution-free band
	// of about one standard error on either side.
	ADFStdErr, SADFStdErr, GSADFStdErr []float64

	// BSADF[l][i] is the level-l quantile of BSADF_t at price Offset+i:
	// the critical-value sequence for date-stamping (PSY 2015),
	// computed, as in PSY's own code, from the distribution of the backward
	// supremum itself.
	BSADF [][]float64
	// SADFPath[l][i] is the level-l quantile of the running maximum of
	// BADF up to price Offset+i, i.e. of the SADF statistic of the sample
	// that ends there. exuber's radf_mc_cv reports this sequence as its
	// bsadf_cv. It is higher than BSADF late in the sample.
	SADFPath [][]float64
	// BADF[l][i] is the level-l quantile of BADF at price Offset+i, the
	// finite-sample threshold for PWY (2011) date-stamping with BADF.
	BADF [][]float64

	// ADFDraws, SADFDraws and GSADFDraws are the simulated statistics in
	// ascending order, for p-values (see PValue).
	ADFDraws, SADFDraws, GSADFDraws []float64

	// The simulated BSADF, SADF-path and BADF draws of every date,
	// date-major and sorted within each date (NaNs first), for per-date
	// p-values.
	bsadfDraws, pathDraws, badfDraws []float32
}

// Threshold names a critical-value sequence of CriticalValues.
type Threshold int

const (
	// BSADFThreshold is CriticalValues.BSADF: each date's quantile of the
	// simulated BSADF at that date (PSY's own code).
	BSADFThreshold Threshold = iota
	// SADFPathThreshold is CriticalValues.SADFPath (exuber's bsadf_cv).
	SADFPathThreshold
	// FamilyWiseThreshold is the GSADF quantile used at every date: with a
	// wild bootstrap of FamilyWiseLength prices it controls the
	// family-wise size over that horizon (Phillips and Shi 2020).
	FamilyWiseThreshold
	// BADFThreshold is CriticalValues.BADF, for date-stamping BADF (PWY).
	BADFThreshold
)

// String returns the name used in the CLI.
func (t Threshold) String() string {
	switch t {
	case BSADFThreshold:
		return "bsadf"
	case SADFPathThreshold:
		return "sadf-path"
	case FamilyWiseThreshold:
		return "family-wise"
	case BADFThreshold:
		return "badf"
	}
	return fmt.Sprintf("Threshold(%d)", int(t))
}

// Sequence returns the critical values of kind at level index l, one per
// date of a matching Result (a family-wise threshold repeated).
func (cv *CriticalValues) Sequence(kind Threshold, l int) ([]float64, error) {
	if l < 0 || l >= len(cv.Levels) {
		return nil, inputerr.Errorf("psy: level index %d out of range", l)
	}
	var seq []float64
	switch kind {
	case BSADFThreshold:
		seq = cv.BSADF[l]
	case SADFPathThreshold:
		seq = cv.SADFPath[l]
	case BADFThreshold:
		seq = cv.BADF[l]
	case FamilyWiseThreshold:
		return []float64{cv.GSADF[l]}, nil
	default:
		return nil, inputerr.Errorf("psy: unknown threshold %d", int(kind))
	}
	return slices.Clone(seq), nil
}

// PValues returns the simulated right-tail p-value of every statistic in
// stat (aligned with the simulated dates) against the null distribution
// that the threshold kind is a quantile of: the same date's BSADF, SADF
// path or BADF draws, or for FamilyWiseThreshold the GSADF draws, which
// makes each p-value a family-wise one. See PValue for the formula.
func (cv *CriticalValues) PValues(kind Threshold, stat []float64) ([]float64, error) {
	out := make([]float64, len(stat))
	if kind == FamilyWiseThreshold {
		for i, v := range stat {
			out[i] = pValueOrNaN(cv.GSADFDraws, v)
		}
		return out, nil
	}
	var tab []float32
	switch kind {
	case BSADFThreshold:
		tab = cv.bsadfDraws
	case SADFPathThreshold:
		tab = cv.pathDraws
	case BADFThreshold:
		tab = cv.badfDraws
	default:
		return nil, inputerr.Errorf("psy: unknown threshold %d", int(kind))
	}
	w := len(cv.BSADF[0])
	if len(stat) != w || len(tab) != w*cv.Reps {
		return nil, inputerr.Errorf("psy: %d statistics for critical values of %d dates", len(stat), w)
	}
	for i, v := range stat {
		draws := tab[i*cv.Reps : (i+1)*cv.Reps]
		nan := 0
		for nan < len(draws) && math.IsNaN(float64(draws[nan])) {
			nan++
		}
		draws = draws[nan:]
		if math.IsNaN(v) || len(draws) == 0 {
			out[i] = math.NaN()
			continue
		}
		k, _ := slices.BinarySearch(draws, float32(v))
		out[i] = float64(1+len(draws)-k) / float64(1+len(draws))
	}
	return out, nil
}

func pValueOrNaN(draws []float64, stat float64) float64 {
	if math.IsNaN(stat) || len(draws) == 0 {
		return math.NaN()
	}
	return PValue(draws, stat)
}

// LevelIndex returns the index of level in cv.Levels.
func (cv *CriticalValues) LevelIndex(level float64) (int, error) {
	for i, l := range cv.Levels {
		if math.Abs(l-level) < 1e-9 {
			return i, nil
		}
	}
	return 0, inputerr.Errorf("psy: critical values hold levels %v, not %v", cv.Levels, level)
}

// Matches reports whether cv was simulated for the same sample size, window
// and lag settings as r, so that its sequences line up with r's.
func (cv *CriticalValues) Matches(r *Result) error {
	if cv.N != r.N || cv.MinWindow != r.MinWindow || cv.Lag != r.Lag || cv.LagSelect != r.LagSelect {
		return inputerr.Errorf("psy: critical values are for T=%d, minimum window %d, lag %d (%v); the test used T=%d, minimum window %d, lag %d (%v)",
			cv.N, cv.MinWindow, cv.Lag, cv.LagSelect, r.N, r.MinWindow, r.Lag, r.LagSelect)
	}
	return nil
}

// PValue returns the simulated right-tail p-value of stat against draws
// sorted in ascending order, (1 + #{draws ≥ stat})/(1 + len(draws)), the
// usual Monte Carlo p-value (Davison and Hinkley 1997, chapter 4).
func PValue(draws []float64, stat float64) float64 {
	i, _ := slices.BinarySearch(draws, stat)
	return float64(1+len(draws)-i) / float64(1+len(draws))
}

// MonteCarlo simulates critical values for a series of n prices under the
// unit-root null y_t = y_{t-1} + drift + e_t with standard normal e_t
// (PSY 2015; exuber's radf_mc_cv with drift = Drift{}). The
// statistics are invariant to the level and scale of y, so neither is a
// parameter. opt is resolved against n exactly as Test resolves it.
//
// The per-date sequences need all draws at once: about 12·n·sim.Reps bytes
// (40 MB for n = 1680 and 2000 replications).
func MonteCarlo(ctx context.Context, n int, opt Options, drift Drift, sim Sim) (*CriticalValues, error) {
	if math.IsNaN(drift.D) || math.IsInf(drift.D, 0) || math.IsNaN(drift.Eta) || math.IsInf(drift.Eta, 0) {
		return nil, inputerr.Errorf("psy: drift %+v is not finite", drift)
	}
	pl, err := opt.resolve(n)
	if err != nil {
		return nil, err
	}
	mu := drift.step(n)
	gen := func(rng *rand.Rand, y []float64) {
		level := 0.0
		for t := range y {
			level += mu + rng.NormFloat64()
			y[t] = level
		}
	}
	return simulate(ctx, "monte carlo", pl, sim, gen)
}

// maxTableBytes bounds the memory of a simulation's per-date draws.
const maxTableBytes = 4 << 30

// replicationSeed keys replication i of a simulation with seed.
func replicationSeed(seed uint64, i int) [32]byte {
	var k [32]byte
	binary.LittleEndian.PutUint64(k[0:], seed)
	binary.LittleEndian.PutUint64(k[8:], uint64(i))
	copy(k[16:], "bubblelab/psy")
	return k
}

// simulate runs sim.Reps replications of gen through the recursive test
// described by pl and collects the quantiles.
func simulate(ctx context.Context, method string, pl plan, sim Sim, gen func(*rand.Rand, []float64)) (*CriticalValues, error) {
	if sim.Reps < 2 {
		return nil, inputerr.Errorf("psy: %d replications are too few; use at least 2", sim.Reps)
	}
	levels := sim.Levels
	if levels == nil {
		levels = []float64{0.90, 0.95, 0.99}
	}
	for _, l := range levels {
		if !(l > 0 && l < 1) {
			return nil, inputerr.Errorf("psy: quantile level %v is not in (0, 1)", l)
		}
	}
	workers := sim.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, sim.Reps)
	if workers < 1 {
		workers = 1
	}

	reps, w := sim.Reps, pl.windows
	// The per-date tables hold 3 float32 per date and replication.
	if int64(reps)*int64(w)*12 > maxTableBytes {
		return nil, inputerr.Errorf("psy: %d replications of %d dates need %d MiB of per-date draws, more than the %d MiB limit; use fewer replications or a shorter series",
			reps, w, int64(reps)*int64(w)*12>>20, maxTableBytes>>20)
	}
	adf := make([]float64, reps)
	sadf := make([]float64, reps)
	gsadf := make([]float64, reps)
	// Per-date draws are stored date-major so that each date's sample is
	// contiguous for sorting; float32 halves the memory of these
	// T×reps tables and is far finer than the Monte Carlo error.
	bsadfT := make([]float32, w*reps)
	badfT := make([]float32, w*reps)
	pathT := make([]float32, w*reps)

	var (
		next     atomic.Int64
		progMu   sync.Mutex
		done     int
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sw := newSweeper(pl)
			sw.ctx = ctx
			y := make([]float64, pl.n)
			badf := make([]float64, w)
			bsadf := make([]float64, w)
			src := rand.NewChaCha8([32]byte{})
			rng := rand.New(src)
			for {
				i := int(next.Add(1) - 1)
				if i >= reps {
					return
				}
				if err := ctx.Err(); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				src.Seed(replicationSeed(sim.Seed, i))
				gen(rng, y)
				sw.run(y, badf, bsadf)
				if err := ctx.Err(); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				adf[i] = badf[w-1]
				gsadf[i] = nanMax(bsadf)
				run := math.Inf(-1)
				for k := 0; k < w; k++ {
					if badf[k] > run {
						run = badf[k]
					}
					badfT[k*reps+i] = float32(badf[k])
					bsadfT[k*reps+i] = float32(bsadf[k])
					pathT[k*reps+i] = float32(run)
				}
				sadf[i] = run
				if sim.Progress != nil {
					progMu.Lock()
					done++
					sim.Progress(done, reps)
					progMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, fmt.Errorf("psy: simulation stopped: %w", firstErr)
	}

	cv := &CriticalValues{
		Method:    method,
		N:         pl.n,
		MinWindow: pl.minw,
		LagSelect: pl.sel,
		Lag:       pl.lag,
		Offset:    pl.offset,
		Reps:      reps,
		Levels:    slices.Clone(levels),
	}
	cv.ADFDraws = sortedDraws(adf)
	cv.SADFDraws = sortedDraws(sadf)
	cv.GSADFDraws = sortedDraws(gsadf)
	for _, l := range levels {
		cv.ADF = append(cv.ADF, quantileSorted(l, cv.ADFDraws))
		cv.SADF = append(cv.SADF, quantileSorted(l, cv.SADFDraws))
		cv.GSADF = append(cv.GSADF, quantileSorted(l, cv.GSADFDraws))
		cv.ADFStdErr = append(cv.ADFStdErr, quantileStdErr(l, cv.ADFDraws))
		cv.SADFStdErr = append(cv.SADFStdErr, quantileStdErr(l, cv.SADFDraws))
		cv.GSADFStdErr = append(cv.GSADFStdErr, quantileStdErr(l, cv.GSADFDraws))
	}
	cv.BSADF = dateQuantiles(bsadfT, w, reps, levels, workers)
	cv.BADF = dateQuantiles(badfT, w, reps, levels, workers)
	cv.SADFPath = dateQuantiles(pathT, w, reps, levels, workers)
	cv.bsadfDraws, cv.badfDraws, cv.pathDraws = bsadfT, badfT, pathT
	return cv, nil
}

// dateQuantiles returns q[l][k], the levels[l] quantile of the reps draws
// stored at tab[k*reps : (k+1)*reps], sorting each date's draws in place
// (NaNs first) so that they serve for p-values afterwards.
func dateQuantiles(tab []float32, w, reps int, levels []float64, workers int) [][]float64 {
	q := make([][]float64, len(levels))
	for l := range q {
		q[l] = make([]float64, w)
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]float64, 0, reps)
			for {
				k := int(next.Add(1) - 1)
				if k >= w {
					return
				}
				col := tab[k*reps : (k+1)*reps]
				slices.Sort(col)
				buf = buf[:0]
				for _, v := range col {
					if !math.IsNaN(float64(v)) {
						buf = append(buf, float64(v))
					}
				}
				for l, p := range levels {
					q[l][k] = quantileSorted(p, buf)
				}
			}
		}()
	}
	wg.Wait()
	return q
}
