package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/bubbletest/monitor"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/results"
)

// defaultWatchList is the shipped AI stocks, ETFs and indices.
var defaultWatchList = []string{"nvda", "msft", "googl", "amzn", "meta", "amd", "avgo", "tsm", "orcl", "pltr", "smci", "crwv",
	"intc", "csco", "qqq", "spy", "nasdaq", "sp500"}

// monitorStateFile is the state's name in the output directory.
const monitorStateFile = "monitor.state"

type monitorOptions struct {
	out     string
	to      string
	column  string
	quiet   bool
	timeout time.Duration
	cfg     monitor.Config
	noLog   bool
}

// monitorConfigFlags are the flags that set monitor.Config: they are fixed
// when the state is created, and a later call may not change them.
var monitorConfigFlags = []string{"from", "min-window", "lag", "horizon", "reps", "seed", "no-log",
	"lppls-every", "lppls-latest", "lppls-max-window", "lppls-min-window", "lppls-step", "lppls-starts", "lppls-alert"}

func newMonitorCmd() *cobra.Command {
	o := monitorOptions{cfg: monitor.DefaultConfig()}
	cmd := &cobra.Command{
		Use:   "monitor [SERIES...] --out DIR",
		Short: "Monitor price series for bubbles date by date (PSY real-time BSADF and LPPLS)",
		Long: `Monitor a watch list of price series for bubbles in real time (Phillips and Shi 2020).

Each series keeps a state in DIR/` + monitorStateFile + `: the running regression sums of every
window start, so each new date costs one BSADF update in O(T), not the O(T^2) of a
full recomputation, with identical results. A date is a "bubble" when its BSADF
exceeds the 95% family-wise threshold (the GSADF quantile of Monte Carlo samples of
min-window+lag+horizon prices, fixed when the state is created), a "warning" above
the 90% threshold or when the LPPLS confidence indicator reaches --lppls-alert.

The first call creates the state and monitors every date from --from on; a later call
with the same DIR appends only the dates the data have gained. The settings are
stored in the state: a later call may not change them.

SERIES are shipped series by name (default: the AI stocks, ETFs and indices:
` + strings.Join(defaultWatchList, " ") + `)
or CSV files as detect reads them.

DIR gets ` + monitorStateFile + `, status.csv (each series' latest date, the most severe first),
status-DATE.csv (the same, named by the latest date), history.csv (every monitored
date of every series) and report.html (the dashboard), all written together.`,
		Example: `  bubblelab monitor --out out/monitor
  bubblelab monitor nvda smci --out out/ai --to 2024-06-28 && bubblelab monitor nvda smci --out out/ai
  bubblelab monitor --out out/history --lppls-every 21 --lppls-step 125   # LPPLS over the history too`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = defaultWatchList
			}
			return withTimeout(cmd.Context(), o.timeout, func(ctx context.Context) error {
				return runMonitor(ctx, cmd, args, o)
			})
		},
	}
	f := cmd.Flags()
	c := &o.cfg
	f.StringVar(&o.out, "out", "", "directory of the state and the outputs (required)")
	f.StringVar(&o.to, "to", "", "take in prices up to this date only (YYYY-MM-DD), as if the data ended there")
	f.StringVar(&o.column, "column", "", "value column of CSV files (default: close, value, adj close or price)")
	f.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	f.StringVar(&c.From, "from", c.From, "first monitored date; earlier prices are the training sample")
	f.BoolVar(&o.noLog, "no-log", false, "test the prices themselves, not their logs")
	f.IntVar(&c.MinWindow, "min-window", c.MinWindow, "smallest regression window in observations, fixed for the whole history")
	f.IntVar(&c.Lag, "lag", c.Lag, "lagged differences in the ADF regressions")
	f.IntVar(&c.Horizon, "horizon", c.Horizon, "dates over which the threshold controls the family-wise size (Phillips and Shi 2020)")
	f.IntVar(&c.Reps, "reps", c.Reps, "Monte Carlo replications of the threshold")
	f.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the Monte Carlo and of the LPPLS starts")
	f.IntVar(&c.LPPLSEvery, "lppls-every", c.LPPLSEvery, "LPPLS confidence indicator at every n-th monitored date (0: none by cadence)")
	f.BoolVar(&c.LPPLSLatest, "lppls-latest", c.LPPLSLatest, "LPPLS confidence indicator at the newest date of each call")
	f.IntVar(&c.LPPLSMaxWindow, "lppls-max-window", c.LPPLSMaxWindow, "LPPLS: longest nested window in observations")
	f.IntVar(&c.LPPLSMinWindow, "lppls-min-window", c.LPPLSMinWindow, "LPPLS: shortest nested window")
	f.IntVar(&c.LPPLSStep, "lppls-step", c.LPPLSStep, "LPPLS: window-length step")
	f.IntVar(&c.LPPLSStarts, "lppls-starts", c.LPPLSStarts, "LPPLS: local searches per fit (0: the package default)")
	f.Float64Var(&c.LPPLSAlert, "lppls-alert", c.LPPLSAlert, "LPPLS confidence from which a date is a warning")
	addTimeoutFlag(f, &o.timeout)
	return cmd
}

