// Command cputime measures the CPU time (user + system, from getrusage) that
// the market package spends per unit of work. On a shared machine the
// wall-clock figures of `go test -bench` swing with other people's load; CPU
// time per operation is steadier and converts to a rate per busy core.
//
// Usage: go run ./bench/market/cputime [-reps 2000]
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"time"

	"github.com/bubblelab/bubblelab/market"
	"github.com/bubblelab/bubblelab/market/fwcheck"
	"github.com/bubblelab/bubblelab/market/stylized"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs work n times on one goroutine and prints CPU and wall time per
// run and the implied rate per busy core.
func measure(name, unit string, n int, work func()) {
	runtime.GC()
	c0, w0 := cpu(), time.Now()
	for range n {
		work()
	}
	c, w := cpu()-c0, time.Since(w0)
	perOp := c.Seconds() / float64(n)
	fmt.Printf("%-40s %10.1f µs CPU/op %10.1f µs wall/op %12.0f %s per core\n",
		name, 1e6*perOp, 1e6*w.Seconds()/float64(n), 1/perOp, unit)
}

func main() {
	reps := flag.Int("reps", 2000, "paths per measurement")
	flag.Parse()
	fmt.Printf("# %s, %s, GOMAXPROCS %d, %s\n", time.Now().UTC().Format(time.RFC3339), runtime.Version(), runtime.GOMAXPROCS(0), "CPU time from getrusage")

	rng := rand.New(rand.NewPCG(1, 2))
	r := make([]float64, fwcheck.Days)
	for _, v := range []struct {
		name string
		p    market.Params
	}{{"DCA-HPM", market.DCAHPM()}, {"DCA-WP", market.DCAWP()}} {
		measure(fmt.Sprintf("%s path, 6750 days", v.name), "paths/s", *reps, func() { v.p.SimulateReturns(rng, 0, r) })
		measure(fmt.Sprintf("%s path, 2000+6750 days", v.name), "paths/s", *reps, func() { v.p.SimulateReturns(rng, fwcheck.BurnIn, r) })
	}
	measure("FW moments of a 6750-day path", "paths/s", *reps, func() {
		if _, err := stylized.Measure(r); err != nil {
			panic(err)
		}
	})
	for _, n := range []int{10, 100} {
		specs := make([]market.AssetSpec, n)
		for i := range specs {
			specs[i] = market.AssetSpec{Params: market.DCAHPM(), LogFundamental: float64(i % 7)}
			if i%2 == 1 {
				specs[i].Params = market.DCAWP()
			}
		}
		m, err := market.NewMarket(rand.New(rand.NewPCG(3, 4)), specs)
		if err != nil {
			panic(err)
		}
		fund, exo := make([]float64, n), make([]float64, n)
		for i := range fund {
			fund[i], exo[i] = float64(i%7), 0.05
		}
		measure(fmt.Sprintf("engine day, %d assets", n), "days/s", 100**reps, func() {
			if err := m.Step(fund, exo); err != nil {
				panic(err)
			}
		})
	}

	// The whole validation on all cores: wall time is what a user waits.
	cfg := fwcheck.Config{Params: market.DCAHPM(), Seeds: *reps, Days: fwcheck.Days, BurnIn: fwcheck.BurnIn}
	c0, w0 := cpu(), time.Now()
	if _, err := fwcheck.Run(context.Background(), cfg); err != nil {
		panic(err)
	}
	c, w := cpu()-c0, time.Since(w0)
	fmt.Printf("%-40s %10.1f µs CPU/path %9.1f s wall %8.0f paths/s wall (%d workers), %6.0f paths/s per core\n",
		fmt.Sprintf("validate fw, %d DCA-HPM paths", *reps), 1e6*c.Seconds()/float64(*reps), w.Seconds(),
		float64(*reps)/w.Seconds(), runtime.GOMAXPROCS(0), float64(*reps)/c.Seconds())
}
