package sweep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/results"
)

// MergeOptions configure Merge.
type MergeOptions struct {
	// Dirs are sweep output folders (one shared folder, or one per shard).
	Dirs []string
	// Out is the folder the merged results are written to.
	Out string
	// CSV also writes runs.csv.
	CSV bool
	// Workers runs the Sobol bootstrap; zero means GOMAXPROCS. Results do
	// not depend on it.
	Workers int
}

// CoverageError reports runs that are missing from, or present more than
// once in, the merged folders.
type CoverageError struct {
	Runs int64
	// Missing are the absent runs [lo, hi), with the shards that own them
	// for every shard count seen in the folders' shard markers.
	Missing []MissingRuns
	// Duplicates are pairs of part files holding the same runs.
	Duplicates [][2]string
	// MonthsMissing are run parts whose monthly part is absent.
	MonthsMissing []string
}

// MissingRuns is a range of absent runs.
type MissingRuns struct {
	First, End int64   // runs First <= run < End
	Shards     []Shard // owning shards, for each shard count seen
}

func (e *CoverageError) Error() string {
	var b strings.Builder
	n := int64(0)
	for _, m := range e.Missing {
		n += m.End - m.First
	}
	switch {
	case len(e.Duplicates) > 0:
		fmt.Fprintf(&b, "%d part files hold runs that another part also holds; remove the copies and merge again:", len(e.Duplicates))
		for _, d := range e.Duplicates {
			fmt.Fprintf(&b, "\n  %s overlaps %s", d[1], d[0])
		}
		if n > 0 {
			b.WriteString("\n")
		}
	}
	if n > 0 {
		fmt.Fprintf(&b, "%d of %d runs are missing:", n, e.Runs)
		for i, m := range e.Missing {
			if i == 20 {
				fmt.Fprintf(&b, "\n  ... and %d more ranges", len(e.Missing)-20)
				break
			}
			fmt.Fprintf(&b, "\n  runs %d-%d", m.First, m.End-1)
			if len(m.Shards) > 0 {
				var s []string
				for _, sh := range m.Shards {
					s = append(s, sh.String())
				}
				fmt.Fprintf(&b, " (shard %s; rerun: bubblelab sweep SPEC --out DIR --shard %s)", strings.Join(s, ", "), m.Shards[0])
			}
		}
	}
	if len(e.MonthsMissing) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d run parts have no monthly part (remove them and rerun their shard):", len(e.MonthsMissing))
		for i, p := range e.MonthsMissing {
			if i == 20 {
				b.WriteString("\n  ...")
				break
			}
			fmt.Fprintf(&b, "\n  %s", p)
		}
	}
	return b.String()
}

var markerRE = regexp.MustCompile(`^shard-(\d+)-of-(\d+)\.json$`)

// shardCounts lists the shard counts named by the folders' shard files.
func shardCounts(dirs []string) []int {
	var counts []int
	for _, d := range dirs {
		entries, _ := os.ReadDir(filepath.Join(d, shardsDir))
		for _, e := range entries {
			if m := markerRE.FindStringSubmatch(e.Name()); m != nil {
				n, _ := strconv.Atoi(m[2])
				if n > 0 && !slices.Contains(counts, n) {
					counts = append(counts, n)
				}
			}
		}
		// A lock file names a shard that started even if it never finished.
		for _, e := range entries {
			if m := regexp.MustCompile(`^shard-(\d+)-of-(\d+)\.lock$`).FindStringSubmatch(e.Name()); m != nil {
				n, _ := strconv.Atoi(m[2])
				if n > 0 && !slices.Contains(counts, n) {
					counts = append(counts, n)
				}
			}
		}
	}
	slices.Sort(counts)
	return counts
}

// collected is the checked set of parts of a sweep, in run order.
type collected struct {
	plan   *Plan
	runs   []partFile
	months []partFile
}

// collect loads the plans of dirs, checks they are one sweep and that
// every run is in exactly one part.
func collect(dirs []string) (*collected, error) {
	if len(dirs) == 0 {
		return nil, inputerr.Errorf("merge: name at least one sweep output folder")
	}
	plan, err := LoadPlan(dirs[0])
	if err != nil {
		return nil, err
	}
	for _, d := range dirs[1:] {
		p, err := LoadPlan(d)
		if err != nil {
			return nil, err
		}
		if p.Fingerprint != plan.Fingerprint {
			return nil, inputerr.Errorf("%s holds sweep %s (fingerprint %.12s) but %s holds %s (%.12s): merge folders of one sweep", d, p.Spec.Name, p.Fingerprint, dirs[0], plan.Spec.Name, plan.Fingerprint)
		}
	}
	return collectPlan(plan, dirs)
}

