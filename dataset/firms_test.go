package dataset

import (
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/data"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

const firmHeader = "firm,ticker,role,country,revenue_usd_bn,revenue_period,revenue_source_title,revenue_source_url,valuation_usd_bn,valuation_type,valuation_date,valuation_source_title,valuation_source_url,notes\n"

func TestReadFirms(t *testing.T) {
	t.Parallel()
	in := firmHeader +
		"OpenAI,private,model_lab,US,13,FY2025,,,840,private_valuation,2026-02-27,,,\n" +
		"Bond investors,n/a,investor,,,,,,,,,,,\n" +
		"Nvidia,NVDA,chip_vendor,US,215.9,,,,4600,market_cap,,,,\n"
	firms, err := ReadFirms(strings.NewReader(in), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if f := firms[0]; f.Listed || f.Aggregate || !f.HasRevenue || f.RevenueBn != 13 || f.ValuationBn != 840 {
		t.Errorf("OpenAI = %+v", f)
	}
	if f := firms[1]; f.Listed || !f.Aggregate || f.HasRevenue || f.HasValuation {
		t.Errorf("Bond investors = %+v", f)
	}
	if f := firms[2]; !f.Listed || f.ValuationType != "market_cap" {
		t.Errorf("Nvidia = %+v", f)
	}
}

func TestReadFirmsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, field, msg string }{
		{"bad role", "X,XX,bank,US,1,,,,2,market_cap,,,,\n", "role", "unknown role"},
		{"negative revenue", "X,XX,other,US,-1,,,,2,market_cap,,,,\n", "revenue_usd_bn", "must be positive"},
		{"text valuation", "X,XX,other,US,1,,,,big,market_cap,,,,\n", "valuation_usd_bn", "not a number"},
		{"bad valuation type", "X,XX,other,US,1,,,,2,book,,,,\n", "valuation_type", "market_cap or private_valuation"},
		{"type without value", "X,XX,other,US,1,,,,,market_cap,,,,\n", "valuation_type", "empty"},
		{"no name", ",XX,other,US,1,,,,,,,,,\n", "firm", "required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadFirms(strings.NewReader(firmHeader+tc.body), "f.csv")
			checkInputErr(t, err, "f.csv", 2, tc.field, tc.msg)
		})
	}
	_, err := ReadFirms(strings.NewReader(firmHeader+"X,XX,other,,,,,,,,,,,\nX,YY,other,,,,,,,,,,,\n"), "f.csv")
	checkInputErr(t, err, "f.csv", 3, "firm", "duplicate firm")
}

func TestMacroFactValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		lo, hi float64
		ok     bool
	}{
		{"3.2", 3.2, 3.2, true}, {"~92", 92, 92, true}, {"+11", 11, 11, true},
		{"630-700", 630, 700, true}, {"3-7", 3, 7, true}, {"-0.7", -0.7, -0.7, true},
		{"95 -> 0", 0, 0, false}, {"0.2 / 0.6 / 1.9", 0, 0, false}, {"event text", 0, 0, false},
		{"7-3", 0, 0, false},
	}
	for _, tc := range tests {
		lo, hi, ok := parseFactValue(tc.in)
		if ok != tc.ok || lo != tc.lo || hi != tc.hi {
			t.Errorf("parseFactValue(%q) = %v, %v, %v; want %v, %v, %v", tc.in, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
	facts, err := DefaultMacroFacts()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := FindFact(facts, "big4_hyperscaler_capex", "2024")
	if !ok || m.Mid() != 246 {
		t.Errorf("big4 capex 2024 = %+v, %v", m, ok)
	}
}

func FuzzReadFirms(f *testing.F) {
	f.Add(firmHeader + "OpenAI,private,model_lab,US,13,FY2025,,,840,private_valuation,2026-02-27,,,\n")
	f.Add(firmHeader + "X,n/a,investor,,,,,,,,,,,\n")
	f.Fuzz(func(t *testing.T, in string) {
		firms, err := ReadFirms(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("error not marked as bad input: %v", err)
			}
			return
		}
		for _, fm := range firms {
			if fm.Name == "" || (fm.HasRevenue && fm.RevenueBn <= 0) || (fm.HasValuation && fm.ValuationBn <= 0) {
				t.Fatalf("invalid firm accepted: %+v", fm)
			}
		}
	})
}

func FuzzReadMacroFacts(f *testing.F) {
	f.Add("fact,value,unit,as_of\nx,3-7,percent,2025\n")
	f.Fuzz(func(t *testing.T, in string) {
		facts, err := ReadMacroFacts(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("error not marked as bad input: %v", err)
			}
			return
		}
		for _, m := range facts {
			if m.Numeric && m.Low > m.High {
				t.Fatalf("inverted range %+v", m)
			}
		}
	})
}

func FuzzReadEstimatesAndStates(f *testing.F) {
	est, _ := data.Files.ReadFile("undisclosed_estimates.csv")
	st, _ := data.Files.ReadFile("firm_state_2023.csv")
	f.Add(string(est), string(st))
	f.Add("id,source_firm,target_firm,kind,amount_usd_bn,horizon_years,basis\nX,A,B,loan,-1,,why\n", "firm,cash_bn\nA,1\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		if es, err := ReadEstimates(strings.NewReader(a), "e.csv"); err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("estimates: error not marked as bad input: %v", err)
			}
		} else {
			for _, e := range es {
				if e.AmountBn < 0 || !e.Kind.Valid() || e.Basis == "" {
					t.Fatalf("invalid estimate accepted: %+v", e)
				}
			}
		}
		if ss, err := ReadFirmStates(strings.NewReader(b), "s.csv"); err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("states: error not marked as bad input: %v", err)
			}
		} else {
			for _, s := range ss {
				if s.CashBn < 0 || s.DebtBn < 0 || s.Firm == "" {
					t.Fatalf("invalid state accepted: %+v", s)
				}
			}
		}
	})
}
