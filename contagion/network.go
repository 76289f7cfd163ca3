package contagion

import (
	"errors"
	"fmt"
	"math"
)

// Obligation is a nominal liability: Debtor owes Creditor Amount.
type Obligation struct {
	Debtor, Creditor int
	Amount           float64
}

// Stake is an equity holding: Holder owns shares of Issuer worth Amount. The
// amount is part of the holder's external assets.
type Stake struct {
	Holder, Issuer int
	Amount         float64
}

// Network is a set of firms with nominal liabilities to each other and to
// the outside world. Firms are numbered 0..n−1, where n is
// len(ExternalAssets).
type Network struct {
	// Names of the firms, for reports; nil or of length n.
	Names []string
	// Obligations between firms. Several obligations between the same pair
	// are added up.
	Obligations []Obligation
	// ExternalAssets e_i: assets outside the network, ≥ 0.
	ExternalAssets []float64
	// ExternalLiabilities ℓ_i: liabilities to creditors outside the
	// network, ≥ 0, ranking equally with network debts; nil means all zero.
	ExternalLiabilities []float64
	// Stakes are equity holdings, used by Furfine and DebtRank only.
	Stakes []Stake
	// Absorbing marks firms that take losses but never default; nil means
	// none.
	Absorbing []bool
}

// Len returns the number of firms.
func (net *Network) Len() int { return len(net.ExternalAssets) }

// Name returns the name of firm i, or "#i" when the network has no names.
func (net *Network) Name(i int) string {
	if i >= 0 && i < len(net.Names) && net.Names[i] != "" {
		return net.Names[i]
	}
	return fmt.Sprintf("#%d", i)
}

// Validate reports the first inconsistency in the network: lengths that do
// not match, an index out of range, an obligation of a firm to itself, or an
// amount that is negative, NaN or infinite.
func (net *Network) Validate() error {
	n := net.Len()
	if net.Names != nil && len(net.Names) != n {
		return fmt.Errorf("contagion: %d names for %d firms", len(net.Names), n)
	}
	if net.ExternalLiabilities != nil && len(net.ExternalLiabilities) != n {
		return fmt.Errorf("contagion: %d external liabilities for %d firms", len(net.ExternalLiabilities), n)
	}
	if net.Absorbing != nil && len(net.Absorbing) != n {
		return fmt.Errorf("contagion: %d absorbing flags for %d firms", len(net.Absorbing), n)
	}
	for i, e := range net.ExternalAssets {
		if !finiteNonNegative(e) {
			return fmt.Errorf("contagion: external assets of %s = %v, want finite and ≥ 0", net.Name(i), e)
		}
	}
	for i, l := range net.ExternalLiabilities {
		if !finiteNonNegative(l) {
			return fmt.Errorf("contagion: external liabilities of %s = %v, want finite and ≥ 0", net.Name(i), l)
		}
	}
	for k, o := range net.Obligations {
		if o.Debtor < 0 || o.Debtor >= n || o.Creditor < 0 || o.Creditor >= n {
			return fmt.Errorf("contagion: obligation %d: firm index out of range [0,%d)", k, n)
		}
		if o.Debtor == o.Creditor {
			return fmt.Errorf("contagion: obligation %d: %s owes itself", k, net.Name(o.Debtor))
		}
		if !finiteNonNegative(o.Amount) {
			return fmt.Errorf("contagion: obligation %d (%s to %s): amount %v, want finite and ≥ 0", k, net.Name(o.Debtor), net.Name(o.Creditor), o.Amount)
		}
	}
	for k, s := range net.Stakes {
		if s.Holder < 0 || s.Holder >= n || s.Issuer < 0 || s.Issuer >= n {
			return fmt.Errorf("contagion: stake %d: firm index out of range [0,%d)", k, n)
		}
		if s.Holder == s.Issuer {
			return fmt.Errorf("contagion: stake %d: %s holds itself", k, net.Name(s.Holder))
		}
		if !finiteNonNegative(s.Amount) {
			return fmt.Errorf("contagion: stake %d (%s in %s): amount %v, want finite and ≥ 0", k, net.Name(s.Holder), net.Name(s.Issuer), s.Amount)
		}
	}
	return nil
}

func finiteNonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// Shock is an exogenous loss. ExternalAssetLoss is written off firm Firm's
// external assets (capped at what it has). Fail puts the firm into default
// whatever its solvency: in the clearing models it is liquidated with the
// default costs, in Furfine it fails in round 1, in DebtRank its distress
// starts at 1.
type Shock struct {
	Firm              int
	ExternalAssetLoss float64
	Fail              bool
}

// ErrNoConvergence is returned when an iterative solver stops at its
// iteration limit before reaching its tolerance.
var ErrNoConvergence = errors.New("contagion: iteration did not converge")

// graph is the compiled, validated form of a Network with duplicate edges
// merged: compressed sparse rows by debtor (out) and by creditor (in).
type graph struct {
	n         int
	pbar      []float64 // total nominal liabilities, network and external
	netAssets []float64 // a_i = Σ_j L_ji
	ext       []float64 // external assets before shocks
	extLiab   []float64
	absorbing []bool

	outStart    []int // edges i→j for debtor i: outStart[i]..outStart[i+1]
	outCreditor []int
	outAmount   []float64
	outShare    []float64 // Π_ij = L_ij / p̄_i

	inStart    []int // edges j→i for creditor i
	inDebtor   []int
	inDebtor32 []int32 // inDebtor for the hot loops
	inAmount   []float64
	inShare    []float64 // Π_ji

	// Claims used by Furfine and DebtRank: obligations plus stakes, merged,
	// keyed by the firm whose distress causes the loss (the debtor or
	// issuer) and listing the firm that loses (creditor or holder).
	claimStart  []int
	claimHolder []int
	claimAmount []float64

	eq               []float64 // E_i before any shock; read only
	eqPos            []float64 // max(E_i, 0)
	tol              []float64 // tolerance(i), computed once
	debtPart, stakes []float64 // each merged claim's debt and stake parts (Furfine)
	lin              linearGraph
}

// linearGraph is the claim lists laid out for linear DebtRank's inner
// loop: the claims on each firm split by whether the holder absorbs
// losses, with 32-bit holder indices and the leverage Λ = A/E of each
// claim precomputed (+Inf for a holder without equity, whom any increment
// of distress hits fully), so that a round is one multiply-add per claim.
type linearGraph struct {
	start  []int
	holder []int32
	lambda []float64
	impact []float64 // DebtRank's W = min(1, A/E), 1 without equity

	absStart  []int
	absHolder []int32
	absAmount []float64
}

// Compiled is a validated network in the form the models run on: merged
// obligations and claims in compressed sparse rows, equity, and the
// per-model layouts. Compile it once and run every model and every shock
// on it; it is read only, so goroutines may share it.
type Compiled struct {
	net *Network
	g   *graph
}

// Compile validates net and builds the form every model runs on. The
// network must not change afterwards.
func Compile(net *Network) (*Compiled, error) {
	g, err := compile(net)
	if err != nil {
		return nil, err
	}
	return &Compiled{net: net, g: g}, nil
}

// Network returns the network c was compiled from.
func (c *Compiled) Network() *Network { return c.net }

// Model is a contagion model that runs on a compiled network.
type Model interface {
	RunCompiled(c *Compiled, shocks []Shock) (*Result, error)
}

type edge struct {
	from, to int
	amount   float64
}

