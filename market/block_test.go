package market

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParamsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*Params)
		errSub string
	}{
		{name: "hpm", edit: func(*Params) {}},
		{name: "zero noise", edit: func(p *Params) { p.SigmaF, p.SigmaC = 0, 0 }},
		{name: "mu zero", edit: func(p *Params) { p.Mu = 0 }, errSub: "mu"},
		{name: "negative beta", edit: func(p *Params) { p.Beta = -1 }, errSub: "beta"},
		{name: "negative sigma", edit: func(p *Params) { p.SigmaC = -0.1 }, errSub: "sigma"},
		{name: "eta one", edit: func(p *Params) { p.Eta = 1 }, errSub: "eta"},
		{name: "nan phi", edit: func(p *Params) { p.Phi = math.NaN() }, errSub: "phi"},
		{name: "inf alpha_p", edit: func(p *Params) { p.AlphaP = math.Inf(1) }, errSub: "alpha_p"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DCAHPM()
			tc.edit(&p)
			err := p.Validate()
			switch {
			case tc.errSub == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tc.errSub != "" && (err == nil || !strings.Contains(err.Error(), tc.errSub)):
				t.Fatalf("Validate() = %v, want an error mentioning %q", err, tc.errSub)
			}
		})
	}
	if err := DCAWP().Validate(); err != nil {
		t.Errorf("DCAWP().Validate() = %v", err)
	}
}

// With both noises zero and the price at the fundamental, neither group
// demands anything and the price must stay exactly where it is, whatever the
// shares do (the first deterministic check).
func TestNoiselessPriceStaysAtFundamental(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params Params
		pStar  float64
	}{
		{"DCA-HPM p*=0", DCAHPM(), 0},
		{"DCA-HPM p*=ln 150", DCAHPM(), math.Log(150)},
		{"DCA-WP p*=0", DCAWP(), 0},
		{"DCA-WP p*=-2", DCAWP(), -2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.params.NewState(tc.pStar)
			for day := range 20000 {
				s = tc.params.Next(s, Inputs{LogFundamental: tc.pStar})
				if s.LogPrice != tc.pStar || s.PrevLogPrice != tc.pStar {
					t.Fatalf("day %d: log price %v (previous %v), want exactly %v", day, s.LogPrice, s.PrevLogPrice, tc.pStar)
				}
			}
		})
	}
}

// With α_n = α_p = 0 (and no wealth term) the switching index is α_0 on every
// day, so n^f = 1/(1+exp(0.327)) = 0.418970747907099 under FW's α_0 = −0.327
// and β = 1, whatever the price does (the second deterministic check).
func TestShareWithoutHerdingOrMisalignment(t *testing.T) {
	const want = 0.41897074790709904 // 1/(1+e^0.327), evaluated independently
	p := DCAHPM()
	p.AlphaN, p.AlphaP = 0, 0
	rng := rand.New(rand.NewPCG(1, 2))
	s := p.NewState(0)
	for day := range 5000 {
		s = p.Next(s, Inputs{ShockF: rng.NormFloat64(), ShockC: rng.NormFloat64()})
		if math.Abs(s.ShareF-want) > 1e-15 || math.Abs(s.ShareC()-(1-want)) > 1e-15 {
			t.Fatalf("day %d: n^f = %v, n^c = %v, want %v and %v", day, s.ShareF, s.ShareC(), want, 1-want)
		}
	}
	if s.LogPrice == 0 {
		t.Fatal("the price never moved; the shares were not tested under noise")
	}
}

// At the fundamental and without noise only herding moves the shares, so n^f
// must converge to the root of n = 1/(1+exp(−β(α_0 + α_n(2n−1)))). The map's
// slope is at most βα_n/2 = 0.895 < 1, so the root is unique and stable.
func TestNoiselessSharesConvergeToHerdingFixedPoint(t *testing.T) {
	p := DCAHPM()
	gap := func(n float64) float64 { return 1/(1+math.Exp(-p.Beta*(p.Alpha0+p.AlphaN*(2*n-1)))) - n }
	lo, hi := 0.0, 1.0 // gap(0) > 0 > gap(1)
	for range 200 {
		mid := (lo + hi) / 2
		if gap(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	want := lo // 0.19462174164336, also by a separate bisection
	if math.Abs(want-0.19462174164336019) > 1e-12 {
		t.Fatalf("bisection gave %v", want)
	}
	s := p.NewState(0)
	for range 500 {
		s = p.Next(s, Inputs{})
	}
	if math.Abs(s.ShareF-want) > 1e-12 {
		t.Errorf("n^f after 500 noiseless days = %.15f, want the herding fixed point %.15f", s.ShareF, want)
	}
}

// One DCA-HPM day worked by hand (numbers evaluated with an independent
// calculator): p_t = 0.1, p_{t−1} = 0.05, a_{t−1} = 0.2, p* = 0, ε^f/σ_f = 0.5,
// ε^c/σ_c = −1.
//
//	n^f = 1/(1+e^{−0.2})                           = 0.549833997312478
//	a   = −0.327 + 1.79(2n^f − 1) + 18.43·0.1²     = 0.035705710378671
//	d^f = −0.12·0.1 + 0.758·0.5                    = 0.367
//	d^c = 1.5·(0.1 − 0.05) − 2.087                 = −2.012
//	p   = 0.1 + 0.01(n^f d^f + (1 − n^f) d^c)      = 0.092960550796064
func TestNextWorkedExample(t *testing.T) {
	p := DCAHPM()
	s := State{LogPrice: 0.1, PrevLogPrice: 0.05, Attractiveness: 0.2, DemandF: 7, DemandC: 8}
	got := p.Next(s, Inputs{ShockF: 0.5, ShockC: -1})
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"n^f", got.ShareF, 0.549833997312478},
		{"a", got.Attractiveness, 0.03570571037867104},
		{"d^f", got.DemandF, 0.367},
		{"d^c", got.DemandC, -2.012},
		{"p_{t+1}", got.LogPrice, 0.09296055079606386},
		{"p_t", got.PrevLogPrice, 0.1},
		{"lagged d^f", got.LagDemandF, 7},
		{"lagged d^c", got.LagDemandC, 8},
		{"return", got.Return(), 100 * (0.09296055079606386 - 0.1)},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", c.name, c.got, c.want)
		}
	}
}

