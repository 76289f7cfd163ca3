package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/report/numfmt"
	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

func (s *Server) scenarioViews() []scenarioView { return s.scenarios }

// prepareForms lists the built-in scenarios and renders the blank form of
// each once.
func (s *Server) prepareForms() error {
	s.forms = map[string][]byte{}
	for _, n := range scenario.Names() {
		p, err := scenario.Builtin(n)
		if err != nil {
			return fmt.Errorf("web: scenario %s: %w", n, err)
		}
		s.scenarios = append(s.scenarios, scenarioView{Name: n, Description: p.Description})
	}
	for _, n := range scenario.Names() {
		p, _ := scenario.Builtin(n)
		var buf bytes.Buffer
		d := pageData{Title: "Scenario: " + p.Name, Base: n, Seed: "1", Scenarios: s.scenarios, BaseDesc: p.Description, Groups: s.scenarioForm(p, nil, nil)}
		if err := pageTemplates.ExecuteTemplate(&buf, "scenario.html", d); err != nil {
			return fmt.Errorf("web: form of %s: %w", n, err)
		}
		s.forms[n] = buf.Bytes()
	}
	return nil
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.page(w, http.StatusOK, "home", pageData{Title: "bubblelab", Scenarios: s.scenarioViews(),
		Runs: s.jobList("run"), Analyses: s.jobList("analysis"), Done: s.jobList("run", stateDone)})
}

// handleScenario shows the form, starting from a built-in scenario (?base=)
// or from the parameters of an earlier run (?from=ID).
func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	base := q.Get("base")
	if base == "" {
		base = "baseline"
	}
	from := q.Get("from")
	if from == "" {
		form, ok := s.forms[base]
		if !ok {
			s.fail(w, r, http.StatusNotFound, "unknown scenario %q (known: %s)", clip(base), strings.Join(scenario.Names(), ", "))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(form)
		return
	}
	j, state, ok := s.lookup(from, "run")
	if !ok || state != stateDone {
		s.fail(w, r, http.StatusNotFound, "no finished run %q", clip(from))
		return
	}
	res, err := s.loadRun(j)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "read run: %v", err)
		return
	}
	// A run of a renamed scenario is edited on top of the base in the URL.
	if slices.Contains(scenario.Names(), res.Params.Name) {
		base = res.Params.Name
	}
	s.page(w, http.StatusOK, "scenario", pageData{Title: "Scenario: " + res.Params.Name, Base: base, Seed: strconv.FormatUint(res.Seed, 10),
		Scenarios: s.scenarios, BaseDesc: res.Params.Description, Groups: s.scenarioForm(res.Params, nil, nil)})
}

