package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
	"github.com/bubblelab/bubblelab/bubbletest/psy"
	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/report/numfmt"
)

// Limits on uploads, beyond the byte limit.
const (
	maxUploadDeals = 5000 // deals in one file
	// minDetectPrices is the shortest series worth testing.
	minDetectPrices = 40
	// detectReps is the number of Monte Carlo replications behind the PSY
	// critical values in the app (bubblelab detect can use more).
	detectReps = 199
	// maxTextField bounds the small text fields of an upload form.
	maxTextField = 256
)

// upload is a parsed multipart upload: one file and some text fields.
type upload struct {
	name   string // the file's name, cleaned, for messages only
	data   []byte
	fields map[string]string
}

// uploadError is a rejected upload and its status.
type uploadError struct {
	status int
	msg    string
}

func (e *uploadError) Error() string { return e.msg }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// cleanName keeps the last element of an uploaded file's name, in safe
// characters only; it is shown in messages and never used as a path.
func cleanName(n string) string {
	n = n[strings.LastIndexAny(n, `/\`)+1:]
	n = unsafeName.ReplaceAllString(n, "_")
	n = strings.TrimLeft(n, ".")
	if len(n) > 64 {
		n = n[:64]
	}
	if n == "" {
		return "upload.csv"
	}
	return n
}

// readUpload reads a multipart form with the file fileField and the text
// fields named in text, streaming (no temporary files) and within limits.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, fileField string, text ...string) (*upload, *uploadError) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &uploadError{http.StatusBadRequest, "expected a multipart form upload (enctype multipart/form-data): " + err.Error()}
	}
	up := &upload{fields: map[string]string{}}
	seenFile := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, tooLargeOr(err, s.cfg.MaxUploadBytes, "the upload could not be read: "+err.Error())
		}
		name := part.FormName()
		switch {
		case name == fileField:
			if seenFile {
				return nil, &uploadError{http.StatusBadRequest, "send one file only"}
			}
			seenFile = true
			up.name = cleanName(part.FileName())
			data, err := io.ReadAll(io.LimitReader(part, s.cfg.MaxUploadBytes+1))
			if err != nil {
				return nil, tooLargeOr(err, s.cfg.MaxUploadBytes, "the file could not be read: "+err.Error())
			}
			if int64(len(data)) > s.cfg.MaxUploadBytes {
				return nil, &uploadError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the file is larger than the %d KiB limit", s.cfg.MaxUploadBytes>>10)}
			}
			up.data = data
		case contains(text, name):
			b, err := io.ReadAll(io.LimitReader(part, maxTextField+1))
			if err != nil {
				return nil, tooLargeOr(err, s.cfg.MaxUploadBytes, "the form could not be read: "+err.Error())
			}
			if len(b) > maxTextField {
				return nil, &uploadError{http.StatusBadRequest, fmt.Sprintf("field %s: longer than %d characters", name, maxTextField)}
			}
			up.fields[name] = strings.TrimSpace(string(b))
		default:
			// Unknown parts are drained within the body limit and ignored.
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, tooLargeOr(err, s.cfg.MaxUploadBytes, "the upload could not be read: "+err.Error())
			}
		}
		part.Close()
	}
	if !seenFile || len(up.data) == 0 {
		return nil, &uploadError{http.StatusBadRequest, fmt.Sprintf("no file in field %q, or the file is empty", fileField)}
	}
	return up, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func tooLargeOr(err error, limit int64, msg string) *uploadError {
	if bodyError(err) == http.StatusRequestEntityTooLarge || errors.Is(err, multipart.ErrMessageTooLarge) {
		return &uploadError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the upload is larger than the %d KiB limit", limit>>10)}
	}
	return &uploadError{http.StatusBadRequest, msg}
}

// prepareFunc reads and checks an upload, once it holds a run slot, and
// returns the job's label and the analysis to run.
type prepareFunc func() (label string, compute func(ctx context.Context) ([]byte, error), uerr *uploadError)

// analyse admits an upload as a job and waits for a run slot before it
// reads a byte of the body: parsing a few MiB of CSV takes tens of MiB, so
// uploads beyond the queue are refused unread and those in the queue wait
// unread. Then prepare reads and checks the upload, compute runs under the
// time limit, and the page it returns is stored and redirected to.
func (s *Server) analyse(w http.ResponseWriter, r *http.Request, kind string, prepare prepareFunc) {
	j, ok := s.admit("analysis", kind+" upload")
	if !ok {
		w.Header().Set("Retry-After", "5")
		s.fail(w, r, http.StatusTooManyRequests, "too many runs and analyses are in progress; try again shortly")
		return
	}
	if !s.acquire(r.Context()) {
		s.withdraw(j)
		return
	}
	label, compute, uerr := prepare()
	if uerr != nil {
		s.release()
		s.withdraw(j) // bad input leaves no failed job behind
		s.fail(w, r, uerr.status, "%s", uerr.msg)
		return
	}
	s.relabel(j, label)
	ctx, cancel := contextWithTimeout(r, s.cfg.RunTimeout)
	page, err := compute(ctx)
	cancel()
	s.release()
	if err == nil {
		err = s.writeAnalysis(j, page)
	}
	s.finish(j, err)
	if err != nil {
		switch {
		case inputerr.Is(err):
			s.fail(w, r, http.StatusBadRequest, "%v", err)
		case errors.Is(err, context.DeadlineExceeded):
			s.fail(w, r, http.StatusUnprocessableEntity, "the analysis took longer than the %s limit of this app; run it with the bubblelab command instead", s.cfg.RunTimeout)
		default:
			s.fail(w, r, http.StatusInternalServerError, "%v", err)
		}
		return
	}
	http.Redirect(w, r, "/analyses/"+j.id, http.StatusSeeOther)
}

func contextWithTimeout(r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), d)
}

// badUpload is a 400 for an upload whose content is wrong.
func badUpload(err error) *uploadError {
	return &uploadError{http.StatusBadRequest, err.Error()}
}

// csvRecordsOver reports whether data holds more than limit CSV records
// after its header, counted in constant memory before the file is parsed
// (a 4 MiB deal file parses into tens of MiB). A file the CSV reader
// cannot read is left to the parser, whose message names the line.
func csvRecordsOver(data []byte, limit int) bool {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	for n := -1; ; n++ { // the header is not a record
		if _, err := cr.Read(); err != nil {
			return false
		}
		if n >= limit {
			return true
		}
	}
}

// handleUploadDeals analyses an uploaded deal file: circular financing
// (loops) and, when a failing firm is named, a default cascade (stress).
func (s *Server) handleUploadDeals(w http.ResponseWriter, r *http.Request) {
	s.analyse(w, r, "deals", func() (string, func(context.Context) ([]byte, error), *uploadError) {
		up, uerr := s.readUpload(w, r, "deals", "fail")
		if uerr != nil {
			return "", nil, uerr
		}
		if csvRecordsOver(up.data, maxUploadDeals) {
			return "", nil, &uploadError{http.StatusRequestEntityTooLarge, fmt.Sprintf("%s has more than %d deals; the app analyses at most %d (use bubblelab loops for more)", up.name, maxUploadDeals, maxUploadDeals)}
		}
		deals, err := dataset.ReadDeals(bytes.NewReader(up.data), up.name)
		if err != nil {
			return "", nil, badUpload(err)
		}
		if len(deals) == 0 {
			return "", nil, &uploadError{http.StatusBadRequest, up.name + " has no deals"}
		}
		firms := s.inputs.Firms
		fail := up.fields["fail"]
		var model *dealnet.Model
		var shock contagion.Shock
		if fail != "" {
			if model, err = dealnet.Build(deals, firms, nil, dealnet.DefaultOptions()); err != nil {
				return "", nil, badUpload(err)
			}
			if shock, err = model.Fail(fail); err != nil {
				return "", nil, badUpload(fmt.Errorf("field fail: %w", err))
			}
		}
		label := fmt.Sprintf("deals %s (%d deals)", up.name, len(deals))
		if fail != "" {
			label += ", " + clip(fail) + " fails"
		}
		return label, func(ctx context.Context) ([]byte, error) {
			return dealsPage(ctx, up.name, deals, firms, model, fail, shock)
		}, nil
	})
}

// dealsPage is the report on an uploaded deal file: its loops, and the
// cascade after shock when model is not nil.
func dealsPage(ctx context.Context, name string, deals []dataset.Deal, firms []dataset.Firm, model *dealnet.Model, fail string, shock contagion.Shock) ([]byte, error) {
	net, err := report.AnalyseDeals(ctx, name+" (uploaded)", deals, firms)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if model == nil {
		err = report.LoopsReport{Network: net, Links: reportLinks()}.Write(&buf)
		return buf.Bytes(), err
	}
	shocks := []contagion.Shock{shock}
	var results []*contagion.Result
	for _, run := range []func() (*contagion.Result, error){
		func() (*contagion.Result, error) { return contagion.EisenbergNoe{}.Clear(model.Network, shocks) },
		func() (*contagion.Result, error) {
			return contagion.RogersVeraart{Alpha: 0.5, Beta: 0.9}.Clear(model.Network, shocks)
		},
		func() (*contagion.Result, error) {
			return contagion.Furfine{LossGivenDefault: 1, StakeLossGivenDefault: 1}.Run(model.Network, shocks)
		},
		func() (*contagion.Result, error) { return contagion.DebtRank{}.Run(model.Network, shocks) },
		func() (*contagion.Result, error) { return contagion.LinearDebtRank{}.Run(model.Network, shocks) },
	} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, err := run()
		if err != nil {
			return nil, err
		}
		results = append(results, res)
	}
	err = report.WriteStress(&buf, &report.StressReport{Source: name + " (uploaded)", Shocks: []string{fail + " fails: all its outside assets written off"},
		Model: model, Results: results, Network: net, Links: reportLinks()})
	return buf.Bytes(), err
}

// handleUploadPrices tests an uploaded price file for bubbles: PSY, LPPLS
// or both, on the prices as uploaded or resampled weekly or monthly, from
// an optional start date. The byte limit bounds the file; the run's time
// limit bounds the work.
func (s *Server) handleUploadPrices(w http.ResponseWriter, r *http.Request) {
	s.analyse(w, r, "prices", func() (string, func(context.Context) ([]byte, error), *uploadError) {
		up, uerr := s.readUpload(w, r, "prices", "column", "freq", "log", "from", "method")
		if uerr != nil {
			return "", nil, uerr
		}
		opt, err := parseDetectForm(up.fields)
		if err != nil {
			return "", nil, badUpload(err)
		}
		ps, err := dataset.ReadPrices(bytes.NewReader(up.data), up.name, up.fields["column"])
		if err != nil {
			return "", nil, badUpload(err)
		}
		if ps, err = opt.apply(ps); err != nil {
			return "", nil, badUpload(fmt.Errorf("%s: %w", up.name, err))
		}
		n := ps.Len()
		if n < minDetectPrices {
			return "", nil, &uploadError{http.StatusBadRequest, fmt.Sprintf("%s has %d prices%s; the test needs at least %d", up.name, n, opt.describe(), minDetectPrices)}
		}
		tested := ps
		if opt.log {
			if tested, err = ps.Log(); err != nil {
				return "", nil, badUpload(fmt.Errorf("field log: %w", err))
			}
		}
		label := fmt.Sprintf("prices %s (%d observations%s, %s)", up.name, n, opt.describe(), opt.method)
		return label, func(ctx context.Context) ([]byte, error) {
			rep, err := detectUpload(ctx, up.name, ps, tested.Values, opt)
			if err != nil {
				return nil, err
			}
			rep.Links = reportLinks()
			var buf bytes.Buffer
			err = report.WriteDetect(&buf, rep)
			return buf.Bytes(), err
		}, nil
	})
}

// autoWeekly is the length from which the form's default frequency,
// auto, tests weekly instead of daily prices: PSY's cost grows with the
// square of the length (25 years of daily prices take minutes with its
// critical values, their weekly prices seconds).
const autoWeekly = 2500

// detectForm holds the choices of the price upload form.
type detectForm struct {
	freq   string // "", "auto", "weekly" or "monthly"
	log    bool
	from   time.Time
	method string // "psy", "lppls" or "both"
}

// parseDetectForm reads the form's fields; an error names the field. A
// form without the log field tests log prices, as the form's box is
// ticked by default.
func parseDetectForm(f map[string]string) (detectForm, error) {
	o := detectForm{log: true, method: "both", freq: "auto"}
	switch v := strings.ToLower(f["freq"]); v {
	case "", "auto":
	case "as-given", "daily":
		o.freq = ""
	case "weekly", "monthly":
		o.freq = v
	default:
		return o, fmt.Errorf("field freq: %q: want auto, as-given, weekly or monthly", clip(v))
	}
	switch v := strings.ToLower(f["log"]); v {
	case "":
	case "true", "on", "1", "yes":
		o.log = true
	case "false", "off", "0", "no":
		o.log = false
	default:
		return o, fmt.Errorf("field log: %q: want true or false", clip(v))
	}
	if v := f["from"]; v != "" {
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			if t, err = time.Parse("2006-01", v); err != nil {
				return o, fmt.Errorf("field from: %q: want YYYY-MM-DD or YYYY-MM", clip(v))
			}
		}
		o.from = t
	}
	switch v := strings.ToLower(f["method"]); v {
	case "":
	case "psy", "lppls", "both":
		o.method = v
	default:
		return o, fmt.Errorf("field method: %q: want psy, lppls or both", clip(v))
	}
	if !o.log && o.method != "psy" {
		return o, fmt.Errorf("field log: LPPLS models log prices; tick log prices or choose the PSY test alone")
	}
	return o, nil
}

// describe is the form's choices for labels and messages.
func (o detectForm) describe() string {
	s := ""
	if o.freq != "" && o.freq != "auto" {
		s += ", " + o.freq
	}
	if !o.from.IsZero() {
		s += " from " + o.from.Format("2006-01-02")
	}
	return s
}

// apply keeps the prices from the start date on and resamples them to
// the last price of each week or month. Under auto, a series of more than
// autoWeekly prices spaced less than a week apart is resampled weekly and
// o.freq says so.
func (o *detectForm) apply(ps dataset.PriceSeries) (dataset.PriceSeries, error) {
	if o.freq == "auto" {
		o.freq = ""
		kept := 0
		for _, d := range ps.Dates {
			if !d.Before(o.from) {
				kept++
			}
		}
		if kept > autoWeekly && ps.MedianGapDays() < 7 {
			o.freq = "weekly"
		}
	}
	out := ps
	out.Dates, out.Values, out.Lines = nil, nil, nil
	lines := len(ps.Lines) == len(ps.Dates) // line numbers for messages
	var key func(t time.Time) int
	switch o.freq {
	case "weekly":
		key = func(t time.Time) int { y, w := t.ISOWeek(); return y*100 + w }
	case "monthly":
		key = func(t time.Time) int { return t.Year()*100 + int(t.Month()) }
	}
	for i, d := range ps.Dates {
		if d.Before(o.from) {
			continue
		}
		if n := len(out.Dates); key != nil && n > 0 && key(out.Dates[n-1]) == key(d) {
			out.Dates[n-1], out.Values[n-1] = d, ps.Values[i]
			if lines {
				out.Lines[n-1] = ps.Lines[i]
			}
			continue
		}
		out.Dates = append(out.Dates, d)
		out.Values = append(out.Values, ps.Values[i])
		if lines {
			out.Lines = append(out.Lines, ps.Lines[i])
		}
	}
	if len(out.Dates) == 0 {
		return ps, fmt.Errorf("no prices from %s on (field from)", o.from.Format("2006-01-02"))
	}
	return out, nil
}

// LPPLS in the app: the indicator at up to lpplsEnds end dates over the
// last lpplsSpan prices, on at most lpplsWindows nested windows, so that
// a daily series of decades takes seconds (bubblelab detect fits every
// window and end date).
const (
	lpplsEnds    = 12
	lpplsSpan    = 60
	lpplsWindows = 16
)

// detectUpload runs the chosen tests on y (the log prices when o.log) and
// fills the report. PSY uses psy.Detect's defaults (PSY 2015: BSADF
// against 95% Monte Carlo critical values) with fewer replications than
// bubblelab detect uses.
func detectUpload(ctx context.Context, name string, ps dataset.PriceSeries, y []float64, o detectForm) (*report.DetectReport, error) {
	what := ps.Column
	if o.log {
		what = "log " + ps.Column
	}
	rep := &report.DetectReport{Title: "Bubble detection: " + name, Source: name + " (uploaded), column " + ps.Column,
		Series: report.DetectSeries{Name: ps.Column, T: ps.Dates, Y: ps.Values, LogY: o.log}}
	if o.method != "lppls" {
		opt, err := psy.Preset("psy")
		if err != nil {
			return nil, err
		}
		opt.Sim = psy.Sim{Reps: detectReps, Seed: 1}
		opt.Stamping.Times = ps.Dates
		det, err := psy.Detect(ctx, y, opt)
		if err != nil {
			return nil, err
		}
		rep.AddPSY(det, ps.Dates)
		rep.Notes = append(rep.Notes, fmt.Sprintf("PSY test on the %s of %s prices%s: minimum window %d observations, no lags, critical values from %d simulated random walks (seed 1).",
			what, numfmt.Count(int64(len(y))), o.describe(), det.Result.MinWindow, detectReps))
	}
	if o.method != "psy" {
		pts, fit, windows, err := lpplsUpload(ctx, ps, y)
		if err != nil {
			return nil, err
		}
		rep.AddLPPLS(ps.Dates, pts, fit)
		rep.Notes = append(rep.Notes, fmt.Sprintf("LPPLS indicator at %d end dates over the last %d prices, each on %s (5 searches a fit, seed 1); bubblelab detect --method lppls fits every window and end date.",
			len(pts), min(lpplsSpan, len(y)), windows))
	}
	if ps.Missing > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d rows with an empty value were skipped.", ps.Missing))
	}
	return rep, nil
}

// lpplsUpload fits LPPLS to log prices y: windows of 750 to 125 trading
// days in the series' own spacing, as bubblelab detect chooses them, but
// fewer of them and fewer end dates.
func lpplsUpload(ctx context.Context, ps dataset.PriceSeries, y []float64) ([]lppls.IndicatorPoint, lppls.Fit, string, error) {
	n := len(y)
	days := max(1, ps.MedianGapDays()*252/365.25)
	scaled := func(d int) int { return max(1, int(math.Round(float64(d)/days))) }
	maxW := min(scaled(lppls.DefaultMaxWindow), n-1)
	minW := min(max(scaled(lppls.DefaultMinWindow), lppls.MinObservations), max(lppls.MinObservations, maxW/6))
	if maxW < lppls.MinObservations || minW > maxW {
		return nil, lppls.Fit{}, "", inputerr.Errorf("LPPLS: %d prices are too few for windows of at least %d", n, lppls.MinObservations)
	}
	step := max(1, (maxW-minW+lpplsWindows-1)/lpplsWindows)
	t := make([]float64, n)
	for i, d := range ps.Dates {
		t[i] = report.LPPLSDay(d)
	}
	fitter := lppls.Fitter{Starts: lppls.DefaultIndicatorStarts, Src: rand.NewPCG(1, 0x6c70706c73)}
	fit, err := fitter.FitContext(ctx, t[n-maxW:], y[n-maxW:])
	if err != nil {
		return nil, lppls.Fit{}, "", fmt.Errorf("lppls fit: %w", err)
	}
	first := max(maxW-1, n-lpplsSpan)
	every := max(1, (n-first+lpplsEnds-1)/lpplsEnds)
	var ends []int
	for e := n - 1; e >= first && len(ends) < lpplsEnds; e -= every {
		ends = append(ends, e)
	}
	slices.Reverse(ends)
	opt := lppls.IndicatorOptions{Fitter: lppls.Fitter{Starts: lppls.DefaultIndicatorStarts}, MaxWindow: maxW, MinWindow: minW, WindowStep: step, Ends: ends, Seed: 1}
	pts, err := lppls.Indicator(ctx, t, y, opt, nil)
	if err != nil {
		return nil, lppls.Fit{}, "", fmt.Errorf("lppls indicator: %w", err)
	}
	return pts, fit, fmt.Sprintf("windows of %d down to %d prices in steps of %d", maxW, minW, step), nil
}
