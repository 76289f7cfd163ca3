package psy_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/bubblelab/bubblelab/bubbletest/psy"
)

// The S&P 500 price-dividend ratio of Phillips, Shi and Yu (2015), tested
// with exuber's defaults: lag 0 and a minimum window of 90 rows.
func ExampleTest() {
	f, err := os.Open("../../data/sp500_pd_ratio_monthly.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	var y []float64
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			log.Fatal(err)
		}
		y = append(y, v)
	}

	res, err := psy.Test(y, psy.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("T=%d, minimum window %d rows\n", res.N, res.MinWindow)
	fmt.Printf("ADF %.5f  SADF %.5f  GSADF %.5f\n", res.ADF, res.SADF, res.GSADF)
	// Output:
	// T=1680, minimum window 90 rows
	// ADF -1.16534  SADF 3.44324  GSADF 4.20687
}

// A simulated bubble: a random walk that turns explosive at price 100,
// collapses after price 130 and walks on. Critical values come from 500
// Monte Carlo replications (more are advisable in practice; 2000 is usual).
func ExampleResult_DateStamp() {
	rng := rand.New(rand.NewPCG(1, 2))
	y := make([]float64, 200)
	y[0] = 100
	for t := 1; t < len(y); t++ {
		switch {
		case t > 100 && t <= 130:
			y[t] = 1.05*y[t-1] + rng.NormFloat64()
		case t == 131:
			y[t] = y[100]
		default:
			y[t] = y[t-1] + rng.NormFloat64()
		}
	}
	res, err := psy.Test(y, psy.Options{})
	if err != nil {
		log.Fatal(err)
	}
	cv, err := psy.MonteCarlo(context.Background(), len(y), psy.Options{}, psy.PSYDrift(), psy.Sim{Reps: 500, Seed: 42})
	if err != nil {
		log.Fatal(err)
	}
	l, err := cv.LevelIndex(0.95)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("GSADF %.2f exceeds its 95%% critical value: %v\n", res.GSADF, res.GSADF > cv.GSADF[l])
	episodes, err := res.DateStamp(cv.BSADF[l], psy.Stamping{MinDuration: psy.MinDuration(len(y), 1)})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range episodes {
		fmt.Printf("episode: start %d, peak %d, end %d, ongoing %v\n", e.Start, e.Peak, e.End, e.Ongoing)
	}
	// Output:
	// GSADF 31.32 exceeds its 95% critical value: true
	// episode: start 104, peak 130, end 131, ongoing false
}

// Family-wise critical values by the wild bootstrap of Phillips and Shi
// (2020), controlling the size of date-stamping over the last 24 dates of a
// monthly series, compared with BSADF as a constant threshold.
func ExampleWildBootstrap() {
	rng := rand.New(rand.NewPCG(3, 4))
	y := make([]float64, 240)
	y[0] = 50
	for t := 1; t < len(y); t++ {
		y[t] = y[t-1] + rng.NormFloat64()
	}
	res, err := psy.Test(y, psy.Options{})
	if err != nil {
		log.Fatal(err)
	}
	tb := psy.FamilyWiseLength(res.MinWindow, res.Lag, 24)
	cv, err := psy.WildBootstrap(context.Background(), y, psy.Options{},
		psy.Bootstrap{Length: tb, Weights: psy.RademacherWeights},
		psy.Sim{Reps: 199, Seed: 1, Levels: []float64{0.95}})
	if err != nil {
		log.Fatal(err)
	}
	episodes, err := res.DateStamp(cv.GSADF, psy.Stamping{MinDuration: psy.MinDuration(len(y), 1)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("bootstrap samples of %d prices, 95%% family-wise critical value %.2f\n", tb, cv.GSADF[0])
	fmt.Printf("episodes in a random walk: %d\n", len(episodes))
	// Output:
	// bootstrap samples of 54 prices, 95% family-wise critical value 0.97
	// episodes in a random walk: 0
}
