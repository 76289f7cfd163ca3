package psy

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// TestMonteCarloWorkersDoNotMatter checks that the simulated critical
// values are bit-for-bit the same for any number of workers, and that the
// seed does change them.
func TestMonteCarloWorkersDoNotMatter(t *testing.T) {
	t.Parallel()
	opt := Options{MinWindow: 10}
	run := func(workers int, seed uint64) *CriticalValues {
		cv, err := MonteCarlo(context.Background(), 60, opt, PSYDrift(), Sim{Reps: 64, Seed: seed, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return cv
	}
	one := run(1, 5)
	for _, w := range []int{2, 3, 7} {
		if !reflect.DeepEqual(one, run(w, 5)) {
			t.Fatalf("%d workers gave different critical values than one worker", w)
		}
	}
	if reflect.DeepEqual(one.GSADFDraws, run(2, 6).GSADFDraws) {
		t.Fatal("seeds 5 and 6 gave the same draws")
	}
}

// TestMonteCarloMatchesTest regenerates every replication's series from
// its documented seed and checks that Test gives exactly the simulated
// statistics, so that the critical values describe the statistic that Test
// computes.
func TestMonteCarloMatchesTest(t *testing.T) {
	t.Parallel()
	const n, reps, seed = 70, 40, 99
	opt := Options{MinWindow: 12, Lag: 1}
	cv, err := MonteCarlo(context.Background(), n, opt, PSYDrift(), Sim{Reps: reps, Seed: seed, Levels: []float64{0.5}})
	if err != nil {
		t.Fatal(err)
	}
	var adf, sadf, gsadf []float64
	var last []float64
	for i := range reps {
		rng := rand.New(rand.NewChaCha8(replicationSeed(seed, i)))
		y := make([]float64, n)
		level := 0.0
		for k := range y {
			level += 1.0/n + rng.NormFloat64()
			y[k] = level
		}
		r, err := Test(y, opt)
		if err != nil {
			t.Fatal(err)
		}
		adf, sadf, gsadf = append(adf, r.ADF), append(sadf, r.SADF), append(gsadf, r.GSADF)
		last = append(last, r.BSADF[len(r.BSADF)-1])
	}
	for _, c := range []struct {
		name      string
		got, want []float64
	}{{"ADF", cv.ADFDraws, adf}, {"SADF", cv.SADFDraws, sadf}, {"GSADF", cv.GSADFDraws, gsadf}} {
		slices.Sort(c.want)
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s draws differ from Test on the regenerated series", c.name)
		}
	}
	slices.Sort(last)
	med := quantileSorted(0.5, last)
	if got := cv.BSADF[0][len(cv.BSADF[0])-1]; math.Abs(got-med) > 1e-6*math.Max(1, math.Abs(med)) {
		t.Errorf("median of the last BSADF = %v, from Test %v", got, med)
	}
}

// TestMonteCarloADFPublished checks the simulated distribution of the
// full-sample ADF statistic (one window of 500 rows) against published
// values:
//
//   - left tail: MacKinnon (2010, Table 2, N=1, constant, no trend)
//     response surfaces β∞ + β1/T + β2/T² + β3/T³ at T = 500, whose error is
//     far below Monte Carlo error here (coefficients as printed there and
//     reproduced in statsmodels' adfvalues.py);
//   - right tail: the asymptotic values -0.44, -0.08 and 0.60 of PWY
//     (2011), which exuber's radf_mc_cv uses for its BADF critical values.
//     They are given to two decimals and are asymptotic, so the tolerance
//     adds 0.02 to the Monte Carlo error.
//
// The tolerance is four Monte Carlo standard errors (20000 replications).
func TestMonteCarloADFPublished(t *testing.T) {
	t.Parallel()
	const T = 500
	mackinnon := func(b [4]float64) float64 {
		return b[0] + b[1]/T + b[2]/(T*T) + b[3]/(T*T*T)
	}
	want := []struct {
		level, value, slack float64
	}{
		{0.01, mackinnon([4]float64{-3.43035, -6.5393, -16.786, -79.433}), 0},
		{0.05, mackinnon([4]float64{-2.86154, -2.8903, -4.234, -40.040}), 0},
		{0.10, mackinnon([4]float64{-2.56677, -1.5384, -2.809, 0}), 0},
		{0.90, -0.44, 0.02},
		{0.95, -0.08, 0.02},
		{0.99, 0.60, 0.02},
	}
	levels := make([]float64, len(want))
	for i, w := range want {
		levels[i] = w.level
	}
	cv, err := MonteCarlo(context.Background(), T+1, Options{MinWindow: T}, Drift{}, Sim{Reps: 20000, Seed: 2010, Levels: levels})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		tol := 4*cv.ADFStdErr[i] + w.slack
		t.Logf("level %.2f: simulated %.4f ± %.4f, published %.4f", w.level, cv.ADF[i], cv.ADFStdErr[i], w.value)
		if math.Abs(cv.ADF[i]-w.value) > tol {
			t.Errorf("level %.2f: simulated ADF quantile %.4f, published %.4f (tolerance %.4f)", w.level, cv.ADF[i], w.value, tol)
		}
	}
}

