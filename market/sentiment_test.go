package market

import (
	"math"
	"testing"
)

// Worked by hand with half-lives of one day (λ = 1/2): a deal of exactly the
// news scale adds κ_n ln 2 and halves each following day; momentum averages
// the returns 2, 2 to 1 and then 1.5.
func TestSentimentWorkedExample(t *testing.T) {
	p := SentimentParams{
		MomentumWeight: 0.5, MomentumHalfLife: 1,
		NewsWeight: 2, NewsScale: 10, NewsHalfLife: 1,
		SupportWeight: 0.3,
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	days := []struct {
		in                      SentimentInputs
		momentum, news, support float64
	}{
		{SentimentInputs{SectorReturn: 2, Deals: []float64{10}, Support: 1}, 1, 2 * math.Ln2, 1},
		{SentimentInputs{SectorReturn: 2}, 1.5, math.Ln2, 0},
		{SentimentInputs{Deals: []float64{0, 30}}, 0.75, math.Ln2/2 + 2*math.Log(4), 0},
	}
	var s SentimentState
	for i, d := range days {
		var err error
		if s, err = p.Next(s, d.in); err != nil {
			t.Fatal(err)
		}
		level := 0.5*d.momentum + d.news + 0.3*d.support
		if math.Abs(s.Momentum-d.momentum) > 1e-12 || math.Abs(s.News-d.news) > 1e-12 ||
			s.Support != d.support || math.Abs(s.Level-level) > 1e-12 {
			t.Errorf("day %d: %+v, want momentum %v news %v support %v level %v", i, s, d.momentum, d.news, d.support, level)
		}
	}
}

// Properties: news decays by half over each half-life, and a constant sector
// return is the fixed point of the momentum average.
func TestSentimentDecayAndMomentumFixedPoint(t *testing.T) {
	p := SentimentParams{NewsWeight: 1, NewsScale: 5, NewsHalfLife: 7, MomentumWeight: 1, MomentumHalfLife: 20}
	s, err := p.Next(SentimentState{}, SentimentInputs{Deals: []float64{100}})
	if err != nil {
		t.Fatal(err)
	}
	start := s.News
	for range 14 {
		s, _ = p.Next(s, SentimentInputs{})
	}
	if got := s.News / start; math.Abs(got-0.25) > 1e-12 {
		t.Errorf("news after two half-lives = %v of its start, want 0.25", got)
	}
	for range 2000 {
		s, _ = p.Next(s, SentimentInputs{SectorReturn: 0.4})
	}
	if math.Abs(s.Momentum-0.4) > 1e-12 {
		t.Errorf("momentum under a constant 0.4%% return = %v, want 0.4", s.Momentum)
	}
	var zero SentimentParams
	z, err := zero.Next(SentimentState{}, SentimentInputs{SectorReturn: 3, Deals: []float64{50}, Support: 1})
	if err != nil || z.Level != 0 {
		t.Errorf("zero-value sentiment level %v (err %v), want 0", z.Level, err)
	}
}

func TestSentimentRejectsBadInput(t *testing.T) {
	p := SentimentParams{NewsWeight: 1, NewsScale: 1}
	s := SentimentState{Momentum: 1, News: 2, Level: 3}
	for _, in := range []SentimentInputs{
		{Deals: []float64{-1}},
		{Deals: []float64{math.NaN()}},
		{SectorReturn: math.Inf(1)},
		{Support: math.NaN()},
	} {
		got, err := p.Next(s, in)
		if err == nil || got != s {
			t.Errorf("Next(%+v) = %+v, %v; want the old state and an error", in, got, err)
		}
	}
	for _, bad := range []SentimentParams{
		{NewsWeight: 1},
		{MomentumHalfLife: -1},
		{SupportWeight: math.NaN()},
	} {
		if bad.Validate() == nil {
			t.Errorf("Validate(%+v) = nil", bad)
		}
	}
}
