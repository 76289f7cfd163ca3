package fwcheck

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/stat"

	"github.com/bubblelab/bubblelab/market"
	"github.com/bubblelab/bubblelab/market/stylized"
)

// The default path length and burn-in.
const (
	// Days is the length T = 6750 of a measured path, the sample length the
	// project's issue gives for FW's (2012) daily S&P 500 data.
	Days = 6750
	// BurnIn is the number of days discarded before a path is measured.
	// From its start at the fundamental the DCA-HPM ensemble settles in about
	// 800–1000 days, DCA-WP in about 500 (docs/market.md, "Burn-in"); 2000
	// days is about twice the slower.
	BurnIn = 2000
)

// stream is the PCG stream shared by all seeds; seeds select the state.
const stream = 0x6d61726b6574 // "market"

// Config is one Monte Carlo experiment: Seeds paths of Days days after BurnIn
// days, path i drawn from PCG(FirstSeed+i, stream).
type Config struct {
	Params    market.Params
	Seeds     int
	FirstSeed uint64
	Days      int
	BurnIn    int
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	// The result does not depend on it.
	Workers int
	// Progress, if not nil, is called after each finished path with the
	// number of finished paths; calls come from one goroutine at a time.
	Progress func(done, total int)
}

// Moment names one of FW's moments of a return series.
type Moment struct {
	Name string // e.g. "acf_abs_25"
	Desc string // human-readable
	// Target is FW's (2012) empirical value for the S&P 500, 1980–2007, as the
	// project's issue states it (rounded), or NaN where the issue gives none.
	Target float64
	// SP500 is the same moment of the daily log returns of the S&P 500 dated
	// 1980-01-02 to 2007-12-31 (7066 returns) in data/prices/sp500_daily.csv,
	// computed by TestSP500Moments.
	SP500 float64
	get   func(stylized.Moments) float64
}

// Moments returns FW's (2012) moments in reporting order.
func Moments() []Moment {
	ms := []Moment{
		{Name: "mean_abs", Desc: "mean |r| (percent)", Target: 0.71, SP500: 0.71505,
			get: func(m stylized.Moments) float64 { return m.MeanAbs }},
		{Name: "inv_hill_5", Desc: "inverse Hill 1/alpha, upper 5% of |r|", Target: 0.30, SP500: 0.30117,
			get: func(m stylized.Moments) float64 { return m.InverseHill }},
		{Name: "acf_raw_1", Desc: "ACF of r, lag 1", Target: 0, SP500: 0.01352,
			get: func(m stylized.Moments) float64 { return m.ACF[0] }},
	}
	targets := map[int]float64{1: 0.19, 100: 0.07}
	sp500 := map[int]float64{1: 0.18076, 5: 0.21074, 10: 0.15258, 25: 0.11748, 50: 0.10537, 100: 0.06719}
	for _, lag := range stylized.FWLags() {
		target, ok := targets[lag]
		if !ok {
			target = math.NaN()
		}
		ms = append(ms, Moment{
			Name: fmt.Sprintf("acf_abs_%d", lag), Desc: fmt.Sprintf("ACF of |r|, lag %d", lag),
			Target: target, SP500: sp500[lag],
			get: func(m stylized.Moments) float64 { return m.AbsACF[lag-1] },
		})
	}
	return ms
}

// Value returns the moment of one series.
func (m Moment) Value(s stylized.Moments) float64 { return m.get(s) }

// Estimate is the Monte Carlo distribution of one moment over the seeds.
type Estimate struct {
	Moment
	Mean   float64 // mean over seeds
	StdDev float64 // sample standard deviation over seeds
	SE     float64 // standard error of Mean, StdDev/√Seeds
}

// Result is the outcome of Run.
type Result struct {
	Config    Config
	Estimates []Estimate   // in the order of Moments()
	PerSeed   [][]float64  // PerSeed[i][j] is moment j of path i
	MeanACF   [2][]float64 // mean over seeds of the ACF of r and of |r|, lags 1..100
}

// Run simulates cfg.Seeds paths in parallel and summarises FW's moments. It
// stops early with ctx's error when ctx is cancelled.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if err := cfg.Params.Validate(); err != nil {
		return Result{}, err
	}
	if cfg.Seeds < 2 {
		return Result{}, fmt.Errorf("fwcheck: %d seeds, want at least 2", cfg.Seeds)
	}
	if cfg.BurnIn < 0 {
		return Result{}, fmt.Errorf("fwcheck: burn-in %d, want >= 0", cfg.BurnIn)
	}
	if cfg.Days <= stylized.MaxLag || float64(cfg.Days)*stylized.HillFraction < 2 {
		return Result{}, fmt.Errorf("fwcheck: %d days, want more than %d", cfg.Days, max(stylized.MaxLag, int(2/stylized.HillFraction)))
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, cfg.Seeds)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	measured := make([]stylized.Moments, cfg.Seeds)
	jobs := make(chan int)
	done := make(chan error)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := make([]float64, cfg.Days)
			for i := range jobs {
				rng := rand.New(rand.NewPCG(cfg.FirstSeed+uint64(i), stream))
				cfg.Params.SimulateReturns(rng, cfg.BurnIn, r)
				m, err := stylized.Measure(r)
				if err != nil {
					err = fmt.Errorf("fwcheck: seed %d: %w", cfg.FirstSeed+uint64(i), err)
				}
				measured[i] = m
				select {
				case done <- err:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range cfg.Seeds {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var firstErr error
	for n := 1; n <= cfg.Seeds; n++ {
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			firstErr = err
			break
		}
		if cfg.Progress != nil {
			cfg.Progress(n, cfg.Seeds)
		}
	}
	cancel()
	wg.Wait()
	if firstErr != nil {
		return Result{}, firstErr
	}
	return summarise(cfg, measured), nil
}

func summarise(cfg Config, measured []stylized.Moments) Result {
	moments := Moments()
	res := Result{Config: cfg, PerSeed: make([][]float64, len(measured))}
	for i, m := range measured {
		row := make([]float64, len(moments))
		for j, mom := range moments {
			row[j] = mom.Value(m)
		}
		res.PerSeed[i] = row
	}
	column := make([]float64, len(measured))
	for j, mom := range moments {
		for i := range measured {
			column[i] = res.PerSeed[i][j]
		}
		mean, sd := stat.MeanStdDev(column, nil)
		res.Estimates = append(res.Estimates, Estimate{
			Moment: mom, Mean: mean, StdDev: sd, SE: sd / math.Sqrt(float64(len(column))),
		})
	}
	for c := range res.MeanACF {
		res.MeanACF[c] = make([]float64, stylized.MaxLag)
		for k := range stylized.MaxLag {
			for i, m := range measured {
				acf := m.ACF
				if c == 1 {
					acf = m.AbsACF
				}
				column[i] = acf[k]
			}
			res.MeanACF[c][k] = stat.Mean(column, nil)
		}
	}
	return res
}
