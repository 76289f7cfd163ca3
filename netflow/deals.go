package netflow

import (
	"fmt"
	"math"
	"slices"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// AmountBasis says which amount of a deal becomes its edge weight.
type AmountBasis int

const (
	// Annualised divides a deal's headline amount by its horizon_years
	// where one is given, turning multi-year commitments into USD bn per
	// year. A deal without a horizon keeps its headline amount, that is, it
	// is treated as paid within one year, unless Options.AssumedHorizonYears
	// is set.
	Annualised AmountBasis = iota
	// Headline uses the headline amount as reported, whatever its horizon.
	Headline
)

func (b AmountBasis) String() string {
	switch b {
	case Annualised:
		return "annualised"
	case Headline:
		return "headline"
	}
	return fmt.Sprintf("AmountBasis(%d)", int(b))
}

// UndisclosedPolicy says what happens to deals whose amount was not disclosed.
type UndisclosedPolicy int

const (
	// ExcludeUndisclosed leaves deals without a disclosed amount out of the
	// graph (they are listed as exclusions).
	ExcludeUndisclosed UndisclosedPolicy = iota
	// EstimateUndisclosed gives them the documented estimate of
	// dataset.EstimateUndisclosed; their edges are marked Estimated.
	EstimateUndisclosed
)

func (p UndisclosedPolicy) String() string {
	switch p {
	case ExcludeUndisclosed:
		return "exclude"
	case EstimateUndisclosed:
		return "estimate"
	}
	return fmt.Sprintf("UndisclosedPolicy(%d)", int(p))
}

// Options controls how deals become a graph. The zero value annualises,
// excludes undisclosed amounts and keeps every kind.
type Options struct {
	Amounts     AmountBasis
	Undisclosed UndisclosedPolicy
	// AssumedHorizonYears, when positive and Amounts is Annualised, is the
	// horizon applied to deals that report none.
	AssumedHorizonYears float64
	// Kinds, when not empty, keeps only deals of these kinds.
	Kinds []dataset.DealKind
	// ExcludeKinds drops deals of these kinds (applied after Kinds).
	ExcludeKinds []dataset.DealKind
	// ExcludeDeals drops the deals with these IDs (for sensitivity runs,
	// e.g. without non-binding letters of intent). Every ID must exist.
	ExcludeDeals []string
}

// Exclusion is a deal left out of the graph and why.
type Exclusion struct {
	ID     string
	Line   int
	Reason string
}

// Exclusion reasons.
const (
	ReasonKind         = "kind not selected"
	ReasonID           = "excluded by ID"
	ReasonUndisclosed  = "amount not disclosed"
	ReasonZero         = "amount is zero"
	ReasonZeroEstimate = "estimated amount is zero (see the estimate's basis)"
	ReasonNoEstimate   = "amount not disclosed and no estimate available"
)

// FromDeals turns deals into a weighted digraph: one node per firm (sorted by
// name, so the vertex order is deterministic), one edge per ordered pair of
// firms with the sum of their deals' amounts. Aggregate parties such as "Bond
// investors" are ordinary nodes. Firms whose deals are all excluded remain as
// isolated nodes. Self-loops are kept (see Graph.SelfLoops).
//
// Bad options or amounts are reported as *inputerr.Error values naming the
// deal's line.
func FromDeals(deals []dataset.Deal, opts Options) (*Graph, []Exclusion, error) {
	for _, k := range slices.Concat(opts.Kinds, opts.ExcludeKinds) {
		if !k.Valid() {
			return nil, nil, inputerr.New("", 0, "kind", "unknown deal kind %q (known: %v)", k, dataset.DealKinds())
		}
	}
	if h := opts.AssumedHorizonYears; math.IsNaN(h) || math.IsInf(h, 0) || h < 0 {
		return nil, nil, inputerr.New("", 0, "horizon", "assumed horizon %v years is not a finite non-negative number", h)
	}
	for _, id := range opts.ExcludeDeals {
		if !slices.ContainsFunc(deals, func(d dataset.Deal) bool { return d.ID == id }) {
			return nil, nil, inputerr.New("", 0, "id", "no deal with id %q to exclude", id)
		}
	}
	if opts.Undisclosed == EstimateUndisclosed {
		deals = dataset.EstimateUndisclosed(deals)
	}
	names := make([]string, 0, 2*len(deals))
	for _, d := range deals {
		names = append(names, d.Source, d.Target)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var b Builder
	for _, name := range names {
		b.AddNode(name)
	}
	var excluded []Exclusion
	for _, d := range deals {
		exclude := func(reason string) { excluded = append(excluded, Exclusion{ID: d.ID, Line: d.Line, Reason: reason}) }
		switch {
		case slices.Contains(opts.ExcludeDeals, d.ID):
			exclude(ReasonID)
			continue
		case len(opts.Kinds) > 0 && !slices.Contains(opts.Kinds, d.Kind),
			slices.Contains(opts.ExcludeKinds, d.Kind):
			exclude(ReasonKind)
			continue
		case !d.Disclosed && !d.Estimated:
			if opts.Undisclosed == EstimateUndisclosed {
				exclude(ReasonNoEstimate)
			} else {
				exclude(ReasonUndisclosed)
			}
			continue
		case d.AmountBn == 0 && d.Estimated:
			exclude(ReasonZeroEstimate)
			continue
		case d.AmountBn == 0:
			exclude(ReasonZero)
			continue
		}
		if math.IsNaN(d.AmountBn) || math.IsInf(d.AmountBn, 0) || d.AmountBn < 0 {
			return nil, nil, inputerr.New("", d.Line, "amount_usd_bn", "deal %s: amount %v is not a finite non-negative number", d.ID, d.AmountBn)
		}
		if math.IsNaN(d.HorizonYears) || math.IsInf(d.HorizonYears, 0) || d.HorizonYears < 0 {
			return nil, nil, inputerr.New("", d.Line, "horizon_years", "deal %s: horizon %v is not a finite non-negative number", d.ID, d.HorizonYears)
		}
		w := d.AmountBn
		if opts.Amounts == Annualised {
			switch {
			case d.HorizonYears > 0:
				w /= d.HorizonYears
			case opts.AssumedHorizonYears > 0:
				w /= opts.AssumedHorizonYears
			}
		}
		if err := b.AddDeal(d.Source, d.Target, w, d.AmountBn, d.Estimated, d.ID, d.Announced); err != nil {
			return nil, nil, inputerr.New("", d.Line, "amount_usd_bn", "deal %s: %v", d.ID, err)
		}
	}
	return b.Build(), excluded, nil
}
