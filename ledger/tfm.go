package ledger

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// FlowMatrix is a transaction-flow matrix: one row per transaction kind and
// a final row for the change in cash holdings, one column per sector. A cell
// is what the sector received minus what it paid (Godley and Lavoie's sign
// convention: sources of funds positive, uses negative); the last row is
// minus each sector's change in cash, so that every row and every column
// sums to zero when the books are consistent.
type FlowMatrix struct {
	Rows    []string
	Sectors []string
	Cells   [][]float64 // [row][sector], USD bn
}

// FlowMatrix builds the period's transaction-flow matrix. kindNames and
// sectorNames label the ledger's kinds and sectors (their lengths must match
// the ledger's). The change-in-cash row is measured from the balances, not
// from the flows, so a zero column sum is an independent check.
func (l *Ledger) FlowMatrix(kindNames, sectorNames []string) (FlowMatrix, error) {
	if len(kindNames) != l.kinds || len(sectorNames) != l.sectors {
		return FlowMatrix{}, fmt.Errorf("flow matrix: %d kind names for %d kinds, %d sector names for %d sectors",
			len(kindNames), l.kinds, len(sectorNames), l.sectors)
	}
	m := FlowMatrix{Rows: append(append([]string(nil), kindNames...), "change in cash"), Sectors: append([]string(nil), sectorNames...)}
	m.Cells = make([][]float64, l.kinds+1)
	for k := range m.Cells {
		m.Cells[k] = make([]float64, l.sectors)
	}
	for k := 0; k < l.kinds; k++ {
		for a := 0; a < l.sectors; a++ {
			for b := 0; b < l.sectors; b++ {
				v := l.flow[(k*l.sectors+a)*l.sectors+b]
				if v == 0 {
					continue
				}
				m.Cells[k][a] -= v
				m.Cells[k][b] += v
			}
		}
	}
	for i := range l.accounts {
		a := &l.accounts[i]
		m.Cells[l.kinds][a.Sector] -= a.balance - l.opening[i]
	}
	return m, nil
}

// MaxImbalance returns the largest absolute row or column sum, and the gross
// flow (sum of absolute cells over two) that it should be judged against.
func (m FlowMatrix) MaxImbalance() (worst, gross float64) {
	cols := make([]float64, len(m.Sectors))
	for _, row := range m.Cells {
		rs := 0.0
		for j, v := range row {
			rs += v
			cols[j] += v
			gross += math.Abs(v)
		}
		worst = math.Max(worst, math.Abs(rs))
	}
	for _, c := range cols {
		worst = math.Max(worst, math.Abs(c))
	}
	return worst, gross / 2
}

// Add accumulates o into m (same shape), e.g. to sum monthly matrices over a run.
func (m *FlowMatrix) Add(o FlowMatrix) {
	if m.Cells == nil {
		m.Rows = append([]string(nil), o.Rows...)
		m.Sectors = append([]string(nil), o.Sectors...)
		m.Cells = make([][]float64, len(o.Cells))
		for i, row := range o.Cells {
			m.Cells[i] = append([]float64(nil), row...)
		}
		return
	}
	for i, row := range o.Cells {
		for j, v := range row {
			m.Cells[i][j] += v
		}
	}
}

// WriteCSV writes the matrix with a header of sector names and a first column
// of row names, followed by a row-sum column.
func (m FlowMatrix) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := append([]string{"transaction"}, m.Sectors...)
	header = append(header, "row_sum")
	if err := cw.Write(header); err != nil {
		return err
	}
	cols := make([]float64, len(m.Sectors))
	for i, row := range m.Cells {
		rec := []string{m.Rows[i]}
		rs := 0.0
		for j, v := range row {
			rec = append(rec, formatBn(v))
			rs += v
			cols[j] += v
		}
		rec = append(rec, formatBn(rs))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	rec := []string{"column_sum"}
	for _, c := range cols {
		rec = append(rec, formatBn(c))
	}
	rec = append(rec, "")
	if err := cw.Write(rec); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// formatBn prints an amount with enough digits to be exact to the cent on
// trillion-dollar figures while staying deterministic.
func formatBn(v float64) string {
	if math.Abs(v) < 5e-13 {
		v = 0
	}
	return strconv.FormatFloat(v, 'g', 15, 64)
}

// Totals returns the sum of all balances and the sum of their absolute
// values. Postings never change the sum: it stays equal to the sum of the
// opening balances (zero when every opening deposit is matched by an issuer's
// opening liability, as in the simulation).
func (l *Ledger) Totals() (sum, gross float64) {
	for i := range l.accounts {
		b := l.accounts[i].balance
		sum += b
		gross += math.Abs(b)
	}
	return sum, gross
}

// ProvenanceError returns the largest |sum(provenance) - balance| over all
// accounts, relative to max(1, |balance|).
func (l *Ledger) ProvenanceError() float64 {
	worst := 0.0
	for i := range l.accounts {
		a := &l.accounts[i]
		s := 0.0
		for _, v := range a.prov {
			s += v
		}
		worst = math.Max(worst, math.Abs(s-a.balance)/math.Max(1, math.Abs(a.balance)))
	}
	return worst
}
