// Command lppls measures the speed and the reliability of package
// bubbletest/lppls. It is a benchmark tool, not part of the product.
//
//	go run ./bench/lppls indicator [-every 5] [-starts 5] [-step 5] [-workers 0]
//	go run ./bench/lppls fit [-repeat 5]
//	go run ./bench/lppls reliability [-seeds 24]
//	go run ./bench/lppls recovery [-seeds 40]
//
// indicator times the LPPLS confidence indicator over the end dates
// 1998-01-02 .. 2000-03-10 of the Nasdaq series (every -every-th date) with
// the default nested windows 750..125 days, and extrapolates to every end
// date. fit times single fits. reliability counts how often a fit of the
// whole 1994–2000 window finds the lowest residual sum of squares. recovery
// is the Monte Carlo of the synthetic-recovery tolerances of the package's
// tests. Times are wall-clock and process CPU; the load average is printed
// because the machine is shared.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
)

const nasdaqPath = "data/lppls_nasdaq_dotcom_daily.csv"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: lppls indicator|fit|reliability|recovery [flags]")
		os.Exit(2)
	}
	mode, args := os.Args[1], os.Args[2:]
	var err error
	switch mode {
	case "indicator":
		err = runIndicator(args)
	case "fit":
		err = runFit(args)
	case "reliability":
		err = runReliability(args)
	case "recovery":
		err = runRecovery(args)
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lppls bench:", err)
		os.Exit(1)
	}
}

// series is the Nasdaq file as dates, fractional years and log closes.
type series struct {
	dates []time.Time
	years []float64
	logp  []float64
}

