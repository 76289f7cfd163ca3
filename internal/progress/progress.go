// Package progress reports the progress of long work: a redrawn bar with
// rate and time left when the output is a terminal, occasional plain lines
// (or nothing) otherwise, so logs stay readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Bar reports progress of a fixed number of steps. It is safe for
// concurrent use. The zero value is not usable; call New.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	total    int
	done     int
	tty      bool
	lines    bool // print a line every 10 percent when not a terminal
	start    time.Time
	last     time.Time
	lastTick int
	now      func() time.Time
}

// New returns a bar writing to w. On a terminal it draws a bar; otherwise it
// prints a line at every tenth of the work when lines is true, and nothing
// when it is false.
func New(w io.Writer, label string, total int, lines bool) *Bar {
	b := &Bar{w: w, label: label, total: total, lines: lines, now: time.Now}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b.tty = true
	}
	b.start = b.now()
	return b
}

// Add records n more steps done.
func (b *Bar) Add(n int) { b.Set(-1, n) }

// Set records that done steps are complete (done < 0 adds delta instead).
func (b *Bar) Set(done, delta int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if done >= 0 {
		b.done = done
	} else {
		b.done += delta
	}
	now := b.now()
	switch {
	case b.tty:
		if now.Sub(b.last) < 100*time.Millisecond && b.done < b.total {
			return
		}
		b.last = now
		fmt.Fprintf(b.w, "\r%s", b.render(now))
	case b.lines && b.total > 0:
		tick := 10 * b.done / b.total
		if tick > b.lastTick {
			b.lastTick = tick
			fmt.Fprintln(b.w, b.render(now))
		}
	}
}

// Finish ends the bar's line on a terminal.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tty {
		fmt.Fprintf(b.w, "\r%s\n", b.render(b.now()))
	}
}

func (b *Bar) render(now time.Time) string {
	frac := 0.0
	if b.total > 0 {
		frac = float64(b.done) / float64(b.total)
	}
	elapsed := now.Sub(b.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(b.done) / elapsed
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(b.total-b.done)/rate) * time.Second).Round(time.Second).String()
	}
	const width = 30
	n := int(frac * width)
	bar := strings.Repeat("=", n) + strings.Repeat(" ", width-n)
	return fmt.Sprintf("%s [%s] %d/%d %5.1f%% %.1f/s eta %s", b.label, bar, b.done, b.total, 100*frac, rate, eta)
}
