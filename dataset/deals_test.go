package dataset

import (
	"errors"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

const dealHeader = "id,date_announced,source_firm,target_firm,kind,amount_usd_bn,amount_note,horizon_years,direction_note,source_title,source_url\n"

func TestReadDealsValid(t *testing.T) {
	t.Parallel()
	in := dealHeader +
		"D1,2025-09-22,Nvidia,OpenAI,equity_investment,100,\"note, with comma\",,dir,title,url\n" +
		"D2,2025-06,OpenAI,Oracle,compute_purchase,,undisclosed,5,,,\n"
	deals, err := ReadDeals(strings.NewReader(in), "deals.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(deals) != 2 {
		t.Fatalf("got %d deals, want 2", len(deals))
	}
	d := deals[0]
	if d.ID != "D1" || d.Source != "Nvidia" || d.Target != "OpenAI" || d.Kind != EquityInvestment ||
		d.AmountBn != 100 || !d.Disclosed || d.AmountNote != "note, with comma" || d.Line != 2 {
		t.Errorf("deal 1 = %+v", d)
	}
	if got := d.Announced.Format("2006-01-02"); got != "2025-09-22" {
		t.Errorf("date = %s", got)
	}
	d = deals[1]
	if d.Disclosed || d.AmountBn != 0 || d.HorizonYears != 5 || d.Line != 3 || d.Announced.Format("2006-01-02") != "2025-06-01" {
		t.Errorf("deal 2 = %+v", d)
	}
}

// TestReadDealsErrors checks that each kind of bad input names the file, the
// line and the column, and is marked as bad input (exit code 2).
func TestReadDealsErrors(t *testing.T) {
	t.Parallel()
	good := "D1,2025-01-02,A,B,loan,1,,,,,\n"
	tests := []struct {
		name, body string
		line       int
		field      string
		msg        string
	}{
		{"negative amount", "D1,2025-01-02,A,B,loan,-5,,,,,\n", 2, "amount_usd_bn", "must be positive"},
		{"zero amount", "D1,2025-01-02,A,B,loan,0,,,,,\n", 2, "amount_usd_bn", "must be positive"},
		{"non-numeric amount", good + "D2,2025-01-02,A,B,loan,ten,,,,,\n", 3, "amount_usd_bn", "not a number"},
		{"NaN amount", "D1,2025-01-02,A,B,loan,NaN,,,,,\n", 2, "amount_usd_bn", "not a number"},
		{"bad kind", "D1,2025-01-02,A,B,gift,1,,,,,\n", 2, "kind", "unknown kind"},
		{"bad date", "D1,2025-13-02,A,B,loan,1,,,,,\n", 2, "date_announced", "not a date"},
		{"date out of range", "D1,2205-01-02,A,B,loan,1,,,,,\n", 2, "date_announced", "outside"},
		{"missing source", "D1,2025-01-02,,B,loan,1,,,,,\n", 2, "source_firm", "required"},
		{"self deal", "D1,2025-01-02,A,A,loan,1,,,,,\n", 2, "target_firm", "itself"},
		{"duplicate id", good + good, 3, "id", "duplicate id"},
		{"negative horizon", "D1,2025-01-02,A,B,loan,1,,-2,,,\n", 2, "horizon_years", "must be positive"},
		{"huge horizon", "D1,2025-01-02,A,B,loan,1,,500,,,\n", 2, "horizon_years", "limit"},
		{"unterminated quote", good + "D2,2025-01-02,A,B,loan,1,\"open,,,,\n", 3, "", "malformed CSV"},
		{"wrong field count", good + "D2,2025-01-02\n", 3, "", "malformed CSV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadDeals(strings.NewReader(dealHeader+tc.body), "x.csv")
			checkInputErr(t, err, "x.csv", tc.line, tc.field, tc.msg)
		})
	}
}

func TestReadDealsHeaderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, msg string }{
		{"empty", "", "empty file"},
		{"header only", dealHeader, "no deals"},
		{"missing column", "id,date_announced,source_firm,target_firm,kind,horizon_years\n", "amount_usd_bn"},
		{"duplicate column", "id,id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\n", "twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadDeals(strings.NewReader(tc.in), "h.csv")
			if err == nil || !inputerr.Is(err) || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "h.csv") {
				t.Fatalf("err = %v, want input error mentioning %q", err, tc.msg)
			}
		})
	}
}

