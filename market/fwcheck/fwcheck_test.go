package fwcheck

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/bubblelab/bubblelab/market"
	"github.com/bubblelab/bubblelab/market/stylized"
)

// longRun holds the seed mean and per-path standard deviation of each moment
// over 50000 paths (seeds 1000000..1049999, Days = 6750, BurnIn = 2000),
// measured on 2026-11-29 (2 cores) with
//
//	bubblelab validate fw --seeds 50000 --first-seed 1000000 --json
//	bubblelab validate fw --seeds 50000 --first-seed 1000000 --json --variant wealth
//
// (bench/results/market.md). An independent Python implementation
// (bench/market/fw_crosscheck.py, other generator) agrees within its standard
// errors.
type longRun struct {
	name     string
	mean, sd float64
}

const longRunSeeds = 50000

var (
	longRunHPM = []longRun{
		{"mean_abs", 0.737972, 0.049862},
		{"inv_hill_5", 0.258544, 0.015739},
		{"acf_raw_1", 0.007048, 0.015347},
		{"acf_abs_1", 0.156500, 0.024227},
		{"acf_abs_5", 0.150601, 0.024177},
		{"acf_abs_10", 0.142502, 0.023957},
		{"acf_abs_25", 0.118438, 0.023857},
		{"acf_abs_50", 0.088597, 0.023865},
		{"acf_abs_100", 0.052614, 0.023904},
	}
	longRunWP = []longRun{
		{"mean_abs", 0.701418, 0.034111},
		{"inv_hill_5", 0.273743, 0.016347},
		{"acf_raw_1", 0.002342, 0.016533},
		{"acf_abs_1", 0.155619, 0.028111},
		{"acf_abs_5", 0.139981, 0.028803},
		{"acf_abs_10", 0.125941, 0.029146},
		{"acf_abs_25", 0.095317, 0.029477},
		{"acf_abs_50", 0.063501, 0.028402},
		{"acf_abs_100", 0.029483, 0.024887},
	}
)

// The seed means of FW's moments over 256 fresh seeds (disjoint from the long
// run's) must match the long run within 4 standard errors of their
// difference, and the spread across paths must match too (within ±30%, about
// 4 standard errors of a standard deviation over 256 paths), so the tolerance
// cannot be widened by a broken model.
func TestSeedMeansMatchLongRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params market.Params
		want   []longRun
	}{
		{"DCA-HPM", market.DCAHPM(), longRunHPM},
		{"DCA-WP", market.DCAWP(), longRunWP},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(context.Background(), Config{
				Params: tc.params, Seeds: 256, FirstSeed: 1, Days: Days, BurnIn: BurnIn,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Estimates) != len(tc.want) {
				t.Fatalf("%d moments, want %d", len(res.Estimates), len(tc.want))
			}
			for i, e := range res.Estimates {
				w := tc.want[i]
				if e.Name != w.name {
					t.Fatalf("moment %d is %s, want %s", i, e.Name, w.name)
				}
				tol := 4 * math.Hypot(e.SE, w.sd/math.Sqrt(longRunSeeds))
				t.Logf("%-11s %.5f ± %.5f (sd %.5f); long run %.5f; |diff| %.5f ≤ %.5f", e.Name, e.Mean, e.SE, e.StdDev, w.mean, math.Abs(e.Mean-w.mean), tol)
				if math.Abs(e.Mean-w.mean) > tol {
					t.Errorf("%s: seed mean %.5f ± %.5f, long run %.5f (tolerance %.5f)", e.Name, e.Mean, e.SE, w.mean, tol)
				}
				if ratio := e.StdDev / w.sd; ratio < 0.7 || ratio > 1.3 {
					t.Errorf("%s: sd per path %.5f, long run %.5f", e.Name, e.StdDev, w.sd)
				}
			}
		})
	}
}

func TestRunDoesNotDependOnWorkers(t *testing.T) {
	cfg := Config{Params: market.DCAWP(), Seeds: 7, FirstSeed: 42, Days: 400, BurnIn: 50}
	var runs []Result
	for _, workers := range []int{1, 3, 16} {
		cfg.Workers = workers
		res, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, res)
	}
	for _, res := range runs[1:] {
		for i := range res.PerSeed {
			for j := range res.PerSeed[i] {
				if res.PerSeed[i][j] != runs[0].PerSeed[i][j] {
					t.Fatalf("seed %d moment %d: %v with %d workers, %v with 1", i, j, res.PerSeed[i][j], res.Config.Workers, runs[0].PerSeed[i][j])
				}
			}
		}
	}
}

func TestRunReportsProgressAndCancellation(t *testing.T) {
	var calls []int
	cfg := Config{Params: market.DCAHPM(), Seeds: 5, Days: 300, Workers: 2,
		Progress: func(done, total int) { calls = append(calls, done) }}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for i, done := range calls {
		if done != i+1 {
			t.Fatalf("progress calls %v, want 1..5", calls)
		}
	}
	if len(calls) != 5 {
		t.Fatalf("progress calls %v, want 1..5", calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg.Progress = nil
	cfg.Seeds = 1000
	if _, err := Run(ctx, cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	good := Config{Params: market.DCAHPM(), Seeds: 2, Days: 200}
	for _, edit := range []func(*Config){
		func(c *Config) { c.Seeds = 1 },
		func(c *Config) { c.Days = 100 },
		func(c *Config) { c.BurnIn = -1 },
		func(c *Config) { c.Params.Mu = 0 },
	} {
		cfg := good
		edit(&cfg)
		if _, err := Run(context.Background(), cfg); err == nil {
			t.Errorf("Run(%+v) succeeded", cfg)
		}
	}
}

// The S&P 500 values reported next to FW's targets are measured from the
// shipped daily closes: log returns dated 1980-01-02..2007-12-31.
func TestSP500Moments(t *testing.T) {
	f, err := os.Open("../../data/prices/sp500_daily.csv")
	if err != nil {
		t.Skipf("S&P 500 data not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var r []float64
	prev := math.NaN()
	for _, row := range rows[1:] {
		closing, err := strconv.ParseFloat(row[4], 64)
		if err != nil {
			t.Fatalf("%v: %v", row, err)
		}
		if row[0] >= "1980-01-01" && row[0] <= "2007-12-31" {
			r = append(r, 100*math.Log(closing/prev))
		}
		prev = closing
	}
	if len(r) != 7066 {
		t.Fatalf("%d returns in 1980-2007, want 7066", len(r))
	}
	m, err := stylized.Measure(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, mom := range Moments() {
		if got := mom.Value(m); math.Abs(got-mom.SP500) > 1e-5 {
			t.Errorf("%s: S&P 500 value %.6f, pinned %.5f", mom.Name, got, mom.SP500)
		}
	}
}
