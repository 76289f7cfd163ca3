package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Source is a data file named on a command line, opened.
type Source struct {
	io.ReadCloser
	Name  string     // what messages call it: the path, or data:PATH for a shipped file
	Entry data.Entry // the catalogue entry of a shipped file; zero for a file on disk
}

// Open opens the data file arg of the given kind. arg is a path on disk, a
// shipped file as data:PATH ("data:prices/stocks/NVDA.csv"), or the short
// name of a shipped file ("nvda", "deals"; `bubblelab data list` shows them)
// when no file of that name exists. what names the file in messages ("deals",
// "prices"). A missing file is bad input whose message says where the shipped
// copy is, if there is one.
func Open(arg string, kind data.Kind, what string) (Source, error) {
	if strings.HasPrefix(arg, data.Prefix) {
		return openShipped(arg, kind, what)
	}
	f, err := os.Open(arg)
	if err == nil {
		if st, serr := f.Stat(); serr == nil && st.IsDir() {
			f.Close()
			return Source{}, inputerr.Errorf("load %s %s: is a directory, not a file", what, arg)
		}
		return Source{ReadCloser: f, Name: arg}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return Source{}, inputerr.Errorf("load %s: %w", what, err)
	}
	if !strings.ContainsAny(arg, `/\`) {
		if e, ok := data.Lookup(arg); ok && e.Name == strings.ToLower(arg) {
			return openShipped(data.Prefix+e.Path, kind, what)
		}
	}
	hint := fmt.Sprintf("`bubblelab data list` shows the shipped %s", what)
	if e, ok := data.Lookup(strings.TrimPrefix(strings.TrimPrefix(arg, "./"), "data/")); ok {
		hint = fmt.Sprintf("the shipped copy is %s%s (or %s)", data.Prefix, e.Path, e.Name)
	} else if near := nearestName(arg); near != "" {
		hint = fmt.Sprintf("did you mean the shipped %s?", near)
	}
	return Source{}, inputerr.Errorf("load %s %s: no such file; %s", what, arg, hint)
}

func openShipped(arg string, kind data.Kind, what string) (Source, error) {
	e, ok := data.Lookup(arg)
	if !ok {
		hint := "`bubblelab data list` shows the shipped files"
		if near := nearestName(strings.TrimPrefix(arg, data.Prefix)); near != "" {
			hint = fmt.Sprintf("did you mean %s? %s", near, hint)
		}
		return Source{}, inputerr.Errorf("load %s %s: no such shipped file; %s", what, arg, hint)
	}
	if e.Kind != kind {
		return Source{}, inputerr.Errorf("load %s %s: the shipped %s is a %s table, not %s", what, arg, e.Name, e.Kind, kind)
	}
	b, err := data.Files.ReadFile(e.Path)
	if err != nil {
		return Source{}, fmt.Errorf("embedded data %s: %w", e.Path, err)
	}
	return Source{ReadCloser: io.NopCloser(bytes.NewReader(b)), Name: data.Prefix + e.Path, Entry: e}, nil
}

// nearestName is the shipped name or path closest to s, if it is close.
func nearestName(s string) string {
	s = strings.ToLower(strings.TrimSuffix(s, ".csv"))
	best, bestD := "", 3
	for _, e := range data.Catalogue() {
		for _, cand := range []string{e.Name, strings.ToLower(strings.TrimSuffix(e.Path, ".csv"))} {
			if d := EditDistance(s, cand); d < bestD {
				best, bestD = e.Name, d
			}
		}
	}
	return best
}