// collectPlan checks that every run of plan is in exactly one part of
// dirs and returns the parts in run order.
func collectPlan(plan *Plan, dirs []string) (*collected, error) {
	c := &collected{plan: plan}
	for _, d := range dirs {
		runs, months, _, err := listParts(d)
		if err != nil {
			return nil, err
		}
		c.runs = append(c.runs, runs...)
		c.months = append(c.months, months...)
	}
	byStart := func(a, b partFile) int {
		if a.span.lo != b.span.lo {
			return int(a.span.lo - b.span.lo)
		}
		return int(a.span.hi - b.span.hi)
	}
	slices.SortFunc(c.runs, byStart)
	slices.SortFunc(c.months, byStart)
	for _, p := range slices.Concat(c.runs, c.months) {
		if err := verifySum(p); err != nil {
			return nil, inputerr.Errorf("%v: rerun the sweep command of its shard, which replaces it", err)
		}
	}
	cov := &CoverageError{Runs: plan.Runs}
	var done []span
	at := int64(0)
	for i, p := range c.runs {
		if p.span.lo >= p.span.hi || p.span.hi > plan.Runs {
			return nil, inputerr.Errorf("%s: not a part of this sweep of %d runs", p.path, plan.Runs)
		}
		if i > 0 && p.span.lo < at {
			cov.Duplicates = append(cov.Duplicates, [2]string{c.runs[i-1].path, p.path})
		}
		at = max(at, p.span.hi)
		done = append(done, p.span)
	}
	counts := shardCounts(dirs)
	for _, m := range subtract(span{0, plan.Runs}, done) {
		mr := MissingRuns{First: m.lo, End: m.hi}
		for _, n := range counts {
			sh := Shard{Count: n}
			for i := sh.Owner(m.lo, plan.Runs); i <= sh.Owner(m.hi-1, plan.Runs); i++ {
				mr.Shards = append(mr.Shards, Shard{i, n})
			}
		}
		cov.Missing = append(cov.Missing, mr)
	}
	if plan.Spec.Outputs.Months {
		have := map[span]bool{}
		for _, m := range c.months {
			have[m.span] = true
		}
		var months []partFile
		for _, p := range c.runs {
			if !have[p.span] {
				cov.MonthsMissing = append(cov.MonthsMissing, p.path)
			}
		}
		// Keep one month part per run part, in run order.
		seen := map[span]bool{}
		for _, m := range c.months {
			if !seen[m.span] && slices.ContainsFunc(c.runs, func(r partFile) bool { return r.span == m.span }) {
				seen[m.span] = true
				months = append(months, m)
			}
		}
		c.months = months
	}
	if len(cov.Missing) > 0 || len(cov.Duplicates) > 0 || len(cov.MonthsMissing) > 0 {
		return nil, cov
	}
	return c, nil
}

// eachRow calls fn with every row of parts in order and checks that the
// rows are the runs their file names claim, with the columns of cols: one
// row per run in order (runs tables, oneRowPerRun), or rows of
// non-decreasing runs that cover the range (months tables).
func eachRow(parts []partFile, cols []Column, fingerprint string, oneRowPerRun bool, fn func(Row) error) error {
	for _, p := range parts {
		tf, err := openTable(p.path)
		if err != nil {
			return inputerr.Wrap(err)
		}
		if fp := tf.meta(metaFingerprint); fp != fingerprint {
			tf.close()
			return inputerr.Errorf("%s belongs to another sweep (fingerprint %.12s)", p.path, fp)
		}
		if !slices.Equal(tf.cols, cols) {
			tf.close()
			return inputerr.Errorf("%s has columns %v, want %v: parts written by different versions of bubblelab cannot be merged; rerun them", p.path, names(tf.cols), names(cols))
		}
		want := p.span.lo // the next run expected
		err = tf.each(func(r Row) error {
			run := r[0].Int64()
			switch {
			case run == want:
				want++
			case !oneRowPerRun && run == want-1:
			default:
				return fmt.Errorf("holds run %d where run %d belongs", run, want)
			}
			if run < p.span.lo || run >= p.span.hi {
				return fmt.Errorf("holds run %d outside its range", run)
			}
			return fn(r)
		})
		tf.close()
		if err != nil {
			return inputerr.Wrap(fmt.Errorf("%s: %w", p.path, err))
		}
		if want != p.span.hi {
			return inputerr.Errorf("%s: holds runs %d-%d of %d-%d", p.path, p.span.lo, want-1, p.span.lo, p.span.hi-1)
		}
	}
	return nil
}

func names(cols []Column) []string {
	s := make([]string, len(cols))
	for i, c := range cols {
		s[i] = c.Name
	}
	return s
}

// MergeFiles are the files Merge writes, in its output folder.
var MergeFiles = []string{"aggregate.json", "aggregate.txt", "burst_by_year.csv", "runs.parquet", "runs.csv", "months.parquet", "points.csv", "sobol.csv", "sweep.yaml", "base.yaml"}

