package sweep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/internal/atomicfile"
	"github.com/bubblelab/bubblelab/internal/progress"
	"github.com/bubblelab/bubblelab/sim"
	"golang.org/x/sync/errgroup"
)

// Layout of a sweep's output folder:
//
//	sweep.yaml                   the canonical spec, its base replaced by base.yaml
//	base.yaml                    the resolved base scenario (set: applied)
//	points.csv, points.parquet   the table of points (methods points, posterior)
//	sweep.json                   the manifest: fingerprint, runs, design
//	sweep.lock                   held while a sweep checks or writes the three above
//	parts/runs-LO-HI-SUM.parquet     runs LO <= run < HI, one row each; SUM is
//	                                 the first 16 hex digits of the file's SHA-256
//	parts/months-LO-HI-SUM.parquet   their monthly series (outputs: months)
//	shards/shard-I-of-N.json     written when shard I of N is complete
//	shards/shard-I-of-N.lock     held while shard I of N runs
const (
	partsDir  = "parts"
	shardsDir = "shards"
	// manifestFormat is the layout version in sweep.json; 2 added the
	// checksums to the part names.
	manifestFormat = 2
)

// Manifest is sweep.json: what a folder of results belongs to.
type Manifest struct {
	Format       int      `json:"format"`
	Name         string   `json:"name"`
	Fingerprint  string   `json:"fingerprint"`
	Runs         int64    `json:"runs"`
	Points       int64    `json:"points"`
	Replications int      `json:"replications"`
	Method       Method   `json:"method"`
	Parameters   []string `json:"parameters"`
	Months       bool     `json:"months"`
}

// ShardMarker is shards/shard-I-of-N.json, written when a shard's runs
// are all in parts.
type ShardMarker struct {
	Shard       int    `json:"shard"`
	Shards      int    `json:"shards"`
	FirstRun    int64  `json:"first_run"`
	EndRun      int64  `json:"end_run"`
	Fingerprint string `json:"fingerprint"`
}

// Options configure Run.
type Options struct {
	// Dir is the output folder.
	Dir string
	// Shard is the slice of runs to do; the zero value is all of them.
	Shard Shard
	// Workers is the number of runs simulated at once; zero means
	// GOMAXPROCS.
	Workers int
	// BatchRuns overrides the spec's runs per part file.
	BatchRuns int
	// Inputs are the model's data; nil loads sim.DefaultInputs.
	Inputs *sim.Inputs
	// Progress, if not nil, receives a progress bar (terminal) or a line
	// every tenth of the work.
	Progress io.Writer
	// Log, if not nil, receives one-line notes (resuming, cleaned files).
	Log io.Writer

	// afterRun, when set by a test, is called after each run is simulated.
	afterRun func(run int64)
}

// Report says what Run did.
type Report struct {
	Shard           Shard
	FirstRun        int64 // the shard's runs are FirstRun <= run < EndRun
	EndRun          int64
	AlreadyDone     int64 // runs found finished in parts
	Ran             int64 // runs simulated now
	Parts           int   // part files written now
	RemovedTemp     int   // stray temporary files removed
	RemovedOrphans  int   // month parts without their runs part removed
	RemovedDamaged  int   // parts whose bytes did not match their checksum, removed
	WorkersUsed     int
	BatchRunsUsed   int
	ShardWasMissing bool
}

