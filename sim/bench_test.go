package sim

import (
	"context"
	"fmt"
	"testing"

	"github.com/bubblelab/bubblelab/dataset"
)

// BenchmarkBaselineRun is one run of the baseline (156 months); runs per
// second = 1e9 / ns/op.
func BenchmarkBaselineRun(b *testing.B) {
	in, err := DefaultInputs()
	if err != nil {
		b.Fatal(err)
	}
	p := BaselineParams()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Run(context.Background(), p, in, uint64(i), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMonths measures how cost grows with the horizon.
func BenchmarkMonths(b *testing.B) {
	in, err := DefaultInputs()
	if err != nil {
		b.Fatal(err)
	}
	for _, months := range []int{36, 78, 156, 312} {
		b.Run(fmt.Sprintf("months=%d", months), func(b *testing.B) {
			p := BaselineParams()
			p.Months = months
			for i := 0; b.Loop(); i++ {
				if _, err := Run(context.Background(), p, in, uint64(i), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// replicateInputs copies the shipped firms and deals k times under new
// names, a network k times as large with the same structure.
func replicateInputs(in Inputs, k int) Inputs {
	out := in
	out.Firms, out.Deals, out.States, out.Unverified = nil, nil, nil, nil
	for r := 0; r < k; r++ {
		name := func(s string) string {
			if r == 0 {
				return s
			}
			return fmt.Sprintf("%s #%d", s, r)
		}
		for _, f := range in.Firms {
			f.Name = name(f.Name)
			out.Firms = append(out.Firms, f)
		}
		for _, s := range in.States {
			s.Firm = name(s.Firm)
			out.States = append(out.States, s)
		}
		for _, d := range in.Deals {
			d.ID = name(d.ID)
			d.Source, d.Target = name(d.Source), name(d.Target)
			out.Deals = append(out.Deals, d)
		}
	}
	return out
}

// BenchmarkFirms measures how cost grows with the number of firms and deals.
func BenchmarkFirms(b *testing.B) {
	in, err := DefaultInputs()
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range []int{1, 2, 4, 8} {
		rin := replicateInputs(in, k)
		if err := dataset.CheckDealFirms(rin.Deals, rin.Firms, "replicated"); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("firms=%d/deals=%d", len(rin.Firms), len(rin.Deals)), func(b *testing.B) {
			p := BaselineParams()
			for i := 0; b.Loop(); i++ {
				if _, err := Run(context.Background(), p, rin, uint64(i), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
