package scenario

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

//go:embed scenarios/*.yaml
var builtinFS embed.FS

// MaxFileBytes bounds a scenario file; real ones are a few kilobytes.
const MaxFileBytes = 1 << 20

// Names lists the built-in scenarios in alphabetical order.
func Names() []string {
	entries, err := builtinFS.ReadDir("scenarios")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Builtin returns the parameters of a built-in scenario.
func Builtin(name string) (sim.Params, error) {
	return builtin(name, 0)
}

func builtin(name string, depth int) (sim.Params, error) {
	b, err := builtinFS.ReadFile(path.Join("scenarios", name+".yaml"))
	if err != nil {
		return sim.Params{}, inputerr.Errorf("unknown scenario %q; built-in scenarios: %s", name, strings.Join(Names(), ", "))
	}
	return parse(b, "scenario/scenarios/"+name+".yaml", depth)
}

// Source returns the YAML text of a built-in scenario.
func Source(name string) ([]byte, error) {
	b, err := builtinFS.ReadFile(path.Join("scenarios", name+".yaml"))
	if err != nil {
		return nil, inputerr.Errorf("unknown scenario %q; built-in scenarios: %s", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Load reads a scenario: a file path, or the name of a built-in scenario
// when no such file exists.
func Load(nameOrPath string) (sim.Params, error) {
	f, err := os.Open(nameOrPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !strings.ContainsAny(nameOrPath, "/\\.") {
			return Builtin(nameOrPath)
		}
		return sim.Params{}, inputerr.Wrap(fmt.Errorf("load scenario: %w", err))
	}
	defer f.Close()
	return Read(f, nameOrPath)
}

// Read parses a scenario from r; name is used in messages.
func Read(r io.Reader, name string) (sim.Params, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return sim.Params{}, fmt.Errorf("read scenario %s: %w", name, err)
	}
	if len(b) > MaxFileBytes {
		return sim.Params{}, inputerr.New(name, 0, "", "larger than the %d KiB limit for a scenario", MaxFileBytes>>10)
	}
	return parse(b, name, 0)
}

// header is the part of a scenario read before the rest: which base it
// builds on.
type header struct {
	Base string `yaml:"base"`
}

// file is a scenario file: a base and any parameters.
type file struct {
	Base       string `yaml:"base"`
	sim.Params `yaml:",inline"`
}

func parse(b []byte, name string, depth int) (sim.Params, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return sim.Params{}, yamlError(name, err)
	}
	if len(root.Content) == 0 {
		return sim.Params{}, inputerr.New(name, 1, "", "empty scenario: write at least a name (see scenario/scenarios/baseline.yaml)")
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return sim.Params{}, inputerr.New(name, doc.Line, "", "a scenario is a mapping of parameter names to values")
	}
	var h header
	// Read base without KnownFields: the full decode below checks the keys.
	_ = doc.Decode(&h)
	p := sim.BaselineParams()
	if h.Base != "" && h.Base != "default" {
		if depth > 4 {
			return sim.Params{}, inputerr.New(name, lineOf(doc, "base"), "base", "scenarios nest too deeply")
		}
		var err error
		if p, err = builtin(h.Base, depth+1); err != nil {
			return sim.Params{}, &inputerr.Error{File: name, Line: lineOf(doc, "base"), Field: "base", Err: err}
		}
	}
	// Overlay the file on the base, rejecting unknown keys and wrong types.
	f := file{Params: p}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && err != io.EOF {
		located := yamlError(name, err)
		var ie *inputerr.Error
		if errors.As(located, &ie) && ie.Line > 0 {
			if uk := unknownKey(name, doc, ie.Line, err.Error()); uk != nil {
				return sim.Params{}, uk
			}
		}
		if errors.As(located, &ie) && ie.Line == 0 {
			// Errors from a value's own parser (a month, say) carry no
			// line: find the value in the file.
			ie.Line, ie.Field = findValue(doc, err.Error())
		}
		return sim.Params{}, located
	}
	p = f.Params
	if err := p.Validate(); err != nil {
		var pe *sim.ParamError
		if errors.As(err, &pe) {
			return sim.Params{}, inputerr.New(name, lineOf(doc, pe.Key), pe.Key, "%s", pe.Msg)
		}
		return sim.Params{}, inputerr.New(name, 0, "", "%v", err)
	}
	return p, nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError converts a yaml syntax or type error into a located input error.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return lineError(name, te.Errors[0])
	}
	return lineError(name, err.Error())
}

func lineError(name, msg string) error {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return inputerr.New(name, n, fieldOf(m[2]), "%s", m[2])
	}
	return inputerr.New(name, 0, "", "%s", strings.TrimPrefix(msg, "yaml: "))
}

var fieldNotFound = regexp.MustCompile(`field (\S+) not found`)

func fieldOf(msg string) string {
	if m := fieldNotFound.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

var quoted = regexp.MustCompile(`"([^"]*)"`)

// findValue returns the line and key of the first scalar value quoted in msg.
func findValue(doc *yaml.Node, msg string) (int, string) {
	m := quoted.FindStringSubmatch(msg)
	if m == nil {
		return 0, ""
	}
	var line int
	var key string
	var walk func(n *yaml.Node, k string)
	walk = func(n *yaml.Node, k string) {
		if line > 0 {
			return
		}
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Value == m[1] {
				line, key = n.Line, k
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				kk := n.Content[i].Value
				if k != "" {
					kk = k + "." + kk
				}
				walk(n.Content[i+1], kk)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", k, i))
			}
		}
	}
	walk(doc, "")
	return line, key
}

// lineOf returns the line of the parameter at a dotted path such as
// "demand.china_share" or "export_controls.schedule[1].from", or the
// nearest enclosing key present in the file, or 0.
func lineOf(doc *yaml.Node, key string) int {
	n := doc
	line := 0
	for _, part := range strings.Split(key, ".") {
		idx := -1
		if i := strings.Index(part, "["); i >= 0 && strings.HasSuffix(part, "]") {
			idx, _ = strconv.Atoi(part[i+1 : len(part)-1])
			part = part[:i]
		}
		if n == nil || n.Kind != yaml.MappingNode {
			return line
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line = n.Content[i].Line
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return line
		}
		if idx >= 0 {
			if next.Kind != yaml.SequenceNode || idx >= len(next.Content) {
				return line
			}
			next = next.Content[idx]
			line = next.Line
		}
		n = next
	}
	return line
}

// Marshal writes p as a complete scenario: every parameter, with its value.
func Marshal(p sim.Params) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode scenario: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