// Run simulates the runs of opt.Shard that are not yet in opt.Dir and
// writes them as part files, a batch of runs per file, each file written
// to a temporary name and renamed into place. Rerun after an interruption
// (Ctrl-C, SIGKILL, a lost node) with the same arguments, it keeps every
// finished part, removes leftover temporary files of its shard, and runs
// only what is missing. Results do not depend on the number of workers,
// the batch size or the sharding.
func Run(ctx context.Context, plan *Plan, opt Options) (*Report, error) {
	sh := opt.Shard
	if sh.Count == 0 {
		sh = Shard{0, 1}
	}
	if err := sh.check(); err != nil {
		return nil, err
	}
	lo, hi := sh.Range(plan.Runs)
	rep := &Report{Shard: sh, FirstRun: lo, EndRun: hi}
	if err := prepareDir(plan, opt.Dir); err != nil {
		return nil, err
	}
	unlock, err := lockFile(filepath.Join(opt.Dir, shardsDir, fmt.Sprintf("shard-%d-of-%d.lock", sh.Index, sh.Count)), false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	done, err := scanShard(opt.Dir, plan, lo, hi, rep, opt.Log)
	if err != nil {
		return nil, err
	}
	todo := subtract(span{lo, hi}, done)
	remaining := int64(0)
	for _, s := range todo {
		remaining += s.hi - s.lo
	}
	rep.AlreadyDone = hi - lo - remaining
	if opt.Log != nil && rep.AlreadyDone > 0 {
		fmt.Fprintf(opt.Log, "resuming shard %s: %d of %d runs already in %s\n", sh, rep.AlreadyDone, hi-lo, filepath.Join(opt.Dir, partsDir))
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := opt.BatchRuns
	if batch <= 0 {
		batch = plan.Spec.Outputs.BatchRuns
	}
	if batch <= 0 {
		batch = autoBatch(remaining, workers)
	}
	rep.WorkersUsed, rep.BatchRunsUsed = workers, batch
	if remaining > 0 {
		in := opt.Inputs
		if in == nil {
			def, err := sim.DefaultInputs()
			if err != nil {
				return nil, err
			}
			in = &def
		}
		var bar *progress.Bar
		if opt.Progress != nil {
			bar = progress.New(opt.Progress, fmt.Sprintf("sweep %s shard %s", plan.Spec.Name, sh), int(min(remaining, math.MaxInt32)), true)
		}
		w := &worker{plan: plan, in: in, dir: opt.Dir, bar: bar, detectors: plan.Spec.EarlyWarning.detectors(plan.Spec.Seed), afterRun: opt.afterRun, notComputed: plan.NotComputed()}
		ran, parts, err := w.runBatches(ctx, &batcher{todo: todo, size: int64(batch), workers: workers}, workers)
		bar.Finish()
		rep.Ran, rep.Parts = ran, parts
		if err != nil {
			return rep, err
		}
	}
	m := ShardMarker{Shard: sh.Index, Shards: sh.Count, FirstRun: lo, EndRun: hi, Fingerprint: plan.Fingerprint}
	if err := writeJSON(filepath.Join(opt.Dir, shardsDir, fmt.Sprintf("shard-%d-of-%d.json", sh.Index, sh.Count)), m); err != nil {
		return rep, err
	}
	return rep, nil
}

// autoBatch chooses the runs per part: about eight batches per worker, so
// an interruption loses little and the last batches balance the workers,
// and at most 256 runs.
func autoBatch(runs int64, workers int) int {
	b := (runs + int64(8*workers) - 1) / int64(8*workers)
	return int(max(1, min(b, 256)))
}

// batcher hands out the batches of the runs to do, in run order, one at a
// time, so that planning takes memory for the batches in flight only, not
// for the sweep's runs. Its first round of batches (one per worker) holds
// one run each and sizes double every round up to size: a sweep
// interrupted more often than a full batch takes still keeps finished
// runs on every attempt.
type batcher struct {
	todo    []span // left to hand out, in order
	size    int64
	workers int
	handed  int // batches handed out
}

// next returns the next batch, false when none is left.
func (b *batcher) next() (span, bool) {
	for len(b.todo) > 0 && b.todo[0].lo >= b.todo[0].hi {
		b.todo = b.todo[1:]
	}
	if len(b.todo) == 0 {
		return span{}, false
	}
	n := b.size
	if round := b.handed / max(b.workers, 1); round < 62 {
		n = min(n, int64(1)<<round)
	}
	s := &b.todo[0]
	out := span{s.lo, min(s.lo+n, s.hi)}
	s.lo = out.hi
	b.handed++
	return out, true
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(b, '\n'), 0o644)
}

// prepareDir creates the folder and writes the manifest, or checks that
// the folder holds the same sweep. It holds sweep.lock while it reads and
// writes, so that of two different sweeps started into one new folder at
// once, one writes the manifest and the other finds it and stops.
func prepareDir(plan *Plan, dir string) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return inputerr.New(dir, 0, "", "is a file, not a folder: name a folder for the sweep's results with --out")
	}
	for _, d := range []string{dir, filepath.Join(dir, partsDir), filepath.Join(dir, shardsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	unlock, err := lockFile(filepath.Join(dir, "sweep.lock"), true)
	if err != nil {
		return err
	}
	defer unlock()
	man := plan.Manifest()
	mpath := filepath.Join(dir, "sweep.json")
	if b, err := os.ReadFile(mpath); err == nil {
		var old Manifest
		if err := json.Unmarshal(b, &old); err != nil {
			return inputerr.New(mpath, 0, "", "not a sweep manifest: %v", err)
		}
		if old.Fingerprint != man.Fingerprint {
			return inputerr.New(mpath, 0, "fingerprint", "%s holds results of another sweep (%s, fingerprint %.12s; this one is %s, %.12s): use another --out folder", dir, old.Name, old.Fingerprint, man.Name, man.Fingerprint)
		}
		return checkFormat(mpath, old)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read %s: %w", mpath, err)
	}
	stored, err := plan.StoredSpec()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "base.yaml"), plan.BaseYAML, 0o644); err != nil {
		return err
	}
	if plan.table != nil {
		if err := atomicfile.WriteFile(filepath.Join(dir, plan.storedTableName()), plan.table.raw, 0o644); err != nil {
			return err
		}
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "sweep.yaml"), stored, 0o644); err != nil {
		return err
	}
	// The manifest last: its presence says the folder is initialised.
	return writeJSON(mpath, man)
}