func runMonitor(ctx context.Context, cmd *cobra.Command, names []string, o monitorOptions) error {
	if o.out == "" {
		return usageError{errors.New("monitor: --out DIR is required")}
	}
	o.cfg.Log = !o.noLog
	var to time.Time
	if o.to != "" {
		var err error
		if to, err = time.Parse(time.DateOnly, o.to); err != nil {
			return inputerr.Errorf("--to %q: want YYYY-MM-DD", o.to)
		}
	}
	statePath := filepath.Join(o.out, monitorStateFile)
	st, created, err := openMonitorState(ctx, statePath, o.cfg, cmd.Flags().Changed)
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	if !o.quiet && created {
		fmt.Fprintf(stderr, "monitor: new state; threshold 90%% %.3f, 95%% %.3f (GSADF of %d-price samples, %d replications)\n",
			st.Threshold.CV90, st.Threshold.CV95, st.Threshold.Length, st.Config.Reps)
	}
	added := 0
	for _, name := range names {
		ps, err := dataset.LoadPrices(name, o.column)
		if err != nil {
			return err
		}
		if !to.IsZero() {
			k := 0
			for k < len(ps.Dates) && !ps.Dates[k].After(to) {
				k++
			}
			ps.Dates, ps.Values = ps.Dates[:k], ps.Values[:k]
		}
		start := time.Now()
		rows, err := st.Update(ctx, seriesLabel(name), ps.Dates, ps.Values)
		if err != nil {
			return err
		}
		added += len(rows)
		if !o.quiet && len(rows) > 0 {
			fmt.Fprintf(stderr, "monitor: %-8s %4d new dates to %s (%.1fs)\n", seriesLabel(name), len(rows), rows[len(rows)-1].Date, time.Since(start).Seconds())
		}
	}
	latest := st.Latest()
	asOf := ""
	for _, r := range latest {
		asOf = max(asOf, r.Date)
	}
	set := results.NewFileSet(o.out)
	set.Add(monitorStateFile, func(w io.Writer) error {
		b, err := st.MarshalBinary()
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	status := statusRows(latest)
	set.Add("status.csv", func(w io.Writer) error { return results.EncodeCSV(w, status) })
	if asOf != "" {
		set.Add("status-"+asOf+".csv", func(w io.Writer) error { return results.EncodeCSV(w, status) })
	}
	set.Add("history.csv", func(w io.Writer) error { return results.EncodeCSV(w, historyRows(st)) })
	set.Add("report.html", func(w io.Writer) error { return writeMonitorHTML(w, st, latest, asOf) })
	if err := set.Commit(); err != nil {
		return err
	}
	if !o.quiet {
		printStatus(cmd.OutOrStdout(), latest, asOf, added)
	}
	return nil
}

// openMonitorState reads the state at path or, when there is none, creates
// one from cfg. A config flag the user set must agree with a stored state.
func openMonitorState(ctx context.Context, path string, cfg monitor.Config, changed func(string) bool) (*monitor.State, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		st, err := monitor.New(ctx, cfg)
		return st, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("monitor: read state: %w", err)
	}
	st, err := monitor.Unmarshal(b, path)
	if err != nil {
		return nil, false, err
	}
	for _, name := range monitorConfigFlags {
		if !changed(name) {
			continue
		}
		stored, given := configValue(st.Config, name), configValue(cfg, name)
		if stored != given {
			return nil, false, inputerr.Errorf("%s: the state was made with --%s %s, not %s; settings are fixed for a state's life (use another --out to start afresh)", path, name, stored, given)
		}
	}
	return st, false, nil
}

// configValue is the text of one config flag's setting.
func configValue(c monitor.Config, flag string) string {
	switch flag {
	case "from":
		return c.From
	case "min-window":
		return fmt.Sprint(c.MinWindow)
	case "lag":
		return fmt.Sprint(c.Lag)
	case "horizon":
		return fmt.Sprint(c.Horizon)
	case "reps":
		return fmt.Sprint(c.Reps)
	case "seed":
		return fmt.Sprint(c.Seed)
	case "no-log":
		return fmt.Sprint(!c.Log)
	case "lppls-every":
		return fmt.Sprint(c.LPPLSEvery)
	case "lppls-latest":
		return fmt.Sprint(c.LPPLSLatest)
	case "lppls-max-window":
		return fmt.Sprint(c.LPPLSMaxWindow)
	case "lppls-min-window":
		return fmt.Sprint(c.LPPLSMinWindow)
	case "lppls-step":
		return fmt.Sprint(c.LPPLSStep)
	case "lppls-starts":
		return fmt.Sprint(c.LPPLSStarts)
	case "lppls-alert":
		return fmt.Sprint(c.LPPLSAlert)
	}
	return ""
}

// seriesLabel is the name a series is shown and stored under: the ticker in
// capitals for a shipped stock, the file's base name for a CSV file.
func seriesLabel(name string) string {
	if strings.ContainsAny(name, `/\.:`) {
		return strings.TrimSuffix(filepath.Base(strings.TrimPrefix(name, "data:")), filepath.Ext(name))
	}
	switch name {
	case "nasdaq":
		return "Nasdaq"
	case "sp500":
		return "S&P 500"
	}
	return strings.ToUpper(name)
}

// statusRow is one line of status.csv.
type statusRow struct {
	Series        string    `json:"series"`
	Date          string    `json:"date"`
	Status        string    `json:"status"`
	Price         float64   `json:"price"`
	BSADF         jsonFloat `json:"bsadf"`
	CV95          float64   `json:"cv95"`
	PValue        jsonFloat `json:"p_value"`
	Since         string    `json:"explosive_since"`
	LPPLSDate     string    `json:"lppls_date"`
	LPPLSPositive jsonFloat `json:"lppls_positive"`
	LPPLSNegative jsonFloat `json:"lppls_negative"`
}

func statusRows(rows []monitor.Row) []statusRow {
	out := make([]statusRow, len(rows))
	for i, r := range rows {
		out[i] = statusRow{Series: r.Series, Date: r.Date, Status: r.Status, Price: r.Price, BSADF: jsonFloat(r.BSADF), CV95: r.CV95,
			PValue: jsonFloat(r.PValue), Since: r.Since, LPPLSDate: r.LPPLSDate, LPPLSPositive: jsonFloat(r.LPPLSPositive), LPPLSNegative: jsonFloat(r.LPPLSNegative)}
	}
	return out
}

// historyRows is every monitored date of every series, by series then date.
func historyRows(st *monitor.State) []statusRow {
	var out []statusRow
	for _, sr := range st.Series {
		out = append(out, statusRows(sr.Rows)...)
	}
	return out
}

func printStatus(w io.Writer, latest []monitor.Row, asOf string, added int) {
	fmt.Fprintf(w, "bubble status as of %s (%d new dates)\n", asOf, added)
	fmt.Fprintf(w, "%-8s %-10s %-11s %8s %6s %7s %-10s %7s %7s\n", "series", "date", "status", "BSADF", "CV95", "p", "since", "LPPLS+", "LPPLS-")
	for _, r := range latest {
		fmt.Fprintf(w, "%-8s %-10s %-11s %8s %6.2f %7s %-10s %7s %7s\n", r.Series, r.Date, r.Status, fmtNum(r.BSADF, 2), r.CV95,
			fmtNum(r.PValue, 3), orDash(r.Since), fmtNum(r.LPPLSPositive, 2), fmtNum(r.LPPLSNegative, 2))
	}
}

func fmtNum(x float64, prec int) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strings.Replace(fmt.Sprintf("%.*f", prec, x), "-", "−", 1)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
