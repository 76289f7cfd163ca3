package web

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates are parsed once and read-only after that.
var pageTemplates = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

// pageData is everything a page template may show.
type pageData struct {
	Title   string
	Status  int
	Error   string
	Message string

	// Home.
	Scenarios []scenarioView
	Runs      []jobView
	Analyses  []jobView
	Done      []jobView

	// Scenario form.
	Base       string
	Seed       string
	Groups     []formGroup
	ErrorField string // id of the field at fault
	BaseDesc   string

	// Run progress.
	Job      jobView
	DoneN    int64
	TotalN   int64
	Files    []string
	Refresh  bool
	CompareA string

	// UploadLimit is the upload byte limit in words, set by page.
	UploadLimit string
}

type scenarioView struct {
	Name, Description string
}

// page renders a page template with the app's layout.
func (s *Server) page(w http.ResponseWriter, status int, name string, d pageData) {
	d.UploadLimit = byteSize(s.cfg.MaxUploadBytes)
	var buf bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&buf, name+".html", d); err != nil {
		s.logger.Printf("render %s: %v", name, err)
		http.Error(w, "500 Internal Server Error: the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// appNav is the navigation inserted at the top of stored reports.
const appNav = `<nav class="links" aria-label="Application"><a href="/">bubblelab home</a> · <a href="/scenario">New run</a> · <a href="/claims">Claims and evidence</a></nav>
`

// runNav adds a run's own links to the navigation.
func runNav(id string) string {
	return `<nav class="links" aria-label="Application"><a href="/">bubblelab home</a> · <a href="/scenario?from=` + id + `">Edit and run again</a> · <a href="/compare?a=` + id +
		`">Compare with another run</a> · <a href="/runs/` + id + `/files">Download results</a> · <a href="/claims">Claims and evidence</a></nav>
`
}

// byteSize writes a byte count in KiB or MiB.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n>>10, 10) + " KiB"
}