// checkFormat refuses a folder laid out by another version of bubblelab.
func checkFormat(mpath string, m Manifest) error {
	if m.Format != manifestFormat {
		return inputerr.New(mpath, 0, "format", "the folder was written by another version of bubblelab (layout %d; this one writes %d): merge it with that version, or run the sweep into a new folder", m.Format, manifestFormat)
	}
	return nil
}

// Manifest returns the plan's sweep.json.
func (p *Plan) Manifest() Manifest {
	m := Manifest{Format: manifestFormat, Name: p.Spec.Name, Fingerprint: p.Fingerprint, Runs: p.Runs, Points: p.Points,
		Replications: p.Spec.Replications, Method: p.Spec.Design.Method, Parameters: []string{}, Months: p.Spec.Outputs.Months}
	for _, par := range p.Params {
		m.Parameters = append(m.Parameters, par.Path)
	}
	return m
}

// StoredSpec returns the spec as written into an output folder: canonical,
// with its base replaced by base.yaml, the resolved base stored beside it,
// so that the folder alone describes the sweep.
func (p *Plan) StoredSpec() ([]byte, error) {
	c := *p.Spec
	c.Base = "base.yaml"
	if p.table != nil {
		c.Design.File = p.storedTableName()
	}
	b, err := c.Marshal()
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("# bubblelab sweep %s (fingerprint %s)\n# Written by bubblelab sweep; base.yaml beside it is the resolved base scenario.\n", p.Spec.Name, p.Fingerprint)
	return append([]byte(head), b...), nil
}

