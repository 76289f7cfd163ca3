// Command cvtable prints Monte Carlo critical values of the SADF and GSADF
// statistics on the grid of sample sizes used by PSY (2015, Table 1):
// T = 100, 200, 400, 800, 1600, lag 0, the default minimum window and the
// null drift T⁻¹, with Monte Carlo standard errors.
//
//	go run ./bench/psy/cvtable [-reps 2000] [-seed 1]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/psy"
)

func main() {
	reps := flag.Int("reps", 2000, "replications per sample size")
	seed := flag.Uint64("seed", 1, "seed")
	flag.Parse()
	fmt.Printf("%d replications, drift 1/T, seed %d\n", *reps, *seed)
	fmt.Println("T      minw  r0      SADF 90%   95%        99%        | GSADF 90%  95%        99%        | seconds")
	for _, n := range []int{100, 200, 400, 800, 1600} {
		start := time.Now()
		cv, err := psy.MonteCarlo(context.Background(), n, psy.Options{}, psy.PSYDrift(), psy.Sim{Reps: *reps, Seed: *seed})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-6d %-5d %.3f  ", n, cv.MinWindow, float64(cv.MinWindow)/float64(n))
		for l := range cv.Levels {
			fmt.Printf("%.2f(%.2f) ", cv.SADF[l], cv.SADFStdErr[l])
		}
		fmt.Print("| ")
		for l := range cv.Levels {
			fmt.Printf("%.2f(%.2f) ", cv.GSADF[l], cv.GSADFStdErr[l])
		}
		fmt.Printf("| %.1f\n", time.Since(start).Seconds())
	}
}