// mergeEdges sorts edges over n nodes by (from, to), adds up duplicates
// (in their input order) and drops zero amounts. The sort is two stable
// counting passes, by to and then by from: O(edges + n), where a
// comparison sort of the 24-byte records was most of the cost of compiling
// a large network.
func mergeEdges(n int, es []edge) []edge {
	if len(es) > 1 {
		tmp := make([]edge, len(es))
		count := make([]int, n+1)
		for _, e := range es {
			count[e.to+1]++
		}
		for i := 0; i < n; i++ {
			count[i+1] += count[i]
		}
		for _, e := range es {
			tmp[count[e.to]] = e
			count[e.to]++
		}
		clear(count)
		for _, e := range tmp {
			count[e.from+1]++
		}
		for i := 0; i < n; i++ {
			count[i+1] += count[i]
		}
		for _, e := range tmp {
			es[count[e.from]] = e
			count[e.from]++
		}
	}
	out := es[:0]
	for _, e := range es {
		if k := len(out) - 1; k >= 0 && out[k].from == e.from && out[k].to == e.to {
			out[k].amount += e.amount
			continue
		}
		out = append(out, e)
	}
	kept := out[:0]
	for _, e := range out {
		if e.amount > 0 {
			kept = append(kept, e)
		}
	}
	return kept
}