// LoadPlan reads the plan of an output folder from its sweep.yaml and
// base.yaml and checks it against sweep.json.
func LoadPlan(dir string) (*Plan, error) {
	mpath := filepath.Join(dir, "sweep.json")
	b, err := os.ReadFile(mpath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, inputerr.Errorf("%s is not a sweep output folder (no sweep.json)", dir)
		}
		return nil, err
	}
	var man Manifest
	if err := json.Unmarshal(b, &man); err != nil {
		return nil, inputerr.New(mpath, 0, "", "not a sweep manifest: %v", err)
	}
	if err := checkFormat(mpath, man); err != nil {
		return nil, err
	}
	spec, err := LoadSpec(filepath.Join(dir, "sweep.yaml"))
	if err != nil {
		return nil, err
	}
	plan, err := NewPlan(spec)
	if err != nil {
		return nil, err
	}
	if plan.Fingerprint != man.Fingerprint {
		return nil, inputerr.New(mpath, 0, "fingerprint", "sweep.yaml and base.yaml give fingerprint %.12s, the manifest says %.12s: the folder was edited, or written by another version of bubblelab", plan.Fingerprint, man.Fingerprint)
	}
	return plan, nil
}

// span is the runs lo <= run < hi.
type span struct{ lo, hi int64 }

// subtract returns the parts of s not covered by the sorted, disjoint
// spans done.
func subtract(s span, done []span) []span {
	var out []span
	at := s.lo
	for _, d := range done {
		if d.hi <= at || d.lo >= s.hi {
			continue
		}
		if d.lo > at {
			out = append(out, span{at, d.lo})
		}
		at = max(at, d.hi)
	}
	if at < s.hi {
		out = append(out, span{at, s.hi})
	}
	return out
}

var partRE = regexp.MustCompile(`^(runs|months)-(\d{13})-(\d{13})-([0-9a-f]{16})\.parquet$`)
var tempRE = regexp.MustCompile(`^\.(runs|months)-(\d{13})-(\d{13})\.parquet\.tmp-.*$`)

// partName is the name of a part before its checksum is known: the base
// of its temporary file.
func partName(kind string, s span) string {
	return fmt.Sprintf("%s-%013d-%013d.parquet", kind, s.lo, s.hi)
}

// sumName is the name of a finished part whose content has checksum sum.
func sumName(kind string, s span, sum string) string {
	return fmt.Sprintf("%s-%013d-%013d-%s.parquet", kind, s.lo, s.hi, sum)
}

// partSum is the checksum in a part's name: the first 16 hex digits of
// the SHA-256 of its bytes.
func partSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil))[:16] }

// writePart writes a part file through a temporary file, naming it by its
// checksum once complete.
func writePart(pdir, kind string, s span, fill func(io.Writer) error) error {
	f, err := atomicfile.Create(filepath.Join(pdir, partName(kind, s)))
	if err != nil {
		return err
	}
	h := sha256.New()
	if err := fill(io.MultiWriter(f, h)); err != nil {
		f.Abort()
		return fmt.Errorf("write %s part %d-%d: %w", kind, s.lo, s.hi-1, err)
	}
	return f.Commit(filepath.Join(pdir, sumName(kind, s, partSum(h))), 0o644)
}

// verifySum checks a part's bytes against the checksum in its name.
func verifySum(p partFile) error {
	f, err := os.Open(p.path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("read %s: %w", p.path, err)
	}
	if got := partSum(h); got != p.sum {
		return fmt.Errorf("%s is damaged: its checksum is %s, its name says %s", p.path, got, p.sum)
	}
	return nil
}

// partFile is a part found in a folder.
type partFile struct {
	path string
	kind string // runs or months
	span span
	sum  string // checksum from the name; empty for temporary files
}

// listParts returns the run and month parts in dir/parts, sorted by
// first run, and the stray temporary files.
func listParts(dir string) (runs, months []partFile, temps []partFile, err error) {
	entries, err := os.ReadDir(filepath.Join(dir, partsDir))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil, nil
		}
		return nil, nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		m := partRE.FindStringSubmatch(name)
		tmp := false
		if m == nil {
			if m = tempRE.FindStringSubmatch(name); m == nil {
				continue
			}
			tmp = true
		}
		lo, _ := strconv.ParseInt(m[2], 10, 64)
		hi, _ := strconv.ParseInt(m[3], 10, 64)
		pf := partFile{path: filepath.Join(dir, partsDir, name), kind: m[1], span: span{lo, hi}}
		if !tmp {
			pf.sum = m[4]
		}
		switch {
		case tmp:
			temps = append(temps, pf)
		case m[1] == "runs":
			runs = append(runs, pf)
		default:
			months = append(months, pf)
		}
	}
	byStart := func(a, b partFile) int {
		if a.span.lo != b.span.lo {
			return int(a.span.lo - b.span.lo)
		}
		return int(a.span.hi - b.span.hi)
	}
	slices.SortFunc(runs, byStart)
	slices.SortFunc(months, byStart)
	return runs, months, temps, nil
}

