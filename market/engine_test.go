package market

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// A one-asset Market at p* = 0 draws its shocks in the same order as
// SimulateReturns, so the two must produce the same path bit for bit.
func TestMarketMatchesStandAloneBlock(t *testing.T) {
	const days = 3000
	want := make([]float64, days)
	DCAHPM().SimulateReturns(rand.New(rand.NewPCG(3, 4)), 0, want)
	m, err := NewMarket(rand.New(rand.NewPCG(3, 4)), []AssetSpec{IndexSpec("SPX", 0)})
	if err != nil {
		t.Fatal(err)
	}
	zero := []float64{0}
	for day := range days {
		if err := m.Step(zero, nil); err != nil {
			t.Fatal(err)
		}
		if got := m.State(0).Return(); got != want[day] {
			t.Fatalf("day %d: market return %v, stand-alone %v", day, got, want[day])
		}
	}
	if m.Day() != days {
		t.Errorf("Day() = %d, want %d", m.Day(), days)
	}
}

func TestMarketNoiselessAssetsStayAtMovingFundamentals(t *testing.T) {
	quiet := DCAHPM()
	quiet.SigmaF, quiet.SigmaC = 0, 0
	quietW := DCAWP()
	quietW.SigmaF, quietW.SigmaC = 0, 0
	m, err := NewMarket(rand.New(rand.NewPCG(1, 1)), []AssetSpec{
		{Name: "A", Params: quiet, LogFundamental: math.Log(100)},
		{Name: "B", Params: quietW, LogFundamental: math.Log(20)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Both fundamentals stay put: the prices must not move at all.
	fund := []float64{math.Log(100), math.Log(20)}
	for range 1000 {
		if err := m.Step(fund, []float64{0, 0}); err != nil {
			t.Fatal(err)
		}
	}
	prices := m.LogPrices(nil)
	for i := range prices {
		if prices[i] != fund[i] {
			t.Errorf("asset %s: log price %v, want exactly %v", m.Name(i), prices[i], fund[i])
		}
	}
}

func TestMarketIsDeterministicGivenSeed(t *testing.T) {
	run := func(seed uint64) []float64 {
		specs := make([]AssetSpec, 10)
		for i := range specs {
			specs[i] = AssetSpec{Name: string(rune('A' + i)), Params: DCAHPM(), LogFundamental: float64(i)}
		}
		m, err := NewMarket(rand.New(rand.NewPCG(seed, 9)), specs)
		if err != nil {
			t.Fatal(err)
		}
		fund, exo := make([]float64, 10), make([]float64, 10)
		for day := range 250 {
			for i := range fund {
				fund[i] = float64(i) + 0.001*float64(day)
				exo[i] = 0.1 * math.Sin(float64(day+i))
			}
			if err := m.Step(fund, exo); err != nil {
				t.Fatal(err)
			}
		}
		return m.LogPrices(nil)
	}
	a, b, c := run(5), run(5), run(6)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("asset %d: %v != %v with the same seed", i, a[i], b[i])
		}
	}
	if a[0] == c[0] {
		t.Error("different seeds gave the same price")
	}
}

func TestMarketRejectsBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	bad := DCAHPM()
	bad.Eta = 2
	for _, tc := range []struct {
		name   string
		specs  []AssetSpec
		errSub string
	}{
		{"bad params", []AssetSpec{{Name: "X", Params: bad}}, "eta"},
		{"nan fundamental", []AssetSpec{{Name: "X", Params: DCAHPM(), LogFundamental: math.NaN()}}, "log fundamental"},
	} {
		if _, err := NewMarket(rng, tc.specs); err == nil || !strings.Contains(err.Error(), tc.errSub) {
			t.Errorf("%s: NewMarket error %v, want one mentioning %q", tc.name, err, tc.errSub)
		}
	}
	if _, err := NewMarket(nil, nil); err == nil {
		t.Error("NewMarket(nil rng) succeeded")
	}

	m, err := NewMarket(rng, []AssetSpec{IndexSpec("A", 1), IndexSpec("B", 2)})
	if err != nil {
		t.Fatal(err)
	}
	before := []State{m.State(0), m.State(1)}
	for _, tc := range []struct {
		name      string
		fund, exo []float64
	}{
		{"short fundamentals", []float64{1}, nil},
		{"short exogenous", []float64{1, 2}, []float64{0}},
		{"inf fundamental", []float64{1, math.Inf(1)}, nil},
		{"nan exogenous", []float64{1, 2}, []float64{0, math.NaN()}},
	} {
		if err := m.Step(tc.fund, tc.exo); err == nil {
			t.Errorf("%s: Step succeeded", tc.name)
		}
	}
	if m.State(0) != before[0] || m.State(1) != before[1] || m.Day() != 0 {
		t.Error("a failed Step changed the market")
	}
}