// TestMonteCarloSupPeerRun compares the simulated SADF and GSADF critical
// values with the response surfaces of Caspi's rtadfr package
// (itamarcaspi/rtadfr, commit b35d758, data-raw/sadfSurfaceCoefs.csv and
// gsadfSurfaceCoefs.csv; the value at level q is θ0 + θ1/T + θ2/T² with the
// coefficients of row 200·q), a peer run under the same null (drift T⁻¹,
// see its teststat in R/rtadfSimHelpFuns.R) and PSY's window rule. Its
// windows differ from exuber's by up to one row (its SADF starts from a
// window of r0 prices, its BSADF from r0 rows, and the surfaces do not
// record whether r0 was floored or rounded). Shortening the minimum window
// by one row moves these values by about 0.01 at T = 400 (measured here),
// so the tolerance adds 0.02 to three Monte Carlo standard errors.
func TestMonteCarloSupPeerRun(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 2000 replications at T=400")
	}
	t.Parallel()
	surface := func(c [3]float64, T float64) float64 { return c[0] + c[1]/T + c[2]/(T*T) }
	sadf := [][3]float64{ // rows 180, 190, 198: levels 0.90, 0.95, 0.99
		{1.27039070243111, -38.4153059162194, 967.760897738086},
		{1.54284792285957, -33.463763465567, 862.16710522493},
		{2.06381318662724, -24.7452392030094, 735.848057832151},
	}
	gsadf := [][3]float64{
		{2.07021925757136, -52.7850832118699, 1216.23998969169},
		{2.29462635350768, -43.2106789601031, 1000.23264371723},
		{2.75951868091366, -22.9684442395485, 595.263986380181},
	}
	for _, T := range []int{200, 400} {
		cv, err := MonteCarlo(context.Background(), T, Options{}, PSYDrift(), Sim{Reps: 2000, Seed: uint64(T)})
		if err != nil {
			t.Fatal(err)
		}
		for l := range cv.Levels {
			for _, c := range []struct {
				name      string
				got, se   float64
				published float64
			}{
				{"SADF", cv.SADF[l], cv.SADFStdErr[l], surface(sadf[l], float64(T))},
				{"GSADF", cv.GSADF[l], cv.GSADFStdErr[l], surface(gsadf[l], float64(T))},
			} {
				t.Logf("T=%d %s %.2f: simulated %.3f ± %.3f, rtadfr %.3f", T, c.name, cv.Levels[l], c.got, c.se, c.published)
				if tol := 3*c.se + 0.02; math.Abs(c.got-c.published) > tol {
					t.Errorf("T=%d %s %.2f: simulated %.3f, rtadfr %.3f (tolerance %.3f)", T, c.name, cv.Levels[l], c.got, c.published, tol)
				}
			}
		}
	}
}