// scanShard returns the finished spans that meet [lo, hi), removes the
// shard's stray temporary files, month parts whose runs part is missing,
// and parts whose bytes do not match their checksum (so their runs are run
// again), and checks that finished parts do not overlap.
func scanShard(dir string, plan *Plan, lo, hi int64, rep *Report, log io.Writer) ([]span, error) {
	runs, months, temps, err := listParts(dir)
	if err != nil {
		return nil, err
	}
	inShard := func(s span) bool { return s.lo >= lo && s.hi <= hi }
	meets := func(s span) bool { return s.hi > lo && s.lo < hi }
	for _, t := range temps {
		if inShard(t.span) {
			if err := os.Remove(t.path); err == nil {
				rep.RemovedTemp++
			}
		}
	}
	damaged := map[span]bool{}
	drop := func(p partFile, err error) {
		if log != nil {
			fmt.Fprintf(log, "%v: removed; its runs are run again\n", err)
		}
		os.Remove(p.path)
		rep.RemovedDamaged++
		damaged[p.span] = true
	}
	for _, m := range months {
		if inShard(m.span) {
			if err := verifySum(m); err != nil {
				drop(m, err)
			}
		}
	}
	var done []span
	have := map[span]bool{}
	var prev *partFile
	for i := range runs {
		p := runs[i]
		if p.span.lo >= p.span.hi || p.span.hi > plan.Runs {
			return nil, inputerr.Errorf("%s: not a part of this sweep of %d runs", p.path, plan.Runs)
		}
		if meets(p.span) {
			if err := verifySum(p); err != nil {
				if !inShard(p.span) {
					return nil, inputerr.Errorf("%v: it holds runs of another shard; remove it and rerun that shard", err)
				}
				drop(p, err)
				continue
			}
			if damaged[p.span] {
				// Its month part was damaged: run the batch again.
				os.Remove(p.path)
				continue
			}
		}
		if prev != nil && p.span.lo < prev.span.hi {
			return nil, inputerr.Errorf("%s and %s hold the same runs: remove one (the merge would reject both)", prev.path, p.path)
		}
		prev = &runs[i]
		have[p.span] = true
		if meets(p.span) {
			if err := checkPart(p, plan); err != nil {
				return nil, err
			}
			done = append(done, p.span)
		}
	}
	for _, m := range months {
		if inShard(m.span) && !have[m.span] && !damaged[m.span] {
			if err := os.Remove(m.path); err == nil {
				rep.RemovedOrphans++
			}
		}
	}
	return done, nil
}

// checkPart opens a finished part's footer and checks its sweep and row
// count, so that a foreign file is reported, not skipped over.
func checkPart(p partFile, plan *Plan) error {
	tf, err := openTable(p.path)
	if err != nil {
		return inputerr.Errorf("%v: remove it and rerun", err)
	}
	defer tf.close()
	if fp := tf.meta(metaFingerprint); fp != plan.Fingerprint {
		return inputerr.Errorf("%s belongs to another sweep (fingerprint %.12s): remove it", p.path, fp)
	}
	if n := tf.pf.NumRows(); n != p.span.hi-p.span.lo {
		return inputerr.Errorf("%s holds %d rows for %d runs: remove it and rerun", p.path, n, p.span.hi-p.span.lo)
	}
	return nil
}

// syncDir makes renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// worker simulates batches of runs.
type worker struct {
	plan      *Plan
	in        *sim.Inputs
	dir       string
	bar       *progress.Bar
	detectors []Detector
	afterRun  func(run int64)
	// notComputed are the metric columns written as NaN (Plan.NotComputed).
	notComputed map[string]string
}

