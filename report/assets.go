package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"strings"
)

// The interactive charts: uPlot (vendored, MIT, see assets/uplot) and
// bubblelab's own script that draws each figure's data with it. Both are
// inlined into the pages that have charts, so a report stays one offline
// file.
var (
	//go:embed assets/uplot/uPlot.iife.min.js
	uplotJS string
	//go:embed assets/uplot/uPlot.min.css
	uplotCSS string
	//go:embed assets/bubblelab.js
	chartsJS string
)

// pageCSS is the pages' style sheet: the template "css" and uPlot's.
var pageCSS = func() string {
	var b strings.Builder
	if err := pageTemplate.ExecuteTemplate(&b, "css", nil); err != nil {
		panic("report: style sheet: " + err.Error())
	}
	return strings.TrimSpace(b.String()) + "\n" + uplotCSS
}()

// hashSource is a CSP source expression for an inline element's exact
// text.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// ScriptSources is the script-src list that allows the reports' inline
// scripts and nothing else: the hashes of uPlot and of the chart script.
// The web app sends it in its Content-Security-Policy header.
func ScriptSources() string {
	return hashSource(uplotJS) + " " + hashSource(chartsJS)
}

// StyleSources is the style-src list for the reports' one style sheet.
func StyleSources() string { return hashSource(pageCSS) }

// contentPolicy is the Content-Security-Policy a report carries in a meta
// element: nothing from the network, only its own style sheet and
// scripts; data: for images and links, blob: for the charts' downloads.
func contentPolicy() string {
	return "default-src 'none'; script-src " + ScriptSources() + "; style-src " + StyleSources() +
		"; img-src data: blob:; base-uri 'none'; form-action 'self'"
}

// pageAssets are the inline texts of a page, inserted verbatim.
type pageAssets struct {
	CSP      string
	CSS      template.CSS
	UPlot    template.JS
	ChartsJS template.JS
}

func assetsFor(charts bool) pageAssets {
	a := pageAssets{CSP: contentPolicy(), CSS: template.CSS(pageCSS)}
	if charts {
		a.UPlot, a.ChartsJS = template.JS(uplotJS), template.JS(chartsJS)
	}
	return a
}
