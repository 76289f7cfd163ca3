package web

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync/atomic"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/results"
	"github.com/bubblelab/bubblelab/sim"
)

// Job states.
const (
	stateQueued  = "queued"
	stateRunning = "running"
	stateDone    = "done"
	stateFailed  = "failed"
)

// job is a simulation run or an upload analysis.
type job struct {
	id    string
	kind  string // "run" or "analysis"
	label string
	seq   int64 // creation order, for listing and eviction

	done, total atomic.Int64

	// Guarded by Server.mu.
	state string
	err   string
}

// meta is what a job's folder records about it (meta.json).
type meta struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Seq   int64  `json:"seq"`
}

// Files of a run folder besides the standard outputs of results.RunFiles.
const (
	reportFile = "report.html"
	storedRun  = "run.json.gz" // the run's monthly records, for comparisons
	metaFile   = "meta.json"
)

func (s *Server) dir(j *job) string {
	d := runsDir
	if j.kind != "run" {
		d = analysesDir
	}
	return path.Join(d, j.id)
}

// admit registers a new job if there is room in the queue.
func (s *Server) admit(kind, label string) (*job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.queued >= s.cfg.MaxConcurrentRuns+s.cfg.MaxQueuedRuns || s.ctx.Err() != nil {
		return nil, false
	}
	s.queued++
	var seq int64
	if n := len(s.order); n > 0 {
		seq = s.jobs[s.order[n-1]].seq + 1
	}
	j := &job{id: newID(), kind: kind, label: label, seq: seq, state: stateQueued}
	s.jobs[j.id] = j
	s.order = append(s.order, j.id)
	return j, true
}

// finish records a job's end, releases its queue place and deletes the
// oldest finished jobs beyond MaxStoredRuns.
func (s *Server) finish(j *job, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued--
	if err != nil {
		j.state, j.err = stateFailed, err.Error()
		s.logger.Printf("%s %s (%s) failed: %v", j.kind, j.id, j.label, err)
	} else {
		j.state = stateDone
	}
	finished := 0
	for _, id := range s.order {
		if st := s.jobs[id].state; st == stateDone || st == stateFailed {
			finished++
		}
	}
	for i := 0; finished > s.cfg.MaxStoredRuns && i < len(s.order); {
		old := s.jobs[s.order[i]]
		if old.state != stateDone && old.state != stateFailed {
			i++
			continue
		}
		if err := os.RemoveAll(filepath.Join(s.cfg.DataDir, filepath.FromSlash(s.dir(old)))); err != nil {
			s.logger.Printf("delete old %s %s: %v", old.kind, old.id, err)
		}
		delete(s.jobs, old.id)
		s.order = slices.Delete(s.order, i, i+1)
		finished--
	}
}

// withdraw forgets a job that never ran (its upload was refused or its
// request ended while it waited), leaving no trace in the lists.
func (s *Server) withdraw(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued--
	delete(s.jobs, j.id)
	if i := slices.Index(s.order, j.id); i >= 0 {
		s.order = slices.Delete(s.order, i, i+1)
	}
}

// relabel names a job once its upload has been read.
func (s *Server) relabel(j *job, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.label = label
}

// lookup returns the job with a well-formed id of the given kind.
func (s *Server) lookup(id, kind string) (*job, string, bool) {
	if !idPattern.MatchString(id) {
		return nil, "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok || j.kind != kind {
		return nil, "", false
	}
	return j, j.state, true
}

// acquire waits for a run slot; false if ctx ends first.
func (s *Server) acquire(ctx context.Context) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Server) release() { <-s.slots }

// startRun queues a simulation of p with the given seed and returns at once.
func (s *Server) startRun(j *job, p sim.Params, seed uint64, scenarioYAML []byte) {
	j.total.Store(int64(p.Months))
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if !s.acquire(s.ctx) {
			s.finish(j, errors.New("the server stopped before the run started"))
			return
		}
		defer s.release()
		s.mu.Lock()
		j.state = stateRunning
		s.mu.Unlock()
		if s.runHook != nil {
			s.runHook()
		}
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.RunTimeout)
		defer cancel()
		s.finish(j, s.simulate(ctx, j, p, seed, scenarioYAML))
	}()
}