// TestCriticalValueShapes checks invariants of one simulation: quantiles
// increase with the level, the sequences have the length of Result.BSADF,
// the family-wise GSADF value exceeds every date's BSADF value, and the
// SADF path is non-decreasing.
func TestCriticalValueShapes(t *testing.T) {
	t.Parallel()
	cv, err := MonteCarlo(context.Background(), 120, Options{}, Drift{}, Sim{Reps: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Test(randomWalk(120, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cv.Matches(r); err != nil {
		t.Fatal(err)
	}
	for l := range cv.Levels {
		if len(cv.BSADF[l]) != len(r.BSADF) || len(cv.SADFPath[l]) != len(r.BSADF) || len(cv.BADF[l]) != len(r.BADF) {
			t.Fatalf("sequence lengths %d %d %d, want %d", len(cv.BSADF[l]), len(cv.SADFPath[l]), len(cv.BADF[l]), len(r.BSADF))
		}
		if l > 0 && !(cv.ADF[l] > cv.ADF[l-1] && cv.SADF[l] > cv.SADF[l-1] && cv.GSADF[l] > cv.GSADF[l-1]) {
			t.Errorf("quantiles do not increase with the level: %v %v %v", cv.ADF, cv.SADF, cv.GSADF)
		}
		for i := range cv.BSADF[l] {
			if cv.BSADF[l][i] > cv.GSADF[l]+1e-6 {
				t.Fatalf("BSADF critical value %v at %d exceeds the GSADF one %v", cv.BSADF[l][i], i, cv.GSADF[l])
			}
			if i > 0 && cv.SADFPath[l][i] < cv.SADFPath[l][i-1] {
				t.Fatalf("SADF path critical values fall at %d", i)
			}
		}
		// With one window the three sequences coincide at the first date.
		if cv.BSADF[l][0] != cv.BADF[l][0] || cv.SADFPath[l][0] != cv.BADF[l][0] {
			t.Errorf("first date: %v %v %v differ", cv.BSADF[l][0], cv.SADFPath[l][0], cv.BADF[l][0])
		}
	}
	if _, err := cv.LevelIndex(0.95); err != nil {
		t.Error(err)
	}
	if _, err := cv.LevelIndex(0.975); !inputerr.Is(err) {
		t.Errorf("LevelIndex(0.975) = %v", err)
	}
	other, err := Test(randomWalk(121, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cv.Matches(other); !inputerr.Is(err) {
		t.Errorf("Matches for T=121: %v", err)
	}
}

// TestPValue checks the Monte Carlo p-value (1 + #{draws ≥ x})/(1 + R).
func TestPValue(t *testing.T) {
	t.Parallel()
	draws := []float64{1, 2, 3, 4}
	for _, c := range []struct{ x, want float64 }{{0, 1}, {1, 1}, {2.5, 3.0 / 5}, {4, 2.0 / 5}, {9, 1.0 / 5}} {
		if got := PValue(draws, c.x); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("PValue(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// TestSimulationProgressAndCancel checks the progress callback's contract
// and that a cancelled context stops the simulation with its error.
func TestSimulationProgressAndCancel(t *testing.T) {
	t.Parallel()
	var seen []int
	_, err := MonteCarlo(context.Background(), 40, Options{}, Drift{}, Sim{Reps: 25, Workers: 3, Progress: func(done, total int) {
		if total != 25 {
			t.Errorf("total = %d", total)
		}
		seen = append(seen, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range seen {
		if d != i+1 {
			t.Fatalf("progress sequence %v", seen)
		}
	}
	if len(seen) != 25 {
		t.Fatalf("%d progress calls, want 25", len(seen))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = MonteCarlo(ctx, 40, Options{}, Drift{}, Sim{Reps: 25})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled simulation returned %v", err)
	}
}

// TestSimulationErrors checks that bad settings are reported as input
// errors.
func TestSimulationErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name  string
		n     int
		opt   Options
		drift Drift
		sim   Sim
	}{
		{"one replication", 50, Options{}, Drift{}, Sim{Reps: 1}},
		{"level 1", 50, Options{}, Drift{}, Sim{Reps: 10, Levels: []float64{0.5, 1}}},
		{"level NaN", 50, Options{}, Drift{}, Sim{Reps: 10, Levels: []float64{math.NaN()}}},
		{"drift NaN", 50, Options{}, Drift{D: math.NaN(), Eta: 1}, Sim{Reps: 10}},
		{"too short", 3, Options{}, Drift{}, Sim{Reps: 10}},
		{"negative lag", 50, Options{Lag: -1}, Drift{}, Sim{Reps: 10}},
	}
	for _, c := range cases {
		if _, err := MonteCarlo(ctx, c.n, c.opt, c.drift, c.sim); !inputerr.Is(err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