func loadNasdaq() (series, error) {
	f, err := os.Open(nasdaqPath)
	if err != nil {
		return series{}, fmt.Errorf("%w (run from the repository root)", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return series{}, err
	}
	var s series
	for i, row := range rows[1:] {
		d, err := time.Parse("2006-01-02", row[0])
		if err != nil {
			return series{}, fmt.Errorf("%s:%d: %w", nasdaqPath, i+2, err)
		}
		c, err := strconv.ParseFloat(row[4], 64)
		if err != nil {
			return series{}, fmt.Errorf("%s:%d: %w", nasdaqPath, i+2, err)
		}
		start := time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(1, 0, 0)
		s.dates = append(s.dates, d)
		s.years = append(s.years, float64(d.Year())+float64(d.Sub(start))/float64(end.Sub(start)))
		s.logp = append(s.logp, math.Log(c))
	}
	return s, nil
}

func (s series) indexOf(d time.Time) int {
	i, _ := slices.BinarySearchFunc(s.dates, d, func(a, b time.Time) int { return a.Compare(b) })
	return i
}

// clock measures wall and process CPU time.
type clock struct {
	wall time.Time
	cpu  time.Duration
}

func start() clock { return clock{time.Now(), cpuTime()} }

func (c clock) stop() (wall, cpu time.Duration) {
	return time.Since(c.wall), cpuTime() - c.cpu
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func header(what string) {
	fmt.Printf("# %s — %s, %s/%s, GOMAXPROCS %d, NumCPU %d, load average %s\n",
		what, time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(), loadAvg())
}

func runIndicator(args []string) error {
	fs := flag.NewFlagSet("indicator", flag.ExitOnError)
	every := fs.Int("every", 5, "use every n-th end date of 1998-01-02 .. 2000-03-10")
	starts := fs.Int("starts", 0, "local searches per fit (0: lppls.DefaultIndicatorStarts)")
	step := fs.Int("step", lppls.DefaultWindowStep, "window step in days")
	workers := fs.Int("workers", 0, "workers (0: GOMAXPROCS)")
	fs.Parse(args)
	s, err := loadNasdaq()
	if err != nil {
		return err
	}
	first := s.indexOf(time.Date(1998, 1, 2, 0, 0, 0, 0, time.UTC))
	last := len(s.dates) - 1
	var ends []int
	for e := last; e >= first; e -= *every {
		ends = append(ends, e)
	}
	slices.Reverse(ends)
	opt := lppls.IndicatorOptions{Fitter: lppls.Fitter{Starts: *starts}, WindowStep: *step, Ends: ends, Seed: 1, Workers: *workers}
	header("LPPLS confidence indicator, Nasdaq end dates 1998-01-02 .. 2000-03-10")
	c := start()
	fits := 0
	pts, err := lppls.Indicator(context.Background(), s.years, s.logp, opt, func(done, total int) {
		fits = total
		if done%500 == 0 {
			fmt.Fprintf(os.Stderr, "\r%d/%d fits", done, total)
		}
	})
	if err != nil {
		return err
	}
	wall, cpu := c.stop()
	fmt.Fprintln(os.Stderr)
	all := last - first + 1
	windows := pts[0].Windows
	fmt.Printf("end dates %d of %d (every %d), windows %d per date (750..125 step %d), starts %d, workers %d\n",
		len(ends), all, *every, windows, *step, startsOf(*starts), workersOf(*workers))
	fmt.Printf("fits %d, wall %.1f s, CPU %.1f s, per fit: wall %.2f ms, CPU %.2f ms\n",
		fits, wall.Seconds(), cpu.Seconds(), 1e3*wall.Seconds()/float64(fits), 1e3*cpu.Seconds()/float64(fits))
	fmt.Printf("extrapolated to all %d end dates (%d fits): wall %.1f min, CPU %.1f min\n",
		all, all*windows, wall.Minutes()*float64(all)/float64(len(ends)), cpu.Minutes()*float64(all)/float64(len(ends)))
	fmt.Println("load average after:", loadAvg())
	fmt.Println("\nend date     positive negative")
	for _, p := range pts {
		fmt.Printf("%s   %.3f    %.3f\n", s.dates[p.End].Format("2006-01-02"), p.Positive, p.Negative)
	}
	return nil
}

func startsOf(n int) int {
	if n == 0 {
		return lppls.DefaultIndicatorStarts
	}
	return n
}

func workersOf(n int) int {
	if n == 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

func runFit(args []string) error {
	fs := flag.NewFlagSet("fit", flag.ExitOnError)
	repeat := fs.Int("repeat", 5, "fits per configuration")
	fs.Parse(args)
	s, err := loadNasdaq()
	if err != nil {
		return err
	}
	header("single LPPLS fits, Nasdaq windows ending 2000-03-10")
	end := len(s.dates) - 1
	fmt.Println("window starts  wall ms/fit  CPU ms/fit  evaluations/fit")
	for _, n := range []int{125, 400, 750, len(s.dates)} {
		for _, st := range []int{1, 5, 25} {
			c := start()
			evals := 0
			for r := range *repeat {
				fit, err := lppls.Fitter{Starts: st, Src: rand.NewPCG(uint64(r), 1)}.Fit(s.years[end-n+1:], s.logp[end-n+1:])
				if err != nil {
					return err
				}
				evals += fit.Evaluations
			}
			wall, cpu := c.stop()
			fmt.Printf("%6d %6d  %11.1f  %10.1f  %15d\n", n, st, 1e3*wall.Seconds()/float64(*repeat), 1e3*cpu.Seconds()/float64(*repeat), evals / *repeat)
		}
	}
	fmt.Println("load average after:", loadAvg())
	return nil
}

func runReliability(args []string) error {
	fs := flag.NewFlagSet("reliability", flag.ExitOnError)
	seeds := fs.Int("seeds", 24, "seeds per number of starts")
	fs.Parse(args)
	s, err := loadNasdaq()
	if err != nil {
		return err
	}
	header("reliability of the multi-start search, Nasdaq 1994-01-03 .. 2000-03-10")
	peak := s.years[len(s.years)-1]
	type outcome struct {
		tcDays, rss float64
		qualified   bool
	}
	results := map[int][]outcome{}
	best := math.Inf(1)
	for _, st := range []int{5, 10, 25} {
		for seed := range *seeds {
			fit, err := lppls.Fitter{Starts: st, Src: rand.NewPCG(uint64(seed), uint64(st))}.Fit(s.years, s.logp)
			if err != nil {
				return err
			}
			results[st] = append(results[st], outcome{(fit.Tc - peak) * 365.25, fit.RSS, fit.Qualified})
			best = min(best, fit.RSS)
		}
	}
	fmt.Printf("lowest RSS found: %.6f\n", best)
	for _, st := range []int{5, 10, 25} {
		counts := map[string]int{}
		var keys []string
		hits := 0
		for _, o := range results[st] {
			if o.rss <= best*(1+1e-5) {
				hits++
			}
			k := fmt.Sprintf("tc %+.1f d, RSS %.4f, qualified %v", o.tcDays, o.rss, o.qualified)
			if counts[k] == 0 {
				keys = append(keys, k)
			}
			counts[k]++
		}
		fmt.Printf("starts %d: lowest RSS in %d of %d seeds; minima found:\n", st, hits, *seeds)
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Printf("   %2d × %s\n", counts[k], k)
		}
	}
	return nil
}

func runRecovery(args []string) error {
	fs := flag.NewFlagSet("recovery", flag.ExitOnError)
	seeds := fs.Int("seeds", 40, "noise seeds per noise level")
	starts := fs.Int("starts", 10, "local searches per fit")
	fs.Parse(args)
	// The synthetic path of the package's recovery tests (fit_test.go).
	truth := lppls.Params{Tc: 520, M: 0.5, Omega: 9, A: 8, B: -0.05, C1: 0.004, C2: -0.003}
	header("recovery of a synthetic LPPLS path, 500 daily points, tc 21 days after the last")
	for _, sigma := range []float64{0.01, 0.03} {
		var dtc, dm, dw []float64
		worse := 0
		for seed := 1; seed <= *seeds; seed++ {
			rng := rand.New(rand.NewPCG(uint64(seed), 99))
			t := make([]float64, 500)
			logp := make([]float64, 500)
			for i := range t {
				t[i] = float64(i)
				logp[i] = truth.LogPrice(t[i]) + sigma*rng.NormFloat64()
			}
			fit, err := lppls.Fitter{Starts: *starts, Src: rand.NewPCG(uint64(seed), 1)}.Fit(t, logp)
			if err != nil {
				return err
			}
			_, rssTrue, err := lppls.LinearParams(t, logp, truth.Tc, truth.M, truth.Omega)
			if err != nil {
				return err
			}
			if fit.RSS > rssTrue {
				worse++
			}
			dtc = append(dtc, math.Abs(fit.Tc-truth.Tc))
			dm = append(dm, math.Abs(fit.M-truth.M))
			dw = append(dw, math.Abs(fit.Omega-truth.Omega))
		}
		fmt.Printf("σ = %.2f, %d seeds, %d starts: |Δtc| days %s; |Δm| %s; |Δω| %s; fits with RSS above the truth's: %d\n",
			sigma, *seeds, *starts, quantiles(dtc), quantiles(dm), quantiles(dw), worse)
	}
	return nil
}

func quantiles(x []float64) string {
	slices.Sort(x)
	q := func(p float64) float64 { return x[int(math.Round(p*float64(len(x)-1)))] }
	return fmt.Sprintf("median %.3g, p90 %.3g, max %.3g", q(0.5), q(0.9), x[len(x)-1])
}
