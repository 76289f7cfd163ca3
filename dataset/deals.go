package dataset

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/nfc"
)

// DealKind is the legal form of a deal; it decides how the simulation executes
// it and how the network measures treat it.
type DealKind string

// The deal kinds of the shipped format. Money (or value) flows from a deal's
// Source to its Target; see docs/data.md for the direction of each kind.
const (
	EquityInvestment DealKind = "equity_investment" // investor buys shares of the target
	ComputePurchase  DealKind = "compute_purchase"  // buyer commits to pay for cloud capacity
	ChipPurchase     DealKind = "chip_purchase"     // buyer buys hardware from a vendor
	CapacityBackstop DealKind = "capacity_backstop" // guarantor buys unused capacity of last resort
	Warrant          DealKind = "warrant"           // issuer hands equity value to the holder
	Loan             DealKind = "loan"              // lender lends to borrower
	JointVenture     DealKind = "joint_venture"     // partner funds a joint vehicle
	Lease            DealKind = "lease"             // lessee pays rent to lessor
)

// dealKinds is the fixed order in which kinds are listed.
var dealKinds = []DealKind{EquityInvestment, ComputePurchase, ChipPurchase, CapacityBackstop, Warrant, Loan, JointVenture, Lease}

// DealKinds returns every valid deal kind in a fixed order.
func DealKinds() []DealKind { return append([]DealKind(nil), dealKinds...) }

