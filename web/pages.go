package web

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
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
}

type scenarioView struct {
	Name, Description string
}

// page renders a page template with the app's layout.
func (s *Server) page(w http.ResponseWriter, status int, name string, d pageData) {
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
