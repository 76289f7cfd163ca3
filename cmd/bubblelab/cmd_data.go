package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/results"
)

func newDataCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data",
		Short: "List, print and export the data shipped inside the binary",
		Long: `The deal, firm and macro tables and the price series bubblelab ships are
embedded in the binary, so every command runs from any directory. Commands that
read a data file take a path on disk, a shipped file as data:PATH
(data:prices/stocks/NVDA.csv) or, when no file of that name exists, a shipped
file's short name (nvda, sp500-pd, deals). Their sources and licences are in
data/SOURCES.md, which "data export" writes beside the files.`,
		Example: `  bubblelab data list
  bubblelab detect nvda --log --freq monthly --from 2015-01
  bubblelab loops data:ai_deals_unverified.csv
  bubblelab data show sp500-pd | head
  bubblelab data export nvda deals --out mydata`,
	}
	cmd.AddCommand(newDataListCmd(), newDataShowCmd(), newDataExportCmd())
	return cmd
}

// dataListRow is one line of "data list" (and its JSON form).
type dataListRow struct {
	Name      string `json:"name"`
	Path      string `json:"path"`
	Kind      string `json:"kind"`
	Rows      int    `json:"rows"`
	From      string `json:"from,omitempty"`
	To        string `json:"to,omitempty"`
	Frequency string `json:"frequency,omitempty"`
	Column    string `json:"column,omitempty"`
	About     string `json:"about"`
}

func newDataListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the shipped data files: name, path, rows, dates, what they are",
		Args:  rangeArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			rows, err := dataList()
			if err != nil {
				return err
			}
			if asJSON {
				return results.EncodeJSON(cmd.OutOrStdout(), rows)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tKIND\tROWS\tFROM\tTO\tFREQUENCY\tPATH (data:PATH)\tWHAT")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.Name, r.Kind, r.Rows, dash(r.From), dash(r.To), dash(r.Frequency), r.Path, r.About)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dataList describes every shipped file; price series with their dates and
// observation frequency, read from the files themselves.
func dataList() ([]dataListRow, error) {
	var rows []dataListRow
	for _, e := range data.Catalogue() {
		r := dataListRow{Name: e.Name, Path: e.Path, Kind: string(e.Kind), Column: e.Column, About: e.About}
		if e.Kind == data.Prices {
			ps, err := dataset.LoadPrices(e.Name, "")
			if err != nil {
				return nil, err
			}
			r.Rows = ps.Len()
			r.From, r.To = ps.Dates[0].Format("2006-01-02"), ps.Dates[ps.Len()-1].Format("2006-01-02")
			r.Frequency = frequencyOf(ps)
		} else {
			b, err := data.Files.ReadFile(e.Path)
			if err != nil {
				return nil, fmt.Errorf("embedded data %s: %w", e.Path, err)
			}
			recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				return nil, fmt.Errorf("embedded data %s: %w", e.Path, err)
			}
			r.Rows = len(recs) - 1
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// frequencyOf names the spacing of a series by its median gap.
func frequencyOf(ps dataset.PriceSeries) string {
	switch g := ps.MedianGapDays(); {
	case g == 0:
		return ""
	case g <= 4:
		return "daily"
	case g <= 10:
		return "weekly"
	case g <= 45:
		return "monthly"
	default:
		return fmt.Sprintf("every %.0f days", g)
	}
}

func newDataShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Print a shipped file (by name or path) to standard output",
		Example: `  bubblelab data show nvda | tail -3
  bubblelab data show data:ai_deals.csv > deals.csv`,
		Args: rangeArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := shippedEntry(args[0])
			if err != nil {
				return err
			}
			b, err := data.Files.ReadFile(e.Path)
			if err != nil {
				return fmt.Errorf("embedded data %s: %w", e.Path, err)
			}
			_, err = cmd.OutOrStdout().Write(b)
			return err
		},
	}
}

func newDataExportCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export [NAME...]",
		Short: "Write shipped files (all of them without names) and SOURCES.md to a directory",
		Long: `Write shipped files under --out at their paths in data/ (prices/stocks/NVDA.csv),
together with SOURCES.md, their sources and licences. Without names every file
is written. Files are written together: all of them or, on an error, none.`,
		Example: `  bubblelab data export --out mydata
  bubblelab data export deals firms --out mydata`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			entries := data.Catalogue()
			if len(args) > 0 {
				entries = nil
				for _, a := range args {
					e, err := shippedEntry(a)
					if err != nil {
						return err
					}
					entries = append(entries, e)
				}
			}
			set := results.NewFileSet(out)
			for _, p := range append([]string{"SOURCES.md"}, pathsOf(entries)...) {
				b, err := data.Files.ReadFile(p)
				if err != nil {
					return fmt.Errorf("embedded data %s: %w", p, err)
				}
				set.Add(p, func(w io.Writer) error { _, err := w.Write(b); return err })
			}
			if err := set.Commit(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote %d files and SOURCES.md to %s\n", len(entries), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "data", "directory to write to")
	return cmd
}

func pathsOf(entries []data.Entry) []string {
	var ps []string
	for _, e := range entries {
		ps = append(ps, e.Path)
	}
	return ps
}

// shippedEntry finds a shipped file by name or path, with a message listing
// the names when there is none.
func shippedEntry(arg string) (data.Entry, error) {
	if e, ok := data.Lookup(arg); ok {
		return e, nil
	}
	return data.Entry{}, inputerr.Errorf("no shipped data file %q; the names are %s (`bubblelab data list` describes them)", arg, strings.Join(data.Names(), ", "))
}
