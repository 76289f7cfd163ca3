package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Markers, on the line before a fenced block of README.md, docs/*.md or
// examples/README.md, that change how TestShellExamples treats it:
//
//	<!-- example: skip REASON -->  never run (needs a cluster, a checkout, a server that runs until stopped)
//	<!-- example: slow -->         run only with BUBBLELAB_SLOW_EXAMPLES=1 (minutes of CPU; give go test -timeout 30m)
//
// README.md's Development section documents them.
var exampleMarker = regexp.MustCompile(`^<!-- example: (skip|slow)\b\s*(.*?)\s*-->$`)

// shellBlock is one fenced shell block of a Markdown file.
type shellBlock struct {
	file   string // relative to the repository root
	line   int    // of the opening fence
	script string
	marker string // "", "skip" or "slow"
	reason string
}

func (b shellBlock) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// shellBlocks extracts the ```sh, ```bash and ```shell blocks of the
// Markdown files. An untagged block that starts with a bubblelab command is
// an error: it must say whether it is a command (sh) or a synopsis (text).
// Problems with the blocks are returned, one message each.
func shellBlocks(root string, files []string) ([]shellBlock, []string, error) {
	var blocks []shellBlock
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, nil, err
		}
		lines := strings.Split(string(b), "\n")
		for i := 0; i < len(lines); i++ {
			l := strings.TrimSpace(lines[i])
			if !strings.HasPrefix(l, "```") {
				continue
			}
			lang := strings.TrimPrefix(l, "```")
			start := i
			var body []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				body = append(body, lines[i])
			}
			if i == len(lines) {
				bad("%s:%d: unclosed code block", f, start+1)
			}
			switch lang {
			case "sh", "bash", "shell":
			case "":
				if len(body) > 0 && strings.HasPrefix(strings.TrimSpace(body[0]), "bubblelab ") {
					bad("%s:%d: untagged block of bubblelab commands: tag it sh (run by TestShellExamples) or text (a synopsis)", f, start+1)
				}
				continue
			default:
				continue
			}
			sb := shellBlock{file: f, line: start + 1, script: strings.Join(body, "\n") + "\n"}
			for j := start - 1; j >= 0; j-- {
				prev := strings.TrimSpace(lines[j])
				if prev == "" {
					continue
				}
				if m := exampleMarker.FindStringSubmatch(prev); m != nil {
					sb.marker, sb.reason = m[1], m[2]
				} else if strings.HasPrefix(prev, "<!-- example") {
					bad("%s:%d: malformed marker %q (want <!-- example: skip REASON --> or <!-- example: slow -->)", f, j+1, prev)
				}
				break
			}
			if sb.marker == "skip" && sb.reason == "" {
				bad("%s: a skipped example must say why", sb)
			}
			blocks = append(blocks, sb)
		}
	}
	return blocks, problems, nil
}

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "bubblelab-examples-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "bubblelab")
	// go test puts its own GOROOT/bin first on the PATH.
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return dir, nil
})

// TestShellExamples runs every shell example of README.md, docs/*.md and
// examples/README.md as a new user would: the built binary on the PATH, a
// fresh temporary working directory holding a copy of examples/, a fresh
// HOME, and each block as one bash script that must exit 0.
func TestShellExamples(t *testing.T) {
	t.Parallel()
	root := "../.."
	files := []string{"README.md", "examples/README.md"}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		files = append(files, filepath.Join("docs", filepath.Base(d)))
	}
	blocks, problems, err := shellBlocks(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if len(blocks) < 10 {
		t.Fatalf("found only %d shell blocks", len(blocks))
	}
	if testing.Short() {
		t.Skip("shell examples are skipped with -short")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	binDir, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(binDir) })
	slow := os.Getenv("BUBBLELAB_SLOW_EXAMPLES") == "1"
	for _, b := range blocks {
		t.Run(strings.ReplaceAll(b.String(), "/", "_"), func(t *testing.T) {
			switch {
			case b.marker == "skip":
				t.Skipf("%s: %s", b, b.reason)
			case b.marker == "slow" && !slow:
				t.Skipf("%s: slow; run with BUBBLELAB_SLOW_EXAMPLES=1", b)
			}
			t.Parallel()
			work := t.TempDir()
			if err := copyTree(filepath.Join(root, "examples"), filepath.Join(work, "examples")); err != nil {
				t.Fatal(err)
			}
			home := filepath.Join(work, ".home")
			if err := os.Mkdir(home, 0o755); err != nil {
				t.Fatal(err)
			}
			// A block that is not marked slow must end well within go
			// test's default 10-minute limit, with the others.
			limit := 2 * time.Minute
			if b.marker == "slow" {
				limit = 25 * time.Minute
			}
			ctx, cancel := context.WithTimeout(context.Background(), limit)
			defer cancel()
			// -e stops at the first failing command; pipefail is off
			// because `bubblelab ... | head` ends the writer by SIGPIPE.
			cmd := exec.CommandContext(ctx, bash, "--noprofile", "--norc", "-eu", "-c", b.script)
			cmd.Dir = work
			cmd.Env = []string{"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + home, "LANG=C.UTF-8", "TMPDIR=" + work}
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				tail := string(out)
				if len(tail) > 3000 {
					tail = "..." + tail[len(tail)-3000:]
				}
				t.Fatalf("%s: %v after %s (limit %s; mark it <!-- example: slow --> if it takes longer, <!-- example: skip REASON --> if it cannot run here)\n%s\n%s", b, err, time.Since(start).Round(time.Millisecond), limit, b.script, tail)
			}
			t.Logf("%s: %s", b, time.Since(start).Round(time.Millisecond))
		})
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// The markers parse; a skip needs its reason, and an untagged block of
// commands is reported.
func TestShellBlockMarkers(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.md": "intro\n\n<!-- example: skip needs a cluster -->\n```sh\nsbatch x\n```\n\n<!-- example: slow -->\n\n```bash\nbubblelab detect nvda\n```\n\n```sh\nbubblelab data list\n```\n\n```yaml\nbase: baseline\n```\n\n```\ndiagram\n```\n",
		"b.md": "```\nbubblelab run\n```\n",
		"c.md": "<!-- example: skip -->\n```sh\nx\n```\n",
		"d.md": "<!-- example: later -->\n```sh\nx\n```\n",
	}
	for name, md := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, problems, err := shellBlocks(dir, []string{"a.md"})
	if err != nil || len(problems) > 0 {
		t.Fatalf("a.md: %v %v", err, problems)
	}
	want := []shellBlock{
		{file: "a.md", line: 4, script: "sbatch x\n", marker: "skip", reason: "needs a cluster"},
		{file: "a.md", line: 10, script: "bubblelab detect nvda\n", marker: "slow"},
		{file: "a.md", line: 14, script: "bubblelab data list\n"},
	}
	if len(got) != len(want) {
		t.Fatalf("blocks %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	for name, want := range map[string]string{"b.md": "untagged block", "c.md": "must say why", "d.md": "malformed marker"} {
		_, problems, err := shellBlocks(dir, []string{name})
		if err != nil || len(problems) != 1 || !strings.Contains(problems[0], want) {
			t.Errorf("%s: problems %q (%v), want one with %q", name, problems, err, want)
		}
	}
}