// validation is the JSON answer of POST /validate.
type validation struct {
	Valid    bool   `json:"valid"`
	Field    string `json:"field,omitempty"`
	Error    string `json:"error,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	Months   int    `json:"months,omitempty"`
}

// handleValidate checks a scenario form without running it.
func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	sub, ferr := s.parseScenarioForm(w, r)
	v := validation{Valid: ferr == nil}
	status := http.StatusOK
	if ferr != nil {
		v.Field, v.Error, status = ferr.field, ferr.msg, ferr.status
	} else {
		v.Scenario, v.Months = sub.params.Name, sub.params.Months
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// handleStartRun validates the form and queues the run.
func (s *Server) handleStartRun(w http.ResponseWriter, r *http.Request) {
	sub, ferr := s.parseScenarioForm(w, r)
	if ferr != nil {
		if ferr.values == nil || ferr.status >= 500 {
			s.fail(w, r, ferr.status, "%s", ferr.Error())
			return
		}
		base, err := scenario.Builtin(ferr.base)
		if err != nil {
			base = sim.BaselineParams()
		}
		d := pageData{Title: "Scenario: " + base.Name, Base: ferr.base, Seed: r.PostForm.Get(fieldSeed), Scenarios: s.scenarioViews(),
			BaseDesc: base.Description, Error: ferr.Error(), Status: ferr.status}
		if d.Base == "" {
			d.Base = "baseline"
		}
		d.Groups = s.scenarioForm(base, ferr.values, ferr.perr)
		if ferr.perr != nil {
			d.ErrorField = "f-" + cmpID(ferr.perr.Path)
		} else if ferr.field == "seed" {
			d.ErrorField = "f-seed"
		}
		s.page(w, ferr.status, "scenario", d)
		return
	}
	yamlText, err := scenario.Marshal(sub.params)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "%v", err)
		return
	}
	label := fmt.Sprintf("%s, seed %d, %d months from %s", sub.params.Name, sub.seed, sub.params.Months, sub.params.Start)
	if changed := changedParams(sub); changed > 0 {
		label += " (" + numfmt.Plural(int64(changed), "parameter", "parameters") + " changed)"
	}
	j, ok := s.admit("run", label)
	if !ok {
		w.Header().Set("Retry-After", "5")
		s.fail(w, r, http.StatusTooManyRequests, "%d runs are already running or waiting; try again when one has finished", s.cfg.MaxConcurrentRuns+s.cfg.MaxQueuedRuns)
		return
	}
	s.startRun(j, sub.params, sub.seed, yamlText)
	http.Redirect(w, r, "/runs/"+j.id, http.StatusSeeOther)
}

// changedParams counts parameters that differ from the base scenario.
func changedParams(sub *submission) int {
	base, err := scenario.Builtin(sub.base)
	if err != nil {
		return 0
	}
	was := map[string]string{}
	for _, f := range params.Fields(base) {
		was[f.Path] = f.Value
	}
	n := 0
	for _, f := range params.Fields(sub.params) {
		if v, ok := was[f.Path]; !ok || v != f.Value {
			n++
		}
	}
	return n
}

// handleRun shows a run's progress, or its report once it is done.
func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	j, state, ok := s.lookup(r.PathValue("id"), "run")
	if !ok {
		s.fail(w, r, http.StatusNotFound, "no such run")
		return
	}
	if state == stateDone {
		http.Redirect(w, r, "/runs/"+j.id+"/report", http.StatusSeeOther)
		return
	}
	s.mu.Lock()
	view := jobView{ID: j.id, Label: j.label, State: j.state, Error: j.err}
	s.mu.Unlock()
	s.page(w, http.StatusOK, "progress", pageData{Title: "Run: " + j.label, Job: view, DoneN: j.done.Load(), TotalN: j.total.Load(),
		Refresh: state == stateQueued || state == stateRunning})
}

// runStatus is the JSON answer of GET /runs/{id}/status.
type runStatus struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Done   int64  `json:"months_done"`
	Total  int64  `json:"months_total"`
	Error  string `json:"error,omitempty"`
	Report string `json:"report,omitempty"`
}

func (s *Server) handleRunStatus(w http.ResponseWriter, r *http.Request) {
	j, _, ok := s.lookup(r.PathValue("id"), "run")
	if !ok {
		s.fail(w, r, http.StatusNotFound, "no such run")
		return
	}
	s.mu.Lock()
	st := runStatus{ID: j.id, State: j.state, Done: j.done.Load(), Total: j.total.Load(), Error: j.err}
	s.mu.Unlock()
	if st.State == stateDone {
		st.Report = "/runs/" + j.id + "/report"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(st)
}

// doneRun returns a finished run named in the path, or answers 404.
func (s *Server) doneRun(w http.ResponseWriter, r *http.Request) (*job, bool) {
	j, state, ok := s.lookup(r.PathValue("id"), "run")
	if !ok {
		s.fail(w, r, http.StatusNotFound, "no such run")
		return nil, false
	}
	if state != stateDone {
		s.fail(w, r, http.StatusNotFound, "run %s has no results (it is %s)", j.id, state)
		return nil, false
	}
	return j, true
}

func (s *Server) handleRunReport(w http.ResponseWriter, r *http.Request) {
	j, ok := s.doneRun(w, r)
	if !ok {
		return
	}
	page, err := s.readReport(j)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "the report of run %s is gone", j.id)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(withNav(page, runNav(j.id)))
}

// runFiles lists the plain files of a run's folder by name.
func (s *Server) runFiles(j *job) ([]string, error) {
	f, err := s.root.Open(s.dir(j))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && fileName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// fileName is the shape of the names the app writes.
var fileName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

func (s *Server) handleRunFiles(w http.ResponseWriter, r *http.Request) {
	j, ok := s.doneRun(w, r)
	if !ok {
		return
	}
	names, err := s.runFiles(j)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "the files of run %s are gone", j.id)
		return
	}
	s.page(w, http.StatusOK, "files", pageData{Title: "Results of " + j.label, Job: jobView{ID: j.id, Label: j.label}, Files: names})
}

// handleRunFile serves one file of a run, by a name from the run's own
// list: anything else (a path, "..", an unknown name) is 404.
func (s *Server) handleRunFile(w http.ResponseWriter, r *http.Request) {
	j, ok := s.doneRun(w, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	names, err := s.runFiles(j)
	if err != nil || !fileName.MatchString(name) || !slices.Contains(names, name) {
		s.fail(w, r, http.StatusNotFound, "run %s has no file %q", j.id, clip(name))
		return
	}
	f, err := s.root.Open(path.Join(s.dir(j), name))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "run %s has no file %q", j.id, name)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		s.fail(w, r, http.StatusNotFound, "run %s has no file %q", j.id, name)
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	if name != reportFile {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	http.ServeContent(w, r, name, time.Time{}, f)
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".json":
		return "application/json"
	case ".jsonl":
		return "application/jsonl"
	case ".yaml":
		return "application/yaml"
	}
	return "application/octet-stream"
}

// handleRunZip streams the run's files as one zip, in name order with no
// timestamps, so the same run gives the same archive.
func (s *Server) handleRunZip(w http.ResponseWriter, r *http.Request) {
	j, ok := s.doneRun(w, r)
	if !ok {
		return
	}
	names, err := s.runFiles(j)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "the files of run %s are gone", j.id)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		if err := s.addToZip(zw, path.Join(s.dir(j), n), "bubblelab-"+j.id+"/"+n); err != nil {
			s.fail(w, r, http.StatusInternalServerError, "zip %s: %v", n, err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		s.fail(w, r, http.StatusInternalServerError, "zip: %v", err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="bubblelab-`+j.id+`.zip"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

func (s *Server) addToZip(zw *zip.Writer, src, name string) error {
	f, err := s.root.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = io.Copy(out, f)
	return err
}

// handleCompare shows two finished runs side by side (?a=ID&b=ID), or a
// form to choose them.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a, b := q.Get("a"), q.Get("b")
	if a == "" || b == "" {
		s.page(w, http.StatusOK, "compare", pageData{Title: "Compare two runs", Done: s.jobList("run", stateDone), CompareA: a})
		return
	}
	var runs [2]*sim.Result
	var labels [2]string
	for i, id := range []string{a, b} {
		j, state, ok := s.lookup(id, "run")
		if !ok || state != stateDone {
			s.fail(w, r, http.StatusNotFound, "no finished run %q", clip(id))
			return
		}
		res, err := s.loadRun(j)
		if err != nil {
			s.fail(w, r, http.StatusInternalServerError, "read run %s: %v", j.id, err)
			return
		}
		runs[i], labels[i] = res, j.label
	}
	if labels[0] == labels[1] {
		labels[0], labels[1] = "", ""
	}
	var buf bytes.Buffer
	c := report.Comparison{A: runs[0], B: runs[1], LabelA: labels[0], LabelB: labels[1],
		Links: reportLinks(report.Link{Text: "Report of the first run", Href: "/runs/" + a + "/report"}, report.Link{Text: "Report of the second run", Href: "/runs/" + b + "/report"})}
	if err := c.Write(&buf); err != nil {
		s.fail(w, r, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// handleClaims computes the claims page once (six model runs) and keeps it.
func (s *Server) handleClaims(w http.ResponseWriter, r *http.Request) {
	s.claimsMu.Lock()
	defer s.claimsMu.Unlock()
	if s.claimsHTML == nil {
		if !s.acquire(r.Context()) {
			s.fail(w, r, http.StatusServiceUnavailable, "the request ended before the claims could be computed")
			return
		}
		ctx, cancel := contextWithTimeout(r, s.cfg.RunTimeout)
		rep, err := report.Claims(ctx, report.ClaimsInput{Seed: s.cfg.ClaimsSeed, Inputs: &s.inputs})
		cancel()
		s.release()
		if err != nil {
			s.fail(w, r, http.StatusInternalServerError, "claims: %v", err)
			return
		}
		rep.Links = reportLinks()
		var buf bytes.Buffer
		if err := report.WriteClaims(&buf, rep); err != nil {
			s.fail(w, r, http.StatusInternalServerError, "claims: %v", err)
			return
		}
		s.claimsHTML = buf.Bytes()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(s.claimsHTML)
}

func (s *Server) handleAnalysis(w http.ResponseWriter, r *http.Request) {
	j, state, ok := s.lookup(r.PathValue("id"), "analysis")
	if !ok || state != stateDone {
		s.fail(w, r, http.StatusNotFound, "no such analysis")
		return
	}
	page, err := s.readReport(j)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "the analysis %s is gone", j.id)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}
