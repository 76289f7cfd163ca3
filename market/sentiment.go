package market

import (
	"errors"
	"fmt"
	"math"
)

// SentimentParams parameterise a sector sentiment, the exogenous demand
// common to the listed AI firms. Its level on day t is
//
//	S_t = κ_m m_t + N_t + κ_g G_t
//	m_t = λ_m m_{t−1} + (1 − λ_m) r_t                       (momentum)
//	N_t = λ_n N_{t−1} + κ_n Σ_j ln(1 + size_j / scale)       (deal news)
//
// with r_t the sector's percentage return observed on day t, the sum over
// deals announced on day t, G_t the government support the caller reports for
// day t, and each λ = 2^(−1/half-life), 0 for a half-life of 0. S_t is in FW
// demand units: adding it to an asset's Inputs.Exogenous moves that asset's
// log price by μ·S_t, i.e. S_t percent at μ = 0.01.
//
// The weights have no estimated values yet (docs/market.md, "Sector
// sentiment"); the zero value is a sentiment that stays at zero.
type SentimentParams struct {
	MomentumWeight   float64 // κ_m, demand units per percent of smoothed sector return
	MomentumHalfLife float64 // days; memory of the momentum average
	NewsWeight       float64 // κ_n, demand units per unit of ln(1 + size/scale)
	NewsScale        float64 // USD bn; a deal of this size adds κ_n·ln 2
	NewsHalfLife     float64 // days; decay of announcement effects
	SupportWeight    float64 // κ_g, demand units per unit of government support
}

// Validate reports whether p is usable: finite weights, non-negative
// half-lives, and a positive news scale when news has weight.
func (p SentimentParams) Validate() error {
	var errs []error
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"momentum weight", p.MomentumWeight}, {"momentum half-life", p.MomentumHalfLife},
		{"news weight", p.NewsWeight}, {"news scale", p.NewsScale},
		{"news half-life", p.NewsHalfLife}, {"support weight", p.SupportWeight},
	} {
		if !finite(f.v) {
			errs = append(errs, fmt.Errorf("market: sentiment %s is %v", f.name, f.v))
		}
	}
	if p.MomentumHalfLife < 0 || p.NewsHalfLife < 0 {
		errs = append(errs, fmt.Errorf("market: sentiment half-lives %v and %v, want >= 0", p.MomentumHalfLife, p.NewsHalfLife))
	}
	if p.NewsWeight != 0 && !(p.NewsScale > 0) {
		errs = append(errs, fmt.Errorf("market: sentiment news scale %v, want > 0", p.NewsScale))
	}
	return errors.Join(errs...)
}

// SentimentInputs are one day's observations.
type SentimentInputs struct {
	// SectorReturn is the AI sector's percentage return known on the day
	// (for example the previous close-to-close move of its price index).
	SectorReturn float64
	// Deals are the sizes, in USD bn, of the deals announced on the day; a
	// deal of undisclosed size needs an estimate from the caller.
	Deals []float64
	// Support is the level of government support on the day, on the
	// caller's scale (for example 0 = none, 1 = full programme).
	Support float64
}

// SentimentState is the sentiment after a day; the zero value is the start.
type SentimentState struct {
	Momentum float64 // m_t, smoothed sector return, percent
	News     float64 // N_t, demand from past deal announcements
	Support  float64 // G_t, the day's support as given
	Level    float64 // S_t, the total exogenous demand
}

// Next returns the sentiment one day later. It fails, leaving nothing
// changed, on a non-finite input or a negative deal size.
func (p SentimentParams) Next(s SentimentState, in SentimentInputs) (SentimentState, error) {
	if !finite(in.SectorReturn) || !finite(in.Support) {
		return s, fmt.Errorf("market: sentiment inputs return %v, support %v", in.SectorReturn, in.Support)
	}
	impulse := 0.0
	for _, size := range in.Deals {
		if !finite(size) || size < 0 {
			return s, fmt.Errorf("market: deal size %v USD bn, want a finite size >= 0", size)
		}
		if p.NewsWeight != 0 {
			impulse += math.Log1p(size / p.NewsScale)
		}
	}
	lm, ln := decay(p.MomentumHalfLife), decay(p.NewsHalfLife)
	next := SentimentState{
		Momentum: lm*s.Momentum + (1-lm)*in.SectorReturn,
		News:     ln*s.News + p.NewsWeight*impulse,
		Support:  in.Support,
	}
	next.Level = p.MomentumWeight*next.Momentum + next.News + p.SupportWeight*next.Support
	return next, nil
}

// decay returns the daily factor 2^(−1/h) of a half-life of h days, and 0
// for h = 0 (no memory).
func decay(halfLife float64) float64 {
	if halfLife == 0 {
		return 0
	}
	return math.Exp2(-1 / halfLife)
}
