package dataset

import (
	"io"

	"github.com/bubblelab/bubblelab/data"
)

// FirmState is a firm's balance sheet and income at the start of a
// simulation (data/firm_state_2023.csv): the figures the model cannot derive
// from the deal and firm tables. Amounts are USD billions; flows are annual.
type FirmState struct {
	Firm            string
	CashBn          float64
	DebtBn          float64
	ComputeBookBn   float64 // AI compute capital at cost less accumulated depreciation
	AIRevenueBn     float64 // annual AI revenue run-rate at the start
	NonAIOpIncomeBn float64 // operating income of the non-AI businesses
	NonAICapexBn    float64 // capex not for AI compute (logistics, offices, ...)
	ValuationBn     float64
	Basis           string
	Line            int
}

var firmStateColumns = []string{"firm", "cash_bn", "debt_bn", "compute_book_bn", "ai_revenue_bn", "nonai_op_income_bn", "nonai_capex_bn", "valuation_bn", "basis"}

// ReadFirmStates parses a firm start-state table.
func ReadFirmStates(r io.Reader, name string) ([]FirmState, error) {
	t, err := openTable(r, name, firmStateColumns)
	if err != nil {
		return nil, err
	}
	var out []FirmState
	seen := map[string]int{}
	for {
		rw, err := t.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		s := FirmState{Line: rw.line}
		if s.Firm, err = rw.required("firm"); err != nil {
			return nil, err
		}
		if prev, dup := seen[s.Firm]; dup {
			return nil, rw.errf("firm", "duplicate firm %q (first on line %d)", s.Firm, prev)
		}
		seen[s.Firm] = rw.line
		for _, f := range []struct {
			col string
			dst *float64
		}{
			{"cash_bn", &s.CashBn}, {"debt_bn", &s.DebtBn}, {"compute_book_bn", &s.ComputeBookBn},
			{"ai_revenue_bn", &s.AIRevenueBn}, {"nonai_op_income_bn", &s.NonAIOpIncomeBn},
			{"nonai_capex_bn", &s.NonAICapexBn}, {"valuation_bn", &s.ValuationBn},
		} {
			v, ok, err := rw.optionalFloat(f.col)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, rw.errf(f.col, "empty; a value is required (0 if none)")
			}
			if v < 0 {
				return nil, rw.errf(f.col, "%v must not be negative", v)
			}
			*f.dst = v
		}
		if s.Basis, err = rw.required("basis"); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}

// LoadFirmStates reads a firm start-state table from path.
func LoadFirmStates(path string) ([]FirmState, error) {
	src, err := Open(path, data.FirmStates, "firm states")
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return ReadFirmStates(src, src.Name)
}

// DefaultFirmStates returns the shipped start state for January 2023.
func DefaultFirmStates() ([]FirmState, error) {
	return readEmbedded("firm_state_2023.csv", ReadFirmStates)
}