// csr lays sorted edges out as compressed sparse rows over n nodes.
func csr(n int, es []edge) (start, to []int, amount []float64) {
	start = make([]int, n+1)
	for _, e := range es {
		start[e.from+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	to = make([]int, len(es))
	amount = make([]float64, len(es))
	for k, e := range es {
		to[k] = e.to
		amount[k] = e.amount
	}
	return start, to, amount
}

func compile(net *Network) (*graph, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	n := net.Len()
	g := &graph{
		n:         n,
		pbar:      make([]float64, n),
		netAssets: make([]float64, n),
		ext:       append([]float64(nil), net.ExternalAssets...),
		extLiab:   make([]float64, n),
		absorbing: make([]bool, n),
	}
	copy(g.extLiab, net.ExternalLiabilities)
	copy(g.absorbing, net.Absorbing)

	es := make([]edge, 0, len(net.Obligations))
	for _, o := range net.Obligations {
		es = append(es, edge{o.Debtor, o.Creditor, o.Amount})
	}
	es = mergeEdges(n, es)
	g.outStart, g.outCreditor, g.outAmount = csr(n, es)
	for _, e := range es {
		g.pbar[e.from] += e.amount
		g.netAssets[e.to] += e.amount
	}
	for i := range g.pbar {
		g.pbar[i] += g.extLiab[i]
	}
	g.outShare = make([]float64, len(es))
	for k, e := range es {
		g.outShare[k] = e.amount / g.pbar[e.from]
	}

	// The reverse lists by one stable counting pass: es is sorted by
	// debtor and has no duplicates, so bucketing by creditor leaves each
	// creditor's debtors sorted.
	g.inStart = make([]int, n+1)
	for _, e := range es {
		g.inStart[e.to+1]++
	}
	for i := 0; i < n; i++ {
		g.inStart[i+1] += g.inStart[i]
	}
	g.inDebtor = make([]int, len(es))
	g.inDebtor32 = make([]int32, len(es))
	g.inAmount = make([]float64, len(es))
	g.inShare = make([]float64, len(es))
	fill := append([]int(nil), g.inStart[:n]...)
	for _, e := range es {
		k := fill[e.to]
		fill[e.to]++
		g.inDebtor[k], g.inAmount[k] = e.from, e.amount
		g.inDebtor32[k] = int32(e.from)
		g.inShare[k] = e.amount / g.pbar[e.from]
	}

	if len(net.Stakes) == 0 {
		// The claims are the obligations themselves: share their arrays.
		g.claimStart, g.claimHolder, g.claimAmount = g.outStart, g.outCreditor, g.outAmount
	} else {
		claims := make([]edge, 0, len(es)+len(net.Stakes))
		claims = append(claims, es...)
		for _, s := range net.Stakes {
			claims = append(claims, edge{s.Issuer, s.Holder, s.Amount})
		}
		claims = mergeEdges(n, claims)
		g.claimStart, g.claimHolder, g.claimAmount = csr(n, claims)
	}
	g.eq = make([]float64, n)
	for i := range g.eq {
		g.eq[i] = g.ext[i] + g.netAssets[i] - g.pbar[i]
	}
	g.tol = make([]float64, n)
	for i, p := range g.pbar {
		g.tol[i] = 1e-10 * math.Max(1, p)
	}
	g.eqPos = make([]float64, n)
	for i, e := range g.eq {
		g.eqPos[i] = math.Max(e, 0)
	}
	g.debtPart, g.stakes = splitClaims(net, g)
	g.buildLinear()
	return g, nil
}

// buildLinear fills g.lin from the claim lists and equity.
func (g *graph) buildLinear() {
	l := &g.lin
	l.start = make([]int, g.n+1)
	l.absStart = make([]int, g.n+1)
	l.holder = make([]int32, 0, len(g.claimHolder))
	l.lambda = make([]float64, 0, len(g.claimHolder))
	l.impact = make([]float64, 0, len(g.claimHolder))
	for i := 0; i < g.n; i++ {
		for e := g.claimStart[i]; e < g.claimStart[i+1]; e++ {
			j := g.claimHolder[e]
			if g.absorbing[j] {
				l.absHolder = append(l.absHolder, int32(j))
				l.absAmount = append(l.absAmount, g.claimAmount[e])
				continue
			}
			l.holder = append(l.holder, int32(j))
			// The same division the per-round loop would make, so that
			// results do not depend on the layout.
			lambda := math.Inf(1)
			if g.eq[j] > 0 {
				lambda = g.claimAmount[e] / g.eq[j]
			}
			l.lambda = append(l.lambda, lambda)
			l.impact = append(l.impact, impact(g.claimAmount[e], g.eq[j]))
		}
		l.start[i+1] = len(l.holder)
		l.absStart[i+1] = len(l.absHolder)
	}
}

// equity returns E_i = e_i + a_i − p̄_i, every firm's equity when everybody
// pays in full and before any shock, in a slice the caller owns.
func (g *graph) equity() []float64 {
	return append([]float64(nil), g.eq...)
}

// shocked applies shocks: it returns the external assets after the losses,
// the loss actually applied to each firm and the firms forced into default.
func (g *graph) shocked(net *Network, shocks []Shock) (ext, loss []float64, forced []bool, err error) {
	ext = append([]float64(nil), g.ext...)
	loss = make([]float64, g.n)
	forced = make([]bool, g.n)
	for k, s := range shocks {
		if s.Firm < 0 || s.Firm >= g.n {
			return nil, nil, nil, fmt.Errorf("contagion: shock %d: firm index %d out of range [0,%d)", k, s.Firm, g.n)
		}
		if !finiteNonNegative(s.ExternalAssetLoss) {
			return nil, nil, nil, fmt.Errorf("contagion: shock %d (%s): loss %v, want finite and ≥ 0", k, net.Name(s.Firm), s.ExternalAssetLoss)
		}
		if g.absorbing[s.Firm] && s.Fail {
			return nil, nil, nil, fmt.Errorf("contagion: shock %d: %s is absorbing and cannot be failed", k, net.Name(s.Firm))
		}
		d := math.Min(s.ExternalAssetLoss, ext[s.Firm])
		ext[s.Firm] -= d
		loss[s.Firm] += d
		forced[s.Firm] = forced[s.Firm] || s.Fail
	}
	return ext, loss, forced, nil
}

// inflow returns Σ_j Π_ji p_j for every firm i. It gathers over each
// firm's debtors (in ascending order, as a scatter over the debtors would
// add them, so the sums are the same to the bit): sequential writes and
// 32-bit indices, which a scatter's read-modify-write of random entries
// does not allow.
func (g *graph) inflow(p, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, g.n)
	}
	dst = dst[:g.n]
	for i := range dst {
		lo, hi := g.inStart[i], g.inStart[i+1]
		debtors := g.inDebtor32[lo:hi]
		shares := g.inShare[lo:hi][:len(debtors)]
		var v float64
		for k, j := range debtors {
			v += shares[k] * p[j]
		}
		dst[i] = v
	}
	return dst
}

// tolerance is the slack, relative to the size of firm i's balance sheet,
// within which a firm counts as able to pay: without it rounding in
// e_i + a_i − p̄_i would default firms whose equity is exactly zero.
func (g *graph) tolerance(i int) float64 {
	return g.tol[i]
}