// Merged is what Merge wrote and read.
type Merged struct {
	Plan      *Plan
	Aggregate *Aggregate
	// Files are the files written, in order.
	Files []string
	// Runs are the merged runs, every SampleEvery-th one when the sweep
	// has more than SampleRunsMax, for reports drawn from the runs.
	Runs        []RunSample
	SampleEvery int64
}

// Merge reads the part files of a sweep from opt.Dirs, checks that every
// run is present exactly once (reporting missing runs with the shards that
// own them, and duplicates), and writes, all or nothing:
//
//	runs.parquet, runs.csv   every run, in run order
//	months.parquet           every run's monthly series (outputs: months)
//	aggregate.json           burst probability by year, quantiles of every
//	                         measure, Sobol indices (saltelli), early warning
//	aggregate.txt            the same as tables
//	burst_by_year.csv        burst probability by year
//	points.csv               per design point summaries (grid)
//	sobol.csv                Sobol indices with intervals (saltelli)
//	sweep.yaml, base.yaml    the sweep's description
//
// The output depends only on the runs, never on how they were sharded,
// batched or scheduled: the same sweep gives the same bytes.
func Merge(ctx context.Context, opt MergeOptions) (*Merged, error) {
	c, err := collect(opt.Dirs)
	if err != nil {
		return nil, err
	}
	plan := c.plan
	cols := plan.RunColumns()
	acc := newAccumulator(plan, cols)
	rc := newReportCollector(plan, cols)
	if err := eachRow(c.runs, cols, plan.Fingerprint, true, func(r Row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc.add(r)
		return acc.add(r)
	}); err != nil {
		return nil, err
	}
	agg, err := acc.aggregate(opt.Workers)
	if err != nil {
		return nil, err
	}
	set := results.NewFileSet(opt.Out)
	rt := plan.runTable()
	set.Add("runs.parquet", func(w io.Writer) error {
		return copyParquet(rt.newWriter(w, plan.Fingerprint, "runs"), 1024, func(fn func(Row) error) error {
			return eachRow(c.runs, cols, plan.Fingerprint, true, fn)
		})
	})
	if opt.CSV {
		set.Add("runs.csv", func(w io.Writer) error {
			cw, err := newCSVWriter(w, cols)
			if err != nil {
				return err
			}
			if err := eachRow(c.runs, cols, plan.Fingerprint, true, cw.write); err != nil {
				return err
			}
			return cw.flush()
		})
	}
	if plan.Spec.Outputs.Months {
		mcols := plan.MonthColumns()
		mt := plan.monthTable()
		set.Add("months.parquet", func(w io.Writer) error {
			return copyParquet(mt.newWriter(w, plan.Fingerprint, "months"), 4096, func(fn func(Row) error) error {
				return eachRow(c.months, mcols, plan.Fingerprint, false, fn)
			})
		})
	}
	set.Add("aggregate.json", func(w io.Writer) error { return results.EncodeJSON(w, agg) })
	set.Add("aggregate.txt", func(w io.Writer) error { return agg.WriteText(w) })
	if agg.Burst != nil {
		set.Add("burst_by_year.csv", func(w io.Writer) error { return results.EncodeCSV(w, agg.Burst.ByYear) })
	}
	if agg.Sobol != nil {
		set.Add("sobol.csv", func(w io.Writer) error { return agg.Sobol.writeCSV(w) })
	}
	if len(acc.points) > 0 {
		set.Add("points.csv", func(w io.Writer) error { return acc.writePoints(w) })
	}
	stored, err := plan.StoredSpec()
	if err != nil {
		return nil, err
	}
	set.Add("sweep.yaml", func(w io.Writer) error { _, err := w.Write(stored); return err })
	set.Add("base.yaml", func(w io.Writer) error { _, err := w.Write(plan.BaseYAML); return err })
	if err := set.Commit(); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("write merged results to %s: %w", opt.Out, err)
	}
	return &Merged{Plan: plan, Aggregate: agg, Files: set.Names(), Runs: rc.runs, SampleEvery: rc.every}, nil
}

// copyParquet writes the rows that each yields to tw in batches of batch
// rows, then closes tw. Rows are cloned because each may reuse its buffers.
func copyParquet(tw *tableWriter, batch int, each func(func(Row) error) error) error {
	buf := make([]Row, 0, batch)
	if err := each(func(r Row) error {
		buf = append(buf, r.Clone())
		if len(buf) == cap(buf) {
			err := tw.write(buf)
			buf = buf[:0]
			return err
		}
		return nil
	}); err != nil {
		return err
	}
	if err := tw.write(buf); err != nil {
		return err
	}
	return tw.close()
}
