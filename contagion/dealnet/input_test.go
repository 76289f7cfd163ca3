package dealnet

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

func TestParseShock(t *testing.T) {
	good := []struct {
		in   string
		want ShockSpec
	}{
		{"OpenAI=0.5", ShockSpec{Firm: "OpenAI", Fraction: 0.5}},
		{" Bond investors = 1 ", ShockSpec{Firm: "Bond investors", Fraction: 1}},
		{"CoreWeave=60%", ShockSpec{Firm: "CoreWeave", Fraction: 0.6}},
		{"Oracle=12.5bn", ShockSpec{Firm: "Oracle", AmountBn: 12.5, Absolute: true}},
		{"Oracle=200BN", ShockSpec{Firm: "Oracle", AmountBn: 200, Absolute: true}},
		{"a=b=0", ShockSpec{Firm: "a=b", Fraction: 0}},
	}
	for _, tt := range good {
		got, err := ParseShock(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseShock(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	bad := []string{"OpenAI", "=0.5", "OpenAI=", "OpenAI=1.5", "OpenAI=-0.1", "OpenAI=NaN", "OpenAI=inf",
		"OpenAI=101%", "OpenAI=%", "OpenAI=bn", "OpenAI=-3bn", "OpenAI=1e999bn", "OpenAI=x"}
	for _, in := range bad {
		_, err := ParseShock(in)
		var ie *inputerr.Error
		if !errors.As(err, &ie) || ie.Field != "--shock" {
			t.Errorf("ParseShock(%q): %v, want an input error on --shock", in, err)
		}
	}
}

// FuzzParseShock: the parser never panics, accepts only specs with a firm
// and a value in range, and reads its own String form back.
func FuzzParseShock(f *testing.F) {
	for _, s := range []string{"OpenAI=0.5", "CoreWeave=60%", "Oracle=12.5bn", "x=1e-300", "=", "a==1", "İ=1BN", "x=0x1p-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseShock(s)
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("ParseShock(%q): error %v is not an input error", s, err)
			}
			return
		}
		if spec.Firm == "" || spec.Firm != strings.TrimSpace(spec.Firm) {
			t.Fatalf("ParseShock(%q): firm %q", s, spec.Firm)
		}
		if spec.Absolute && !(spec.AmountBn >= 0 && !math.IsInf(spec.AmountBn, 0)) || !spec.Absolute && !(spec.Fraction >= 0 && spec.Fraction <= 1) {
			t.Fatalf("ParseShock(%q) = %+v out of range", s, spec)
		}
		again, err := ParseShock(spec.String())
		if err != nil || again != spec {
			t.Fatalf("round trip of %q: %+v -> %q -> %+v, %v", s, spec, spec.String(), again, err)
		}
	})
}

func TestReadBalanceErrors(t *testing.T) {
	tests := []struct {
		name, in, field string
		line            int
	}{
		{"empty", "", "", 1},
		{"unknown column", "firm,capital\nA,1\n", "capital", 1},
		{"duplicate column", "firm,note,note\nA,x,y\n", "note", 1},
		{"no firm column", "capital_usd_bn\n1\n", "firm", 1},
		{"empty firm", "firm,capital_usd_bn\n,1\n", "firm", 2},
		{"duplicate firm", "firm,capital_usd_bn\nA,1\nB,2\nA,3\n", "firm", 4},
		{"negative", "firm,capital_usd_bn\nA,-1\n", "capital_usd_bn", 2},
		{"not a number", "firm,external_assets_usd_bn\nA,1,5\n", "", 2},
		{"nan", "firm,external_assets_usd_bn\nA,NaN\n", "external_assets_usd_bn", 2},
		{"both", "firm,capital_usd_bn,external_assets_usd_bn\nA,1,2\n", "capital_usd_bn", 2},
		{"liabilities alone", "firm,external_liabilities_usd_bn\nA,2\n", "external_liabilities_usd_bn", 2},
		{"absorbing", "firm,absorbing\nA,maybe\n", "absorbing", 2},
		{"comment lines count", "# sheets\nfirm,capital_usd_bn\n# A\nA,x\n", "capital_usd_bn", 4},
		{"bad quote", "firm,capital_usd_bn\n\"A,1\n", "", 2},
	}
	for _, tt := range tests {
		_, err := ReadBalance(strings.NewReader(tt.in), "b.csv")
		var ie *inputerr.Error
		if !errors.As(err, &ie) || ie.File != "b.csv" || ie.Line != tt.line || ie.Field != tt.field {
			t.Errorf("%s: %v (want b.csv line %d field %q)", tt.name, err, tt.line, tt.field)
		}
	}
}

func TestReadBalance(t *testing.T) {
	got, err := LoadBalance("testdata/balance.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d rows, want 3", len(got))
	}
	if b := got[0]; b.Firm != "OpenAI" || b.CapitalBn != 40 || !b.HasCapital || b.HasExternalAssets || b.Line != 3 {
		t.Errorf("row 1: %+v", b)
	}
	if b := got[1]; b.Firm != "Oracle" || b.ExternalAssetsBn != 80 || b.ExternalLiabilitiesBn != 30 || !b.HasExternalLiab {
		t.Errorf("row 2: %+v", b)
	}
	if b := got[2]; b.Firm != "Bond investors" || b.Absorbing || !b.HasAbsorbing || b.HasCapital {
		t.Errorf("row 3: %+v", b)
	}
	if _, err := LoadBalance("testdata/missing.csv"); !inputerr.Is(err) {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzReadBalance: the reader never panics, reports failures as input
// errors naming the file and a line, and returns rows whose numbers are
// finite and non-negative.
func FuzzReadBalance(f *testing.F) {
	f.Add("firm,capital_usd_bn,external_assets_usd_bn,external_liabilities_usd_bn,absorbing,note\nA,1,,,true,x\nB,,2,1,,\n")
	f.Add("firm\nA\n")
	f.Add("# c\nfirm,absorbing\nA,no\n")
	f.Add("firm,capital_usd_bn\n\"A\",1e308\n")
	f.Add("\ufefffirm,capital_usd_bn\r\nA,0\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := ReadBalance(strings.NewReader(in), "f.csv")
		if err != nil {
			var ie *inputerr.Error
			if !errors.As(err, &ie) || ie.File != "f.csv" {
				t.Fatalf("error %v does not name the file", err)
			}
			if rows != nil {
				t.Fatal("rows returned with an error")
			}
			return
		}
		seen := map[string]bool{}
		for _, b := range rows {
			for _, x := range []float64{b.CapitalBn, b.ExternalAssetsBn, b.ExternalLiabilitiesBn} {
				if !(x >= 0) || math.IsInf(x, 0) {
					t.Fatalf("row %+v: bad number", b)
				}
			}
			if b.Firm == "" || seen[b.Firm] || b.Line < 2 {
				t.Fatalf("row %+v: bad firm or line", b)
			}
			seen[b.Firm] = true
		}
	})
}
