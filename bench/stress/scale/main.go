// Command scale times package contagion on large random networks, with the
// network compiled once for all five models, and writes each network in a
// binary form that bench/stress/reference.py reads, so the numpy/scipy
// reference runs on the same data.
//
//	go run ./bench/stress/scale -n 100000 -out /tmp/net100k.bin
//
// It prints one JSON object: sizes, the compile time, and for each model the
// best of -reps runs (wall and process CPU time), its rounds, defaults and system loss; for linear
// DebtRank also the time per claim and round and the random-access bound
// (one scatter-add pass over all claims in the same order), which is the
// cost floor of a round.
package main

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"syscall"
	"time"

	"github.com/bubblelab/bubblelab/contagion"
)

func main() {
	n := flag.Int("n", 100000, "firms")
	deg := flag.Float64("degree", 5, "mean number of creditors per firm")
	reps := flag.Int("reps", 3, "runs per model (best kept)")
	out := flag.String("out", "", "write the network and shocks here for the reference")
	flag.Parse()
	if err := run(*n, *deg, *reps, *out); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

type modelTime struct {
	Name       string  `json:"name"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
	Rounds     int     `json:"rounds"`
	Defaults   int     `json:"defaults"`
	SystemLoss float64 `json:"system_loss"`
}

type report struct {
	Firms          int         `json:"firms"`
	Obligations    int         `json:"obligations"`
	Shocks         int         `json:"shocks"`
	GOMAXPROCS     int         `json:"gomaxprocs"`
	CompileSeconds float64     `json:"compile_seconds"`
	CompileCPU     float64     `json:"compile_cpu_seconds"`
	Models         []modelTime `json:"models"`
	LinearNsEdge   float64     `json:"linear_debtrank_ns_per_claim_round"`
	BoundNsEdge    float64     `json:"random_access_bound_ns_per_claim"`
}

func run(n int, deg float64, reps int, out string) error {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	net, err := contagion.RandomNetwork{Firms: n, MeanDegree: deg, CapitalRatio: 0.05, ExternalLiabilityShare: 0.2}.Generate(rng)
	if err != nil {
		return err
	}
	var shocks []contagion.Shock
	for i := 0; i < n; i += 10 {
		shocks = append(shocks, contagion.Shock{Firm: i, ExternalAssetLoss: 0.6 * net.ExternalAssets[i]})
	}
	if out != "" {
		if err := write(out, net, shocks); err != nil {
			return err
		}
	}
	rep := report{Firms: n, Obligations: len(net.Obligations), Shocks: len(shocks), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	runtime.GC()
	start, cpu0 := time.Now(), cpuSeconds()
	c, err := contagion.Compile(net)
	if err != nil {
		return err
	}
	rep.CompileSeconds, rep.CompileCPU = time.Since(start).Seconds(), cpuSeconds()-cpu0
	models := []struct {
		name string
		m    contagion.Model
	}{
		{"eisenberg-noe", contagion.EisenbergNoe{}},
		{"rogers-veraart", contagion.RogersVeraart{Alpha: 0.7, Beta: 0.9}},
		{"furfine", contagion.Furfine{LossGivenDefault: 1}},
		{"debtrank", contagion.DebtRank{}},
		{"linear-debtrank", contagion.LinearDebtRank{}},
	}
	for _, md := range models {
		best, bestCPU := math.Inf(1), math.Inf(1)
		var res *contagion.Result
		for range reps {
			runtime.GC()
			t0, c0 := time.Now(), cpuSeconds()
			r, err := md.m.RunCompiled(c, shocks)
			if err != nil {
				return fmt.Errorf("%s: %w", md.name, err)
			}
			best = math.Min(best, time.Since(t0).Seconds())
			bestCPU = math.Min(bestCPU, cpuSeconds()-c0)
			res = r
		}
		rep.Models = append(rep.Models, modelTime{Name: md.name, Seconds: best, CPUSeconds: bestCPU, Rounds: len(res.Rounds), Defaults: len(res.Defaulters()), SystemLoss: res.SystemLoss})
		if md.name == "linear-debtrank" {
			// Rounds are counted from round 2, the first that propagates.
			rep.LinearNsEdge = bestCPU * 1e9 / float64(len(net.Obligations)*(len(res.Rounds)-1))
		}
	}
	rep.BoundNsEdge = scatterBound(net, reps)
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return nil
}

// scatterBound times next[creditor] += w·d over every obligation, in
// debtor order with 32-bit indices: the random-access floor of one round of
// any model that pushes distress along every claim.
func scatterBound(net *contagion.Network, reps int) float64 {
	m := len(net.Obligations)
	to := make([]int32, m)
	w := make([]float64, m)
	for k, o := range net.Obligations {
		to[k], w[k] = int32(o.Creditor), o.Amount
	}
	next := make([]float64, net.Len())
	best := math.Inf(1)
	for range reps {
		c0 := cpuSeconds()
		for k, j := range to {
			next[j] += w[k] * 0.5
		}
		best = math.Min(best, cpuSeconds()-c0)
	}
	if next[0] < 0 {
		fmt.Fprintln(os.Stderr, "unreachable")
	}
	return best * 1e9 / float64(m)
}

// cpuSeconds is the process's user and system CPU time: on a shared
// machine it is steadier than wall time for single-threaded work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// write stores the network as little-endian arrays: n, m, debtors (int32),
// creditors (int32), amounts, external assets, external liabilities, then
// k, shocked firms (int32) and their losses.
func write(path string, net *contagion.Network, shocks []contagion.Shock) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	m := len(net.Obligations)
	deb, cred, amt := make([]int32, m), make([]int32, m), make([]float64, m)
	for k, o := range net.Obligations {
		deb[k], cred[k], amt[k] = int32(o.Debtor), int32(o.Creditor), o.Amount
	}
	sf, sl := make([]int32, len(shocks)), make([]float64, len(shocks))
	for k, s := range shocks {
		sf[k], sl[k] = int32(s.Firm), s.ExternalAssetLoss
	}
	for _, part := range []any{int64(net.Len()), int64(m), deb, cred, amt, net.ExternalAssets, net.ExternalLiabilities, int64(len(shocks)), sf, sl} {
		if err := binary.Write(f, binary.LittleEndian, part); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return f.Close()
}