// FW's wealth term credits day t's price move p_{t−1} → p_t to the orders of
// day t−2, which were filled at p_{t−1}; the orders of day t−1 earn nothing
// yet. With p_t = 0.01, p_{t−1} = 0 and one unit demanded two days earlier,
// w^f = (1 − η)(e^{0.01} − 1) = 0.013 × 0.010050167 = 1.3065217e-4.
func TestWealthCreditsOrdersOfTwoDaysBefore(t *testing.T) {
	p := DCAWP()
	const want = 0.00013065217209418345
	twoDaysBefore := p.Next(State{LogPrice: 0.01, LagDemandF: 1}, Inputs{})
	if math.Abs(twoDaysBefore.WealthF-want) > 1e-12*want || twoDaysBefore.WealthC != 0 {
		t.Errorf("w^f, w^c = %v, %v after a day-(t−2) fundamentalist order; want %v, 0", twoDaysBefore.WealthF, twoDaysBefore.WealthC, want)
	}
	yesterday := p.Next(State{LogPrice: 0.01, DemandF: 1}, Inputs{})
	if yesterday.WealthF != 0 {
		t.Errorf("w^f = %v after a day-(t−1) order, want 0", yesterday.WealthF)
	}
	// Profits are measured relative to the fundamental value, so shifting
	// price and fundamental together leaves the wealth term unchanged.
	const shift = 4.6
	shifted := p.Next(State{LogPrice: 0.01 + shift, PrevLogPrice: shift, LagDemandF: 1}, Inputs{LogFundamental: shift})
	if math.Abs(shifted.WealthF-want) > 1e-9*want {
		t.Errorf("w^f = %v with p and p* shifted by %v, want %v", shifted.WealthF, shift, want)
	}
}

// On the first day at the fundamental no group demands anything, so an
// exogenous demand s moves the log price by exactly μ·s: s = 1 is one percent.
func TestExogenousDemandMovesPriceByMu(t *testing.T) {
	for _, p := range []Params{DCAHPM(), DCAWP()} {
		pStar := math.Log(80)
		s := p.Next(p.NewState(pStar), Inputs{LogFundamental: pStar, Exogenous: 1})
		if got := s.Return(); math.Abs(got-1) > 1e-12 {
			t.Errorf("return after exogenous demand 1 = %v%%, want 1%%", got)
		}
	}
}

func TestSimulateReturnsIsDeterministic(t *testing.T) {
	p := DCAHPM()
	a, b, c := make([]float64, 500), make([]float64, 500), make([]float64, 500)
	p.SimulateReturns(rand.New(rand.NewPCG(7, 1)), 100, a)
	p.SimulateReturns(rand.New(rand.NewPCG(7, 1)), 100, b)
	p.SimulateReturns(rand.New(rand.NewPCG(8, 1)), 100, c)
	same := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, day %d: %v != %v", i, a[i], b[i])
		}
		if a[i] == c[i] {
			same++
		}
	}
	if same == len(a) {
		t.Fatal("different seeds gave the same path")
	}
}

// Without noise a price away from its fundamental must return to it: the
// fundamentalists' pull dominates the chartists' extrapolation (FW's
// deterministic core is stable at these estimates). Near the fundamental the
// DCA-HPM pull is slow, μφn^f ≈ 0.01·0.12·0.195 per day at the herding fixed
// point, so 40000 days shrink 0.3 to about 1e-5.
func TestNoiselessPriceRevertsToFundamental(t *testing.T) {
	for _, p := range []Params{DCAHPM(), DCAWP()} {
		s := p.NewState(0.3) // start 30 log points above a fundamental of 0
		for range 40000 {
			s = p.Next(s, Inputs{})
		}
		if math.Abs(s.LogPrice) > 1e-4 {
			t.Errorf("%+v: log misalignment after 40000 noiseless days = %v, want ~0", p, s.LogPrice)
		}
	}
}
