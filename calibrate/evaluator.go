package calibrate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/bubblelab/bubblelab/internal/progress"
)

// Eval is one evaluated parameter point: the mean over the problem's seeds
// of its moments and log paths, and its distance.
type Eval struct {
	U []float64 `json:"u"`
	X []float64 `json:"x"`
	// Moments is the mean over seeds; LogPaths[s] the log basket path of
	// seed s (fit window's first month to the holdout's last).
	Moments  []float64   `json:"moments,omitempty"`
	LogPaths [][]float64 `json:"log_paths,omitempty"`
	// Err says why the point has no moments (parameters outside their
	// allowed range or cross rules, a failed run); its distance is +Inf.
	Err      string  `json:"error,omitempty"`
	Distance float64 `json:"-"`
}

// MeanLogPath is the mean over seeds of the log basket paths.
func (e *Eval) MeanLogPath() []float64 {
	if len(e.LogPaths) == 0 {
		return nil
	}
	out := make([]float64, len(e.LogPaths[0]))
	for _, lp := range e.LogPaths {
		for i, v := range lp {
			out[i] += v / float64(len(e.LogPaths))
		}
	}
	return out
}

func key(u []float64) string {
	var b strings.Builder
	for i, v := range u {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatUint(math.Float64bits(v), 16))
	}
	return b.String()
}

// Evaluator evaluates points of the unit cube through a Simulator, once
// each: results are cached and, when a log is open, appended to it as JSON
// lines so that a rerun finds them.
type Evaluator struct {
	Problem *Problem
	Sim     Simulator
	Workers int
	// Progress, if set, is told of every point evaluated.
	Progress *progress.Bar

	mu    sync.Mutex
	cache map[string]*Eval
	log   *os.File
	// Simulated counts the points simulated (not found in the cache).
	Simulated int
}

// logHeader is the first line of evals.jsonl: what the evaluations are of.
type logHeader struct {
	Format      string `json:"format"`
	Fingerprint string `json:"fingerprint"`
}

const logFormat = "bubblelab-calibrate-evals/1"

// ErrOtherCalibration is returned when an output folder's evaluation log
// belongs to a different calibration.
var ErrOtherCalibration = errors.New("the folder holds the evaluations of a different calibration")

// OpenLog opens (or creates) the evaluation log at path and loads its
// points into the cache. A torn last line (a process killed while
// writing) is cut off; a log of another fingerprint is refused.
func (e *Evaluator) OpenLog(path, fingerprint string) (loaded int, err error) {
	if e.cache == nil {
		e.cache = map[string]*Eval{}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return 0, fmt.Errorf("open evaluation log: %w", err)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	good := 0 // bytes of complete, valid lines
	if len(raw) == 0 {
		h, _ := json.Marshal(logHeader{Format: logFormat, Fingerprint: fingerprint})
		if _, err := f.Write(append(h, '\n')); err != nil {
			f.Close()
			return 0, fmt.Errorf("write %s: %w", path, err)
		}
		good = len(h) + 1
	} else {
		for line, at := 0, 0; at < len(raw); line++ {
			nl := bytes.IndexByte(raw[at:], '\n')
			if nl < 0 {
				break // torn line
			}
			text := raw[at : at+nl]
			if line == 0 {
				var h logHeader
				if json.Unmarshal(text, &h) != nil || h.Format != logFormat {
					f.Close()
					return 0, fmt.Errorf("%s: not a calibration evaluation log", path)
				}
				if h.Fingerprint != fingerprint {
					f.Close()
					return 0, fmt.Errorf("%s: %w (spec, scenario, data or program changed); use a new --out folder", path, ErrOtherCalibration)
				}
			} else {
				var ev Eval
				if json.Unmarshal(text, &ev) != nil {
					break
				}
				e.store(&ev)
				loaded++
			}
			at += nl + 1
			good = at
		}
	}
	if good < len(raw) {
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return 0, fmt.Errorf("cut the torn end of %s: %w", path, err)
		}
	}
	if _, err := f.Seek(int64(good), io.SeekStart); err != nil {
		f.Close()
		return 0, err
	}
	e.log = f
	return loaded, nil
}

// Close closes the log.
func (e *Evaluator) Close() error {
	if e.log == nil {
		return nil
	}
	err := e.log.Close()
	e.log = nil
	return err
}

func (e *Evaluator) store(ev *Eval) {
	ev.Distance = math.Inf(1)
	if ev.Err == "" && len(ev.Moments) == len(e.Problem.Names) {
		ev.Distance = e.Problem.Distance(ev.Moments)
	}
	e.cache[key(ev.U)] = ev
}

// Evaluate returns the evaluations of the points us, in order, simulating
// those not cached (every seed of every new point in parallel) and logging
// them in input order.
func (e *Evaluator) Evaluate(ctx context.Context, us [][]float64) ([]*Eval, error) {
	e.mu.Lock()
	if e.cache == nil {
		e.cache = map[string]*Eval{}
	}
	out := make([]*Eval, len(us))
	var todo []*Eval
	pending := map[string]*Eval{}
	for i, u := range us {
		k := key(u)
		if ev, ok := e.cache[k]; ok {
			out[i] = ev
			continue
		}
		if ev, ok := pending[k]; ok {
			out[i] = ev
			continue
		}
		ev := &Eval{U: append([]float64(nil), u...), X: e.Problem.Values(u)}
		pending[k] = ev
		todo = append(todo, ev)
		out[i] = ev
	}
	e.mu.Unlock()
	if len(todo) == 0 {
		return out, nil
	}
	seeds := e.Problem.Seeds
	samples := make([][]Sample, len(todo))
	errs := make([][]error, len(todo))
	for i := range todo {
		samples[i] = make([]Sample, len(seeds))
		errs[i] = make([]error, len(seeds))
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, e.Workers))
	for i, ev := range todo {
		for s, seed := range seeds {
			g.Go(func() error {
				smp, err := e.Sim.Simulate(gctx, ev.X, seed)
				if ctxErr := gctx.Err(); ctxErr != nil {
					return ctxErr
				}
				samples[i][s], errs[i][s] = smp, err
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	for i, ev := range todo {
		for s := range seeds {
			if err := errs[i][s]; err != nil {
				ev.Err = fmt.Sprintf("seed %d: %v", seeds[s], err)
				break
			}
		}
		if ev.Err == "" {
			ev.Moments = make([]float64, len(e.Problem.Names))
			for s := range seeds {
				m := samples[i][s].Moments
				if len(m) != len(ev.Moments) {
					return nil, fmt.Errorf("simulator gave %d moments for %d names", len(m), len(ev.Moments))
				}
				for j, v := range m {
					ev.Moments[j] += v / float64(len(seeds))
				}
				ev.LogPaths = append(ev.LogPaths, samples[i][s].LogPath)
			}
		}
		b, err := json.Marshal(ev)
		if err != nil {
			return nil, fmt.Errorf("encode evaluation: %w", err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range todo {
		e.store(ev)
	}
	e.Simulated += len(todo)
	e.Progress.Add(len(todo))
	if e.log != nil {
		// One write per batch, synced: a kill loses at most the batch in
		// flight, and a torn line is cut off on the next start.
		if _, err := e.log.Write(buf.Bytes()); err != nil {
			return nil, fmt.Errorf("append to evaluation log: %w", err)
		}
		if err := e.log.Sync(); err != nil {
			return nil, fmt.Errorf("sync evaluation log: %w", err)
		}
	}
	return out, nil
}
