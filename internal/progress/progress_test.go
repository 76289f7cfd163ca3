package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestLinesEveryTenth(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "sweep", 100, true)
	clock := b.start
	b.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	for i := 0; i < 100; i++ {
		b.Add(1)
	}
	b.Finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 10 {
		t.Fatalf("got %d lines, want 10:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[9], "100/100") || !strings.Contains(lines[9], "100.0%") {
		t.Errorf("last line = %q", lines[9])
	}
	if !strings.Contains(lines[0], "1.0/s") {
		t.Errorf("first line = %q, want a rate of 1.0/s", lines[0])
	}
}

func TestQuietWhenNotTerminal(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "run", 10, false)
	for i := 0; i < 10; i++ {
		b.Add(1)
	}
	b.Finish()
	if buf.Len() != 0 {
		t.Errorf("quiet bar wrote %q", buf.String())
	}
	var nilBar *Bar
	nilBar.Add(1)
	nilBar.Finish()
}

func TestSetAbsolute(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "resume", 4, true)
	b.Set(2, 0)
	if !strings.Contains(buf.String(), "2/4") {
		t.Errorf("after Set(2) output = %q", buf.String())
	}
}
