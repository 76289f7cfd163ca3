// Command sp500 reproduces the PSY (2015) application that docs/detect-psy.md
// reports: the recursive tests on the S&P 500 price-dividend ratio, Monte
// Carlo critical values for T=1680 and the date-stamped episodes under both
// critical-value sequences and both date-stamping rules.
//
//	go run ./bench/psy/sp500 [-reps 2000] [-seed 2015] [-data data/sp500_pd_ratio_monthly.csv]
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/psy"
)

func main() {
	data := flag.String("data", "data/sp500_pd_ratio_monthly.csv", "date,value CSV of the P/D ratio")
	reps := flag.Int("reps", 2000, "Monte Carlo replications")
	seed := flag.Uint64("seed", 2015, "Monte Carlo seed")
	lag := flag.Int("lag", 0, "fixed lag")
	driftless := flag.Bool("driftless", false, "simulate a driftless walk (exuber) instead of PSY's drift 1/T")
	flag.Parse()

	dates, y, err := readSeries(*data)
	if err != nil {
		log.Fatal(err)
	}
	opt := psy.Options{Lag: *lag}
	res, err := psy.Test(y, opt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("T=%d  minimum window %d rows  lag %d\n", res.N, res.MinWindow, res.Lag)
	fmt.Printf("ADF %.5f  SADF %.5f  GSADF %.5f\n", res.ADF, res.SADF, res.GSADF)

	drift := psy.PSYDrift()
	if *driftless {
		drift = psy.Drift{}
	}
	start := time.Now()
	cv, err := psy.MonteCarlo(context.Background(), len(y), opt, drift, psy.Sim{Reps: *reps, Seed: *seed})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nMonte Carlo: %d replications, drift %+v, seed %d, %.1f s\n", *reps, drift, *seed, time.Since(start).Seconds())
	fmt.Println("level   ADF (se)          SADF (se)         GSADF (se)")
	for l, p := range cv.Levels {
		fmt.Printf("%.2f   %6.3f (%.3f)   %6.3f (%.3f)   %6.3f (%.3f)\n", p,
			cv.ADF[l], cv.ADFStdErr[l], cv.SADF[l], cv.SADFStdErr[l], cv.GSADF[l], cv.GSADFStdErr[l])
	}
	fmt.Printf("p-values: ADF %.4f  SADF %.4f  GSADF %.4f\n",
		psy.PValue(cv.ADFDraws, res.ADF), psy.PValue(cv.SADFDraws, res.SADF), psy.PValue(cv.GSADFDraws, res.GSADF))
	l, err := cv.LevelIndex(0.95)
	if err != nil {
		log.Fatal(err)
	}
	last := len(cv.BSADF[l]) - 1
	fmt.Printf("95%% sequences at %s / %s / %s: BSADF %.3f %.3f %.3f, SADF path %.3f %.3f %.3f\n",
		dates[res.Offset].Format("2006-01"), dates[res.Offset+last/2].Format("2006-01"), dates[res.Offset+last].Format("2006-01"),
		cv.BSADF[l][0], cv.BSADF[l][last/2], cv.BSADF[l][last], cv.SADFPath[l][0], cv.SADFPath[l][last/2], cv.SADFPath[l][last])

	minDur := psy.MinDuration(len(y), 1)
	for _, seq := range []struct {
		name string
		cv   []float64
	}{{"BSADF quantiles (PSY code)", cv.BSADF[l]}, {"SADF-path quantiles (exuber bsadf_cv)", cv.SADFPath[l]}} {
		for _, rule := range []struct {
			name string
			r    psy.StampRule
		}{{"PSY rule", psy.PSYRule}, {"runs rule (exuber)", psy.RunsRule}} {
			eps, err := res.DateStamp(seq.cv, psy.Stamping{MinDuration: minDur, Rule: rule.r, Times: dates})
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("\nEpisodes at 95%%, %s, %s, minimum duration %d months:\n", seq.name, rule.name, minDur)
			for _, e := range eps {
				end := e.EndTime.Format("2006-01")
				if e.Ongoing {
					end += " (ongoing)"
				}
				fmt.Printf("  %s - %s  peak %s  %3d months\n", e.StartTime.Format("2006-01"), end, e.PeakTime.Format("2006-01"), e.Duration)
			}
		}
	}
}

func readSeries(path string) ([]time.Time, []float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	var dates []time.Time
	var y []float64
	for i, r := range recs[1:] {
		d, err := time.Parse("2006-01-02", r[0])
		if err != nil {
			return nil, nil, fmt.Errorf("%s line %d: %v", path, i+2, err)
		}
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			return nil, nil, fmt.Errorf("%s line %d: %v", path, i+2, err)
		}
		dates, y = append(dates, d), append(y, v)
	}
	return dates, y, nil
}