// runBatches simulates the batches of b with at most workers at once.
func (w *worker) runBatches(ctx context.Context, b *batcher, workers int) (ran int64, parts int, err error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	// One parameter cache per worker: replications of a point are
	// consecutive runs.
	caches := make(chan *paramCache, workers)
	for range workers {
		caches <- &paramCache{point: -1}
	}
	var mu sync.Mutex
	for gctx.Err() == nil {
		batch, ok := b.next()
		if !ok {
			break
		}
		g.Go(func() error {
			cache := <-caches
			defer func() { caches <- cache }()
			n, err := w.runBatch(gctx, batch, cache)
			mu.Lock()
			defer mu.Unlock()
			ran += n
			if err == nil {
				parts++
			}
			return err
		})
	}
	err = g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil && ctx.Err() != nil && !inputerr.Is(err) {
		return ran, parts, fmt.Errorf("sweep interrupted: finished batches are kept; rerun the same command to resume: %w", ctx.Err())
	}
	return ran, parts, err
}

// paramCache keeps the last design point's parameters: replications of a
// point are consecutive runs.
type paramCache struct {
	point  int64
	params sim.Params
	values []any
}

// runBatch simulates the runs of b and writes their parts.
func (w *worker) runBatch(ctx context.Context, b span, cache *paramCache) (int64, error) {
	plan := w.plan
	rows := make([]Row, 0, b.hi-b.lo)
	var monthRows []Row
	cols := plan.RunColumns()
	for run := b.lo; run < b.hi; run++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		point, r := plan.Locate(run)
		if point != cache.point {
			params, err := plan.PointParams(point)
			if err != nil {
				return 0, inputerr.Wrap(fmt.Errorf("run %d: %w", run, err))
			}
			vals, _ := plan.Values(point)
			cache.point, cache.params, cache.values = point, params, vals
		}
		seed := plan.Seed(run)
		var res *sim.Result
		var cmps []sim.Comparison
		var err error
		if plan.Spec.Outputs.Counterfactual {
			res, cmps, err = sim.RunWithNoBurstTwin(ctx, cache.params, *w.in, seed, nil)
		} else {
			res, err = sim.Run(ctx, cache.params, *w.in, seed, nil)
		}
		if err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			return 0, fmt.Errorf("run %d (design point %d, replication %d, seed %d): %w", run, point, r, seed, err)
		}
		row, err := w.runRow(ctx, cols, run, point, r, cache.values, res, cmps)
		if err != nil {
			return 0, err
		}
		rows = append(rows, row)
		if plan.Spec.Outputs.Months {
			monthRows = append(monthRows, plan.monthRows(run, res)...)
		}
		w.bar.Add(1)
		if w.afterRun != nil {
			w.afterRun(run)
		}
	}
	fp := plan.Fingerprint
	pdir := filepath.Join(w.dir, partsDir)
	if plan.Spec.Outputs.Months {
		mt := plan.monthTable()
		if err := writePart(pdir, "months", b, func(out io.Writer) error {
			tw := mt.newWriter(out, fp, "months")
			if err := tw.write(monthRows); err != nil {
				return err
			}
			return tw.close()
		}); err != nil {
			return 0, err
		}
		if err := syncDir(pdir); err != nil {
			return 0, err
		}
	}
	rt := plan.runTable()
	if err := writePart(pdir, "runs", b, func(out io.Writer) error {
		tw := rt.newWriter(out, fp, "runs")
		if err := tw.write(rows); err != nil {
			return err
		}
		return tw.close()
	}); err != nil {
		return 0, err
	}
	return b.hi - b.lo, syncDir(pdir)
}

var runMetricsType = reflect.TypeFor[sim.RunMetrics]()

