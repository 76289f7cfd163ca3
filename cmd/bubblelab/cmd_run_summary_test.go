package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/sim"
)

// TestSummaryRoundTripRowsSum checks that the printed round-trip table's
// shares add up to 100% in every row (own, other AI, final demand, rest),
// that amounts name their currency and that leaving distress is spelt out.
func TestSummaryRoundTripRowsSum(t *testing.T) {
	t.Parallel()
	s := sim.Summary{
		RoundTrip: []sim.FirmRoundTrip{
			{Firm: "A", RevenueBn: 100, RoundTripShare: 0.05, AIFundedShare: 0.20, FinalDemand: 0.50},
			{Firm: "B", RevenueBn: 10, RoundTripShare: 0, AIFundedShare: 0, FinalDemand: 1},
		},
		Defaults: sim.DefaultSummary{Count: 1, AmountBn: 2, Distressed: []sim.DistressedFirm{{Firm: "A", Month: "2026-04", Emerged: "2027-10"}}},
	}
	var b bytes.Buffer
	printSummary(&b, s)
	out := b.String()
	for _, want := range []string{"US$ bn", "each row sums to 100%", "A 2026-04 (left distress 2027-10)"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 6 || (f[0] != "A" && f[0] != "B") {
			continue
		}
		rows++
		sum := 0.0
		for _, c := range f[2:] {
			v, err := strconv.ParseFloat(strings.TrimSuffix(c, "%"), 64)
			if err != nil {
				t.Fatalf("row %q: %v", line, err)
			}
			sum += v
		}
		if sum < 99.9 || sum > 100.1 {
			t.Errorf("row %q sums to %.1f%%", line, sum)
		}
	}
	if rows != 2 {
		t.Errorf("found %d round-trip rows, want 2:\n%s", rows, out)
	}
}
