package dataset

import (
	"io"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/nfc"
)

// Roles of firms in the AI economy, as used in the firm file.
const (
	RoleModelLab     = "model_lab"
	RoleChipVendor   = "chip_vendor"
	RoleHyperscaler  = "hyperscaler"
	RoleNeocloud     = "neocloud"
	RoleInvestor     = "investor"
	RoleMemoryVendor = "memory_vendor"
	RoleOther        = "other"
)

var firmRoles = []string{RoleModelLab, RoleChipVendor, RoleHyperscaler, RoleNeocloud, RoleInvestor, RoleMemoryVendor, RoleOther}

// Firm is one row of the firm file: a firm or aggregate node of the deal
// network with its latest reported revenue and valuation.
type Firm struct {
	Name          string
	Ticker        string // exchange ticker, "private", or "n/a" for aggregates
	Role          string // one of the Role constants
	Country       string
	RevenueBn     float64 // annual revenue, USD billions
	HasRevenue    bool
	RevenuePeriod string
	ValuationBn   float64 // market cap or private valuation, USD billions
	HasValuation  bool
	ValuationType string // "market_cap" or "private_valuation"
	ValuationDate string
	Listed        bool // has an exchange ticker
	Aggregate     bool // ticker "n/a": a group of investors or the government
	Notes         string
	Line          int
}

var firmColumns = []string{"firm", "ticker", "role", "country", "revenue_usd_bn", "valuation_usd_bn", "valuation_type"}

// ReadFirms parses and validates a firm file.
func ReadFirms(r io.Reader, name string) ([]Firm, error) {
	t, err := openTable(r, name, firmColumns)
	if err != nil {
		return nil, err
	}
	var firms []Firm
	seen := map[string]int{}
	for {
		rw, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		f, err := parseFirm(rw)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[f.Name]; dup {
			return nil, rw.errf("firm", "duplicate firm %q (first on line %d)", f.Name, prev)
		}
		seen[f.Name] = rw.line
		firms = append(firms, f)
	}
	if len(firms) == 0 {
		return nil, inputerr.New(name, 0, "", "no firms: the file has a header but no rows")
	}
	return firms, nil
}

func parseFirm(rw row) (Firm, error) {
	f := Firm{Line: rw.line}
	var err error
	if f.Name, err = rw.required("firm"); err != nil {
		return f, err
	}
	f.Name = nfc.String(f.Name) // as deal firms are (ReadDeals)
	if f.Ticker, err = rw.required("ticker"); err != nil {
		return f, err
	}
	if f.Role, err = rw.required("role"); err != nil {
		return f, err
	}
	if !contains(firmRoles, f.Role) {
		return f, rw.errf("role", "unknown role %q; valid roles: %v", f.Role, firmRoles)
	}
	f.Country = rw.str("country")
	if f.RevenueBn, f.HasRevenue, err = rw.positiveFloat("revenue_usd_bn"); err != nil {
		return f, err
	}
	f.RevenuePeriod = rw.str("revenue_period")
	if f.ValuationBn, f.HasValuation, err = rw.positiveFloat("valuation_usd_bn"); err != nil {
		return f, err
	}
	f.ValuationType = rw.str("valuation_type")
	switch {
	case f.HasValuation && f.ValuationType != "market_cap" && f.ValuationType != "private_valuation":
		return f, rw.errf("valuation_type", "%q: want market_cap or private_valuation for a firm with a valuation", f.ValuationType)
	case !f.HasValuation && f.ValuationType != "":
		return f, rw.errf("valuation_type", "%q given but valuation_usd_bn is empty", f.ValuationType)
	}
	f.ValuationDate = rw.str("valuation_date")
	f.Aggregate = f.Ticker == "n/a"
	f.Listed = f.Ticker != "private" && !f.Aggregate
	f.Notes = rw.str("notes")
	return f, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// LoadFirms reads and validates the firm file at path.
func LoadFirms(path string) ([]Firm, error) {
	src, err := Open(path, data.FirmTable, "firms")
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return ReadFirms(src, src.Name)
}

// DefaultFirms returns the shipped firm table (data/ai_firms.csv).
func DefaultFirms() ([]Firm, error) {
	return readEmbedded("ai_firms.csv", ReadFirms)
}

// FirmIndex maps firm names to their position in firms.
func FirmIndex(firms []Firm) map[string]int {
	m := make(map[string]int, len(firms))
	for i, f := range firms {
		m[f.Name] = i
	}
	return m
}