func TestMarketAddListsAtFundamental(t *testing.T) {
	m, err := NewMarket(rand.New(rand.NewPCG(1, 1)), []AssetSpec{IndexSpec("NONAI", 0)})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Step([]float64{0}, nil); err != nil {
		t.Fatal(err)
	}
	i, err := m.Add(AssetSpec{Name: "IPO", Params: DCAHPM(), LogFundamental: math.Log(40)})
	if err != nil || i != 1 || m.Len() != 2 || m.Name(1) != "IPO" {
		t.Fatalf("Add = %d, %v; Len %d", i, err, m.Len())
	}
	if got := m.State(1).LogPrice; got != math.Log(40) {
		t.Errorf("new listing at log price %v, want ln 40", got)
	}
	if err := m.Step([]float64{0}, nil); err == nil {
		t.Error("Step with the old number of fundamentals succeeded after Add")
	}
	if err := m.Step([]float64{0, math.Log(40)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Add(AssetSpec{Name: "BAD", Params: Params{}}); err == nil || m.Len() != 2 {
		t.Errorf("Add of invalid params: %v, Len %d", err, m.Len())
	}
}

func TestMarketRebaseAndSupport(t *testing.T) {
	m, err := NewMarket(rand.New(rand.NewPCG(5, 6)), []AssetSpec{IndexSpec("A", 0), IndexSpec("B", 0)})
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if err := m.Step([]float64{0, 0}, nil); err != nil {
			t.Fatal(err)
		}
	}
	before := m.State(0)
	if err := m.Rebase(0, before.LogPrice-2); err != nil {
		t.Fatal(err)
	}
	after := m.State(0)
	if after.LogPrice != before.LogPrice-2 || math.Abs(after.Return()-before.Return()) > 1e-12 {
		t.Errorf("rebase: price %v -> %v, return %v -> %v; want the price moved by -2 and the return kept",
			before.LogPrice, after.LogPrice, before.Return(), after.Return())
	}
	floor := after.LogPrice + 0.5
	raised, err := m.Support(0, floor)
	if err != nil || !raised || m.State(0).LogPrice != floor {
		t.Errorf("support below the floor: raised %v, price %v, err %v; want raised to %v", raised, m.State(0).LogPrice, err, floor)
	}
	raised, err = m.Support(0, floor-1)
	if err != nil || raised || m.State(0).LogPrice != floor {
		t.Errorf("support above the floor: raised %v, price %v, err %v; want unchanged", raised, m.State(0).LogPrice, err)
	}
	for _, bad := range []struct {
		i int
		p float64
	}{{-1, 0}, {2, 0}, {0, math.NaN()}, {0, math.Inf(1)}} {
		if err := m.Rebase(bad.i, bad.p); err == nil {
			t.Errorf("Rebase(%d, %v): no error", bad.i, bad.p)
		}
		if _, err := m.Support(bad.i, bad.p); err == nil {
			t.Errorf("Support(%d, %v): no error", bad.i, bad.p)
		}
	}
}