// RunColumns lists the columns of the runs table: run, point, replication,
// a param.PATH column per varied parameter, every field of sim.RunMetrics,
// and for each enabled detector ew_NAME_alarm, ew_NAME_alarm_month and
// ew_NAME_lead_months.
func (p *Plan) RunColumns() []Column {
	cols := []Column{{"run", Int64}, {"point", Int64}, {"replication", Int64}}
	for _, par := range p.Params {
		cols = append(cols, Column{par.Column, par.Kind})
	}
	for _, f := range recordFields(runMetricsType) {
		cols = append(cols, Column{f.name, f.kind})
	}
	for _, d := range p.Spec.EarlyWarning.detectors(0) {
		n := "ew_" + d.Name()
		cols = append(cols, Column{n + "_alarm", Bool}, Column{n + "_alarm_month", Int64}, Column{n + "_lead_months", Int64})
	}
	return cols
}

func (p *Plan) runTable() *table {
	t, err := newTable(p.RunColumns())
	if err != nil {
		panic(err) // column names come from the plan, checked by NewPlan
	}
	return t
}

// MonthColumns lists the columns of the months table: run, month and the
// kept MonthRecord columns.
func (p *Plan) MonthColumns() []Column {
	cols := []Column{{"run", Int64}, {"month", String}}
	keep := p.Spec.Outputs.MonthColumns
	for _, f := range recordFields(monthRecordType) {
		if f.name == "month" || (len(keep) > 0 && !slices.Contains(keep, f.name)) {
			continue
		}
		cols = append(cols, Column{f.name, f.kind})
	}
	return cols
}

func (p *Plan) monthTable() *table {
	t, err := newTable(p.MonthColumns())
	if err != nil {
		panic(err)
	}
	return t
}

func (p *Plan) monthRows(run int64, res *sim.Result) []Row {
	cols := p.MonthColumns()
	fields := map[string]recordField{}
	for _, f := range recordFields(monthRecordType) {
		fields[f.name] = f
	}
	rows := make([]Row, len(res.Months))
	for t := range res.Months {
		v := reflect.ValueOf(res.Months[t])
		row := make(Row, len(cols))
		row[0] = cell(0, Int64, run)
		row[1] = cell(1, String, res.Months[t].Month)
		for i := 2; i < len(cols); i++ {
			f := fields[cols[i].Name]
			row[i] = cell(i, f.kind, goValue(f.kind, v.Field(f.index)))
		}
		rows[t] = row
	}
	return rows
}

// runRow builds the runs-table row of one run.
func (w *worker) runRow(ctx context.Context, cols []Column, run, point, r int64, values []any, res *sim.Result, cmps []sim.Comparison) (Row, error) {
	plan := w.plan
	row := make(Row, 0, len(cols))
	add := func(v any) { row = append(row, cell(len(row), cols[len(row)].Kind, v)) }
	add(run)
	add(point)
	add(r)
	for i, v := range values {
		add(plan.column(i, v))
	}
	m := sim.Metrics(res, cmps...)
	mv := reflect.ValueOf(m)
	for _, f := range recordFields(runMetricsType) {
		if _, absent := w.notComputed[f.name]; absent && f.kind == Float64 {
			add(math.NaN())
			continue
		}
		add(goValue(f.kind, mv.Field(f.index)))
	}
	if len(w.detectors) > 0 {
		series := make([]float64, len(res.Months))
		burst := -1
		for t, rec := range res.Months {
			series[t] = rec.AIMarketValue
			if burst < 0 && m.BurstMonth != "" && rec.Month == m.BurstMonth {
				burst = t
			}
		}
		for _, d := range w.detectors {
			wr, err := Warn(ctx, d, series, burst, plan.Spec.EarlyWarning.MinMonths)
			if err != nil && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// A series the detector cannot test (too short, constant)
			// gets no warning rather than stopping the sweep.
			add(wr.Alarm)
			add(int64(wr.AlarmMonth))
			add(int64(wr.LeadMonths))
		}
	}
	if len(row) != len(cols) {
		return nil, fmt.Errorf("run %d: %d values for %d columns", run, len(row), len(cols))
	}
	return row, nil
}
