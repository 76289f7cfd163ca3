package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/psy"
	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/report"
)

// Limits on uploads, beyond the byte limit.
const (
	maxUploadDeals = 5000 // deals in one file
	// maxDetectPrices bounds a price series: the PSY test and its critical
	// values cost O(T²) per replication.
	maxDetectPrices = 2000
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

// handleUploadPrices runs the PSY bubble test on an uploaded price file.
func (s *Server) handleUploadPrices(w http.ResponseWriter, r *http.Request) {
	s.analyse(w, r, "prices", func() (string, func(context.Context) ([]byte, error), *uploadError) {
		up, uerr := s.readUpload(w, r, "prices", "column")
		if uerr != nil {
			return "", nil, uerr
		}
		ps, err := dataset.ReadPrices(bytes.NewReader(up.data), up.name, up.fields["column"])
		if err != nil {
			return "", nil, badUpload(err)
		}
		n := ps.Len()
		if n < minDetectPrices {
			return "", nil, &uploadError{http.StatusBadRequest, fmt.Sprintf("%s has %d prices; the test needs at least %d", up.name, n, minDetectPrices)}
		}
		if n > maxDetectPrices {
			return "", nil, &uploadError{http.StatusRequestEntityTooLarge, fmt.Sprintf("%s has %d prices; the app tests at most %d (use weekly or monthly prices, or bubblelab detect)", up.name, n, maxDetectPrices)}
		}
		logp, err := ps.Log()
		if err != nil {
			return "", nil, badUpload(err)
		}
		label := fmt.Sprintf("prices %s (%d observations)", up.name, n)
		return label, func(ctx context.Context) ([]byte, error) {
			rep, err := detectPSY(ctx, up.name, ps, logp.Values)
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

// detectPSY date-stamps bubbles in log prices with psy.Detect's defaults
// (PSY 2015: BSADF against 95% Monte Carlo critical values), with fewer
// replications than bubblelab detect uses.
func detectPSY(ctx context.Context, name string, ps dataset.PriceSeries, logp []float64) (*report.DetectReport, error) {
	opt, err := psy.Preset("psy")
	if err != nil {
		return nil, err
	}
	opt.Sim = psy.Sim{Reps: detectReps, Seed: 1}
	opt.Stamping.Times = ps.Dates
	det, err := psy.Detect(ctx, logp, opt)
	if err != nil {
		return nil, err
	}
	rep := &report.DetectReport{Source: name + " (uploaded), column " + ps.Column,
		Series: report.DetectSeries{Name: ps.Column, T: ps.Dates, Y: ps.Values, LogY: true}}
	rep.AddPSY(det, ps.Dates)
	rep.Notes = []string{fmt.Sprintf("PSY test on the natural log of %d prices: minimum window %d observations, no lags, critical values from %d simulated random walks (seed 1). The LPPLS indicator is not run in the app because it takes minutes; use bubblelab detect.", len(logp), det.Result.MinWindow, detectReps)}
	if ps.Missing > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d rows with an empty value were skipped.", ps.Missing))
	}
	return rep, nil
}
