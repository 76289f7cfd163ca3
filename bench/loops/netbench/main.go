// Command netbench generates random deal-network-like graphs and times
// bubblelab's cycle enumeration and maximum circulation on them, for the
// side-by-side comparisons with networkx and graph-tool driven by
// bench/loops/run.py and bench/loops/crosscheck.py.
//
// Usage:
//
//	netbench gen -nodes N -edges M -seed S [-maxweight W] -o FILE
//	netbench cycles [-maxlen L] [-workers K] FILE
//	netbench circulation FILE
//
// gen writes an edge list (netflow.WriteEdgeList) of netflow.RandomGraph, so
// that the Python peers read exactly the graph Go generated. cycles and
// circulation print one JSON object with the results and the time spent,
// excluding reading the file: wall seconds and CPU seconds (all threads).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"syscall"
	"time"

	"github.com/bubblelab/bubblelab/internal/atomicfile"
	"github.com/bubblelab/bubblelab/netflow"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "netbench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("want a subcommand: gen, cycles or circulation")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	switch args[0] {
	case "gen":
		nodes := fs.Int("nodes", 100, "number of nodes")
		edges := fs.Int("edges", 300, "number of edges")
		seed := fs.Uint64("seed", 1, "random seed")
		maxWeight := fs.Int("maxweight", 100, "weights are integers 1..maxweight")
		out := fs.String("o", "", "output edge-list file")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *out == "" {
			return fmt.Errorf("gen: -o FILE is required")
		}
		g := netflow.RandomGraph(*nodes, *edges, *maxWeight, rand.New(rand.NewPCG(*seed, 0)))
		return atomicfile.Write(*out, 0o644, func(w io.Writer) error { return netflow.WriteEdgeList(w, g) })
	case "cycles":
		maxLen := fs.Int("maxlen", netflow.DefaultMaxLen, "longest cycle in edges (0 = number of nodes, i.e. unbounded)")
		workers := fs.Int("workers", 0, "goroutines (0 = all cores)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		g, load, err := readGraph(fs.Args())
		if err != nil {
			return err
		}
		if *maxLen == 0 {
			*maxLen = g.NumNodes()
		}
		start, cpu0 := time.Now(), cpuSeconds()
		c, err := netflow.CountCycles(context.Background(), g, netflow.CycleOptions{MaxLen: *maxLen, Workers: *workers})
		if err != nil {
			return err
		}
		secs, cpu := time.Since(start).Seconds(), cpuSeconds()-cpu0
		return json.NewEncoder(stdout).Encode(map[string]any{
			"nodes": g.NumNodes(), "edges": g.NumEdges(), "max_len": *maxLen,
			"count": c.Total, "by_length": c.ByLength, "seconds": secs, "cpu_seconds": cpu, "load_seconds": load,
		})
	case "circulation":
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		g, load, err := readGraph(fs.Args())
		if err != nil {
			return err
		}
		start, cpu0 := time.Now(), cpuSeconds()
		d, err := netflow.MaxCirculation(context.Background(), g)
		if err != nil {
			return err
		}
		secs, cpu := time.Since(start).Seconds(), cpuSeconds()-cpu0
		return json.NewEncoder(stdout).Encode(map[string]any{
			"nodes": g.NumNodes(), "edges": g.NumEdges(), "gross": d.GrossBn,
			"circular": d.CircularFlowBn, "circularity_index": d.CircularityIndex,
			"seconds": secs, "cpu_seconds": cpu, "load_seconds": load,
		})
	}
	return fmt.Errorf("unknown subcommand %q", args[0])
}

// cpuSeconds returns the user plus system CPU time of the process so far.
// On a shared machine wall time depends on the load; CPU time much less.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func readGraph(args []string) (*netflow.Graph, float64, error) {
	if len(args) != 1 {
		return nil, 0, fmt.Errorf("want one edge-list file")
	}
	start := time.Now()
	f, err := os.Open(args[0])
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	g, err := netflow.ReadEdgeList(f, args[0])
	return g, time.Since(start).Seconds(), err
}
