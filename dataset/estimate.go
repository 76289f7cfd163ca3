package dataset

import (
	"fmt"
	"io"
	"sort"
)

// AmountEstimate is a documented estimate for a deal whose amount was not
// disclosed. It applies to a deal only when id, source, target and kind all
// match, so a user's file that reuses an id for another deal is not affected.
type AmountEstimate struct {
	ID, Source, Target string
	Kind               DealKind
	AmountBn           float64 // may be 0: "counted elsewhere"
	HorizonYears       float64 // 0: keep the deal's own horizon
	Basis              string
	Line               int
}

var estimateColumns = []string{"id", "source_firm", "target_firm", "kind", "amount_usd_bn", "horizon_years", "basis"}

// ReadEstimates parses an estimates table (data/undisclosed_estimates.csv format).
func ReadEstimates(r io.Reader, name string) ([]AmountEstimate, error) {
	t, err := openTable(r, name, estimateColumns)
	if err != nil {
		return nil, err
	}
	var out []AmountEstimate
	for {
		rw, err := t.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		e := AmountEstimate{Line: rw.line}
		if e.ID, err = rw.required("id"); err != nil {
			return nil, err
		}
		if e.Source, err = rw.required("source_firm"); err != nil {
			return nil, err
		}
		if e.Target, err = rw.required("target_firm"); err != nil {
			return nil, err
		}
		ks, err := rw.required("kind")
		if err != nil {
			return nil, err
		}
		if e.Kind = DealKind(ks); !e.Kind.Valid() {
			return nil, rw.errf("kind", "unknown kind %q; valid kinds: %s", ks, kindList())
		}
		amount, ok, err := rw.optionalFloat("amount_usd_bn")
		if err != nil {
			return nil, err
		}
		if !ok || amount < 0 {
			return nil, rw.errf("amount_usd_bn", "an estimate needs a non-negative amount")
		}
		e.AmountBn = amount
		if e.HorizonYears, _, err = rw.positiveFloat("horizon_years"); err != nil {
			return nil, err
		}
		if e.Basis, err = rw.required("basis"); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
}

// DefaultEstimates returns the shipped estimates for the undisclosed amounts
// of the shipped deals (data/undisclosed_estimates.csv).
func DefaultEstimates() ([]AmountEstimate, error) {
	return readEmbedded("undisclosed_estimates.csv", ReadEstimates)
}

// EstimateUndisclosed returns a copy of deals in which every undisclosed
// amount has an estimate: the shipped estimate where one matches (see
// AmountEstimate), otherwise the median disclosed amount of deals of the same
// kind in deals, otherwise the median of all disclosed amounts. Estimated
// deals have Estimated set and EstimateBasis saying which rule applied. Deals
// that cannot be estimated (no disclosed amount anywhere) are left as they are.
func EstimateUndisclosed(deals []Deal) []Deal {
	table, err := DefaultEstimates()
	if err != nil {
		// The table is embedded and checked by the package tests; failing
		// here means a broken build, not bad user input.
		panic(fmt.Sprintf("dataset: embedded estimates: %v", err))
	}
	return EstimateUndisclosedWith(deals, table)
}

// EstimateUndisclosedWith is EstimateUndisclosed with an explicit estimates table.
func EstimateUndisclosedWith(deals []Deal, table []AmountEstimate) []Deal {
	type key struct {
		id, src, dst string
		kind         DealKind
	}
	byKey := make(map[key]AmountEstimate, len(table))
	for _, e := range table {
		byKey[key{e.ID, e.Source, e.Target, e.Kind}] = e
	}
	kindAmounts := map[DealKind][]float64{}
	var all []float64
	for _, d := range deals {
		if d.Disclosed {
			kindAmounts[d.Kind] = append(kindAmounts[d.Kind], d.AmountBn)
			all = append(all, d.AmountBn)
		}
	}
	out := make([]Deal, len(deals))
	copy(out, deals)
	for i := range out {
		d := &out[i]
		if d.Disclosed || d.Estimated {
			continue
		}
		if e, ok := byKey[key{d.ID, d.Source, d.Target, d.Kind}]; ok {
			d.AmountBn, d.Estimated = e.AmountBn, true
			d.EstimateBasis = e.Basis
			if d.HorizonYears == 0 {
				d.HorizonYears = e.HorizonYears
			}
			continue
		}
		if xs := kindAmounts[d.Kind]; len(xs) > 0 {
			d.AmountBn, d.Estimated = median(xs), true
			d.EstimateBasis = fmt.Sprintf("median of the %d disclosed %s amounts in the file", len(xs), d.Kind)
			continue
		}
		if len(all) > 0 {
			d.AmountBn, d.Estimated = median(all), true
			d.EstimateBasis = fmt.Sprintf("median of all %d disclosed amounts in the file (no disclosed %s deal)", len(all), d.Kind)
		}
	}
	return out
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