func checkInputErr(t *testing.T, err error, file string, line int, field, msg string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var ie *inputerr.Error
	if !errors.As(err, &ie) {
		t.Fatalf("%v is not an input error", err)
	}
	if ie.File != file || ie.Line != line || (field != "" && ie.Field != field) {
		t.Errorf("error at %s:%d field %q, want %s:%d field %q (%v)", ie.File, ie.Line, ie.Field, file, line, field, err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q does not mention %q", err, msg)
	}
}

// TestShippedData checks that the embedded files are valid and consistent:
// every firm in the deal files is in the firm table, and every undisclosed
// shipped deal has a documented estimate.
func TestShippedData(t *testing.T) {
	t.Parallel()
	deals, err := DefaultDeals()
	if err != nil {
		t.Fatal(err)
	}
	if len(deals) != 98 {
		t.Errorf("%d shipped deals, want 98 (data/SOURCES.md)", len(deals))
	}
	unverified, err := UnverifiedDeals()
	if err != nil {
		t.Fatal(err)
	}
	firms, err := DefaultFirms()
	if err != nil {
		t.Fatal(err)
	}
	if len(firms) != 46 {
		t.Errorf("%d shipped firms, want 46", len(firms))
	}
	if err := CheckDealFirms(deals, firms, "data/ai_deals.csv"); err != nil {
		t.Error(err)
	}
	if err := CheckDealFirms(unverified, firms, "data/ai_deals_unverified.csv"); err != nil {
		t.Error(err)
	}
	if _, err := DefaultMacroFacts(); err != nil {
		t.Error(err)
	}
	table, err := DefaultEstimates()
	if err != nil {
		t.Fatal(err)
	}
	est := EstimateUndisclosedWith(deals, table)
	undisclosed := 0
	for i, d := range est {
		if deals[i].Disclosed {
			if d != deals[i] {
				t.Errorf("disclosed deal %s changed by estimation", d.ID)
			}
			continue
		}
		undisclosed++
		if !d.Estimated || strings.HasPrefix(d.EstimateBasis, "median") {
			t.Errorf("shipped undisclosed deal %s has no shipped estimate (basis %q)", d.ID, d.EstimateBasis)
		}
	}
	if undisclosed != len(table) {
		t.Errorf("%d undisclosed deals but %d estimates", undisclosed, len(table))
	}
}

func TestEstimateUndisclosedFallback(t *testing.T) {
	t.Parallel()
	deals := []Deal{
		{ID: "a", Source: "X", Target: "Y", Kind: Loan, AmountBn: 2, Disclosed: true},
		{ID: "b", Source: "X", Target: "Y", Kind: Loan, AmountBn: 6, Disclosed: true},
		{ID: "c", Source: "X", Target: "Z", Kind: Loan},
		{ID: "d", Source: "X", Target: "Z", Kind: Lease},
		// Same id as a shipped estimate but a different deal: must not match.
		{ID: "D004", Source: "P", Target: "Q", Kind: ChipPurchase},
	}
	got := EstimateUndisclosed(deals)
	want := []float64{2, 6, 4, 4, 4}
	for i, d := range got {
		if d.AmountBn != want[i] {
			t.Errorf("deal %s amount %v, want %v (%s)", d.ID, d.AmountBn, want[i], d.EstimateBasis)
		}
	}
	if !got[2].Estimated || !strings.Contains(got[2].EstimateBasis, "2 disclosed loan") {
		t.Errorf("deal c basis %q", got[2].EstimateBasis)
	}
	if !strings.Contains(got[3].EstimateBasis, "all 2 disclosed") {
		t.Errorf("deal d basis %q", got[3].EstimateBasis)
	}
	if deals[2].Estimated {
		t.Error("EstimateUndisclosed modified its input")
	}
}

func TestCheckDealFirmsSuggests(t *testing.T) {
	t.Parallel()
	firms := []Firm{{Name: "OpenAI"}, {Name: "Nvidia"}}
	deals := []Deal{{ID: "1", Source: "OpenAI", Target: "Nvidai", Line: 7}}
	err := CheckDealFirms(deals, firms, "d.csv")
	checkInputErr(t, err, "d.csv", 7, "target_firm", `did you mean "Nvidia"`)
}

func FuzzReadDeals(f *testing.F) {
	f.Add(dealHeader + "D1,2025-09-22,Nvidia,OpenAI,equity_investment,100,,,,,\n")
	f.Add(dealHeader + "D1,2025-09,Nvidia,OpenAI,loan,,\"a\nb\",3,,,\n")
	f.Add(dealHeader + "D1,2025-09-22,Nvidia,OpenAI,warrant,-1,,,,,\n")
	f.Add("id,kind\n1,2\n")
	f.Add("\"")
	f.Fuzz(func(t *testing.T, in string) {
		deals, err := ReadDeals(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if deals != nil {
				t.Fatal("deals returned together with an error")
			}
			if !inputerr.Is(err) {
				t.Fatalf("error not marked as bad input: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, d := range deals {
			if !d.Kind.Valid() || d.AmountBn < 0 || (d.Disclosed && d.AmountBn <= 0) || d.Source == d.Target || d.ID == "" || d.Line < 2 {
				t.Fatalf("invalid deal accepted: %+v", d)
			}
		}
	})
}

// TestReadDealsNFDNames: firm names are read in composed form, so an NFD
// spelling of a firm is the same firm.
func TestReadDealsNFDNames(t *testing.T) {
	t.Parallel()
	in := dealHeader +
		"D1,2025-09-22,Nestle\u0301,OpenAI,equity_investment,1,,,,,\n" +
		"D2,2025-09-23,OpenAI,Nestlé,equity_investment,1,,,,,\n"
	deals, err := ReadDeals(strings.NewReader(in), "deals.csv")
	if err != nil {
		t.Fatal(err)
	}
	if deals[0].Source != deals[1].Target || deals[0].Source != "Nestlé" {
		t.Fatalf("names %q and %q, want both Nestlé", deals[0].Source, deals[1].Target)
	}
}