func (s *Server) simulate(ctx context.Context, j *job, p sim.Params, seed uint64, scenarioYAML []byte) error {
	res, cmps, twins, err := sim.RunTwins(ctx, p, s.inputs, seed, func(done, total int) {
		j.done.Store(int64(done))
		j.total.Store(int64(total))
	})
	twin := twins.NoBurst
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("the run took longer than the %s limit", s.cfg.RunTimeout)
		}
		return fmt.Errorf("run %s: %w", p.Name, err)
	}
	summary := sim.Summarize(res)
	summary.Comparisons = cmps
	rep := report.RunReport{Result: res, Summary: summary, Counterfactual: twin}
	if p.Mechanisms.CircularDeals {
		if rep.Network, err = report.ShippedNetwork(ctx); err != nil {
			return err
		}
	}
	set := results.NewFileSet(filepath.Join(s.cfg.DataDir, filepath.FromSlash(s.dir(j))))
	results.RunFiles(set, res, summary, scenarioYAML, nil)
	set.Add(reportFile, rep.Write)
	set.Add(storedRun, func(w io.Writer) error { return encodeStored(w, res) })
	set.Add(metaFile, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(meta{Kind: j.kind, Label: j.label, Seq: j.seq})
	})
	if err := set.Commit(); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

// encodeStored writes the part of a run a comparison needs.
func encodeStored(w io.Writer, res *sim.Result) error {
	keep := sim.Result{Params: res.Params, Seed: res.Seed, PriceRule: res.PriceRule, Months: res.Months, Events: res.Events,
		Estimated: res.Estimated, FirmNames: res.FirmNames, RevenueProvenance: res.RevenueProvenance, OriginNames: res.OriginNames,
		Days: res.Days, Cohorts: res.Cohorts, Bursts: res.Bursts, PutCostBn: res.PutCostBn, PutValueBn: res.PutValueBn}
	zw := gzip.NewWriter(w)
	if err := json.NewEncoder(zw).Encode(keep); err != nil {
		return err
	}
	return zw.Close()
}

// loadRun reads a finished run's stored result from its folder.
func (s *Server) loadRun(j *job) (*sim.Result, error) {
	f, err := s.root.Open(path.Join(s.dir(j), storedRun))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(io.LimitReader(f, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", j.id, err)
	}
	var res sim.Result
	if err := json.NewDecoder(zr).Decode(&res); err != nil {
		return nil, fmt.Errorf("run %s: %w", j.id, err)
	}
	return &res, nil
}

// loadStored registers the runs and analyses a previous session left in
// the data folder (those with a report and a meta file).
func (s *Server) loadStored() error {
	var found []*job
	for _, kind := range []string{"run", "analysis"} {
		d := runsDir
		if kind != "run" {
			d = analysesDir
		}
		entries, err := os.ReadDir(filepath.Join(s.cfg.DataDir, d))
		if err != nil {
			return fmt.Errorf("web: read %s: %w", d, err)
		}
		for _, e := range entries {
			if !e.IsDir() || !idPattern.MatchString(e.Name()) {
				continue
			}
			b, err := s.root.ReadFile(path.Join(d, e.Name(), metaFile))
			if err != nil {
				continue
			}
			var m meta
			if json.Unmarshal(b, &m) != nil || m.Kind != kind {
				continue
			}
			if _, err := s.root.Stat(path.Join(d, e.Name(), reportFile)); err != nil {
				continue
			}
			found = append(found, &job{id: e.Name(), kind: kind, label: m.Label, seq: m.Seq, state: stateDone})
		}
	}
	slices.SortFunc(found, func(a, b *job) int { return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.id, b.id)) })
	for i, j := range found {
		j.seq = int64(i) // renumber: sequence numbers stay unique
		s.jobs[j.id] = j
		s.order = append(s.order, j.id)
	}
	return nil
}

// writeAnalysis stores an upload's report page atomically.
func (s *Server) writeAnalysis(j *job, page []byte) error {
	set := results.NewFileSet(filepath.Join(s.cfg.DataDir, filepath.FromSlash(s.dir(j))))
	set.Add(reportFile, func(w io.Writer) error { _, err := w.Write(page); return err })
	set.Add(metaFile, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(meta{Kind: j.kind, Label: j.label, Seq: j.seq})
	})
	return set.Commit()
}

// jobList returns finished jobs of a kind, newest first.
func (s *Server) jobList(kind string, states ...string) []jobView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []jobView
	for i := len(s.order) - 1; i >= 0; i-- {
		j := s.jobs[s.order[i]]
		if j.kind == kind && (len(states) == 0 || slices.Contains(states, j.state)) {
			out = append(out, jobView{ID: j.id, Label: j.label, State: j.state, Error: j.err})
		}
	}
	return out
}

type jobView struct {
	ID, Label, State, Error string
}

// readReport returns a stored report page.
func (s *Server) readReport(j *job) ([]byte, error) {
	return s.root.ReadFile(path.Join(s.dir(j), reportFile))
}

// withNav inserts the app's navigation at the top of a stored report, which
// itself has none so that it reads offline.
func withNav(page []byte, links string) []byte {
	i := bytes.Index(page, []byte("<body>\n"))
	if i < 0 {
		return page
	}
	i += len("<body>\n")
	out := make([]byte, 0, len(page)+len(links))
	out = append(out, page[:i]...)
	out = append(out, links...)
	return append(out, page[i:]...)
}
