package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/report/numfmt"
)

// Lang is the language a page is written in.
type Lang string

// The languages of the reports.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// ParseLang reads a --lang value: "en" or "zh" (the empty string is
// English).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "en", "english":
		return English, nil
	case "zh", "zh-cn", "zh-hans", "chinese", "中文":
		return Chinese, nil
	}
	return "", fmt.Errorf("language %q: want en or zh", s)
}

// HTMLLang is the value of a page's lang attribute.
func (l Lang) HTMLLang() string {
	if l == Chinese {
		return "zh-Hans"
	}
	return "en"
}

// tr translates the text of one page. English is the source language:
// every string is written in English in the code and looked up in the
// catalogue of the page's language; a string without a translation is
// shown in English, and TestChineseCoverage lists any that matter.
type tr struct {
	lang Lang
}

func (l tr) zh() bool { return l.lang == Chinese }

// T translates a fixed string.
func (l tr) T(en string) string {
	if l.zh() {
		if s, ok := zhCatalog[en]; ok {
			return s
		}
	}
	return en
}

// F translates a format string, then fills it in; translations reorder
// arguments with explicit indexes (%[2]s).
func (l tr) F(format string, args ...any) string {
	return fmt.Sprintf(l.T(format), args...)
}

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Month writes a YYYY-MM month (or the month of a YYYY-MM-DD day) in
// words: "December 2027", "2027年12月". Anything else is returned as it is.
func (l tr) Month(s string) string {
	t, ok := dayTime(s)
	if !ok {
		return s
	}
	return l.monthOf(t)
}

func (l tr) monthOf(t time.Time) string {
	if l.zh() {
		return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
	}
	return monthNames[t.Month()-1] + " " + fmt.Sprint(t.Year())
}

// Day writes a YYYY-MM-DD day in words: "2 August 2027", "2027年8月2日".
func (l tr) Day(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return l.Month(s)
	}
	if l.zh() {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthNames[t.Month()-1], t.Year())
}

// plural writes a count with its noun: "1 event", "2 events"; in Chinese
// the noun does not change.
func plural(l tr, n int64, one, many string) string {
	if l.zh() {
		return numfmt.Count(n) + " " + l.T(many)
	}
	return numfmt.Plural(n, one, many)
}

var shortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// ShortMonth writes a month briefly: "Dec 2027", "2027年12月".
func (l tr) ShortMonth(s string) string {
	t, ok := dayTime(s)
	if !ok {
		return s
	}
	if l.zh() {
		return l.monthOf(t)
	}
	return shortMonths[t.Month()-1] + " " + fmt.Sprint(t.Year())
}