// Valid reports whether k is one of the known kinds.
func (k DealKind) Valid() bool {
	for _, v := range dealKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Deal is one row of a deal file: a transfer of money or value from Source to
// Target announced on a date.
type Deal struct {
	ID            string
	Announced     time.Time // date_announced; a YYYY-MM date is the first of the month
	Source        string    // payer, investor, lender, buyer, issuer, guarantor or lessee
	Target        string
	Kind          DealKind
	AmountBn      float64 // USD billions; 0 when undisclosed and not estimated
	Disclosed     bool    // false when amount_usd_bn was blank
	Estimated     bool    // AmountBn is an estimate (EstimateUndisclosed)
	EstimateBasis string  // how the estimate was made
	HorizonYears  float64 // contract length in years; 0 when not reported
	AmountNote    string
	DirectionNote string
	SourceTitle   string
	SourceURL     string
	Line          int // 1-based line in the file the deal came from
}

// dealColumns are the columns a deal file must have.
var dealColumns = []string{"id", "date_announced", "source_firm", "target_firm", "kind", "amount_usd_bn", "horizon_years"}

// Earliest and latest announcement dates accepted: a typo such as 2205 or
// 1925 is far more likely than a deal outside this span.
var (
	minDealDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDealDate = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// MaxHorizonYears bounds horizon_years; the longest shipped contract is 15 years.
const MaxHorizonYears = 50

// ReadDeals parses and validates a deal file. name is used in error messages.
// Optional columns (amount_note, direction_note, source_title, source_url)
// may be absent.
func ReadDeals(r io.Reader, name string) ([]Deal, error) {
	t, err := openTable(r, name, dealColumns)
	if err != nil {
		return nil, err
	}
	var deals []Deal
	seen := map[string]int{}
	for {
		rw, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		d, err := parseDeal(rw)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[d.ID]; dup {
			return nil, rw.errf("id", "duplicate id %q (first on line %d)", d.ID, prev)
		}
		seen[d.ID] = rw.line
		deals = append(deals, d)
	}
	if len(deals) == 0 {
		return nil, inputerr.New(name, 0, "", "no deals: the file has a header but no rows")
	}
	return deals, nil
}

func parseDeal(rw row) (Deal, error) {
	d := Deal{Line: rw.line}
	var err error
	if d.ID, err = rw.required("id"); err != nil {
		return d, err
	}
	ds, err := rw.required("date_announced")
	if err != nil {
		return d, err
	}
	if d.Announced, err = parseDate(ds); err != nil {
		return d, rw.errf("date_announced", "%v", err)
	}
	if d.Announced.Before(minDealDate) || !d.Announced.Before(maxDealDate) {
		return d, rw.errf("date_announced", "%s is outside %d-%d", ds, minDealDate.Year(), maxDealDate.Year()-1)
	}
	if d.Source, err = rw.required("source_firm"); err != nil {
		return d, err
	}
	if d.Target, err = rw.required("target_firm"); err != nil {
		return d, err
	}
	// One spelling per firm: "Nestlé" typed with a combining accent is the
	// firm with the precomposed one (see internal/nfc).
	d.Source, d.Target = nfc.String(d.Source), nfc.String(d.Target)
	if d.Source == d.Target {
		return d, rw.errf("target_firm", "deal from %q to itself", d.Source)
	}
	ks, err := rw.required("kind")
	if err != nil {
		return d, err
	}
	d.Kind = DealKind(ks)
	if !d.Kind.Valid() {
		return d, rw.errf("kind", "unknown kind %q; valid kinds: %s", ks, kindList())
	}
	if d.AmountBn, d.Disclosed, err = rw.positiveFloat("amount_usd_bn"); err != nil {
		return d, err
	}
	h, ok, err := rw.positiveFloat("horizon_years")
	if err != nil {
		return d, err
	}
	if ok && h > MaxHorizonYears {
		return d, rw.errf("horizon_years", "%v years is longer than the %d-year limit", h, MaxHorizonYears)
	}
	d.HorizonYears = h
	d.AmountNote = rw.str("amount_note")
	d.DirectionNote = rw.str("direction_note")
	d.SourceTitle = rw.str("source_title")
	d.SourceURL = rw.str("source_url")
	return d, nil
}

func kindList() string {
	s := make([]string, len(dealKinds))
	for i, k := range dealKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// parseDate accepts YYYY-MM-DD or YYYY-MM (meaning the first of the month).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD or YYYY-MM)", s)
}

// LoadDeals reads and validates the deal file at path.
func LoadDeals(path string) ([]Deal, error) {
	src, err := Open(path, data.Deals, "deals")
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return ReadDeals(src, src.Name)
}

// DefaultDeals returns the shipped, source-verified deal network
// (data/ai_deals.csv).
func DefaultDeals() ([]Deal, error) {
	return readEmbedded("ai_deals.csv", ReadDeals)
}

// UnverifiedDeals returns the shipped deals that could not be verified against
// a source (data/ai_deals_unverified.csv); use them for sensitivity runs only.
func UnverifiedDeals() ([]Deal, error) {
	return readEmbedded("ai_deals_unverified.csv", ReadDeals)
}

func readEmbedded[T any](file string, read func(io.Reader, string) (T, error)) (T, error) {
	b, err := data.Files.ReadFile(file)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("embedded data %s: %w", file, err)
	}
	return read(bytes.NewReader(b), "data/"+file)
}

// Firms returns the sorted set of firm names that appear in deals.
func Firms(deals []Deal) []string {
	set := map[string]bool{}
	for _, d := range deals {
		set[d.Source] = true
		set[d.Target] = true
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CheckDealFirms reports the first deal whose source or target is not a firm
// in firms, naming the deal file (dealsName), line and column.
func CheckDealFirms(deals []Deal, firms []Firm, dealsName string) error {
	known := make(map[string]bool, len(firms))
	for _, f := range firms {
		known[f.Name] = true
	}
	for _, d := range deals {
		for _, c := range []struct{ col, name string }{{"source_firm", d.Source}, {"target_firm", d.Target}} {
			if !known[c.name] {
				return inputerr.New(dealsName, d.Line, c.col, "unknown firm %q (not in the firm table%s)", c.name, suggest(c.name, known))
			}
		}
	}
	return nil
}

// suggest returns ", did you mean X?" for the closest known name, or "".
func suggest(name string, known map[string]bool) string {
	best, bestDist := "", 1<<30
	for k := range known {
		d := EditDistance(strings.ToLower(name), strings.ToLower(k))
		if d < bestDist || (d == bestDist && k < best) {
			best, bestDist = k, d
		}
	}
	if best == "" || bestDist > len(name)/2+1 {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// EditDistance is the Levenshtein distance between a and b, in runes; it
// ranks near matches for unknown-firm messages.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
