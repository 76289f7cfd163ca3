package strictyaml

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/inputerr"
)

type pair struct {
	Key   string `yaml:",key"`
	Value any    `yaml:",value"`
	Line  int    `yaml:",line"`
}

type item struct {
	Name string  `yaml:"name"`
	X    float64 `yaml:"x" range:"(0,1]"`
	Line int     `yaml:",line"`
}

type inner struct {
	Mode  string   `yaml:"mode" enum:"fast|slow"`
	Items []item   `yaml:"items" len:"[1,2]"`
	Tags  []string `yaml:"tags"`
}

type doc struct {
	Count  int     `yaml:"count" range:"[1,10]"`
	Seed   uint64  `yaml:"seed"`
	Small  int8    `yaml:"small"`
	On     bool    `yaml:"on"`
	Name   string  `yaml:"name"`
	Inner  inner   `yaml:"inner"`
	Ptr    *inner  `yaml:"ptr"`
	Set    []pair  `yaml:"set"`
	Any    any     `yaml:"any"`
	Rate   float64 `yaml:"rate" range:"[0.5,1)"`
	Hidden int     `yaml:"-"`
}

func TestDecode(t *testing.T) {
	src := "count: 3\nseed: 0x10\nsmall: -5\non: true\nname: n\ninner:\n  mode: slow\n  items:\n    - name: a\n      x: 1\n  tags: [p, q]\nptr: {mode: fast}\nset:\n  b.c: 2\n  a: [1, x]\nany: {k: 1}\nrate: 0.5\n"
	d, err := Parse([]byte(src), "f.yaml", "test file")
	if err != nil {
		t.Fatal(err)
	}
	got := doc{Count: 9, Hidden: 4}
	if err := d.Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := doc{Count: 3, Seed: 16, Small: -5, On: true, Name: "n", Hidden: 4, Rate: 0.5,
		Inner: inner{Mode: "slow", Items: []item{{Name: "a", X: 1, Line: 9}}, Tags: []string{"p", "q"}},
		Ptr:   &inner{Mode: "fast"},
		Set:   []pair{{"b.c", 2, 14}, {"a", []any{1, "x"}, 15}},
		Any:   map[string]any{"k": 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for path, line := range map[string]int{"count": 1, "inner.items[0].x": 10, "inner.items[3]": 8, "inner.nope": 6, "nope": 1, "set.a": 15} {
		if l := d.Line(path); l != line {
			t.Errorf("Line(%s) = %d, want %d", path, l, line)
		}
	}
	if !d.Has("inner.items[0].name") || d.Has("inner.items[0].nope") || d.Has("ptr.items") {
		t.Error("Has")
	}
	// Absent keys keep their values.
	d, _ = Parse([]byte("name: x\n"), "f.yaml", "")
	keep := doc{Count: 7}
	if err := d.Decode(&keep); err != nil || keep.Count != 7 {
		t.Errorf("absent key: %v, %+v", err, keep)
	}
}

// Every mistake is bad input naming the file, the line and the dotted field.
func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		line       int
		field      string
		msg        string
	}{
		{"unknown key", "count: 1\ncont: 2\n", 2, "cont", "known keys: count, seed, small, on, name, inner, ptr, set, any, rate"},
		{"hidden key", "Hidden: 2\n", 1, "Hidden", "unknown key"},
		{"nested unknown", "inner:\n  mod: fast\n", 2, "inner.mod", "known keys: mode, items, tags"},
		{"list item unknown", "inner:\n  items:\n    - name: a\n      y: 1\n", 4, "inner.items.y", "unknown key"},
		{"duplicate", "count: 1\ncount: 2\n", 2, "count", "duplicate"},
		{"duplicate pair", "set:\n  a: 1\n  a: 2\n", 3, "set.a", "duplicate"},
		{"merge key", "inner:\n  <<: {mode: fast}\n", 2, "inner", "merge keys"},
		{"alias", "name: &a x\ninner:\n  mode: *a\n", 3, "inner.mode", "aliases"},
		{"alias in any", "any: [1, &b 2]\n", 1, "any", "anchors"},
		{"not text", "name: 3\n", 1, "name", "not text"},
		{"not bool", "on: yes\n", 1, "on", "not true or false"},
		{"not int", "count: 1.5\n", 1, "count", "whole number"},
		{"int overflow", "small: 300\n", 1, "small", "whole number"},
		{"big int", "count: 99999999999999999999999\n", 1, "count", "whole number"},
		{"negative uint", "seed: -1\n", 1, "seed", "between 0 and 18446744073709551615"},
		{"range", "count: 11\n", 1, "count", "between 1 and 10"},
		{"open range", "rate: 1\n", 1, "rate", "must be in [0.5, 1)"},
		{"open low", "inner:\n  items:\n    - x: 0\n", 3, "inner.items.x", "(0, 1]"},
		{"nan", "rate: .nan\n", 1, "rate", "finite"},
		{"inf in any", "any: .inf\n", 1, "any", "finite"},
		{"enum", "inner:\n  mode: medium\n", 2, "inner.mode", `"medium": want fast or slow`},
		{"list length", "inner:\n  items: []\n", 2, "inner.items", "0 items; want 1 to 2"},
		{"not a list", "inner:\n  tags: p\n", 2, "inner.tags", "want a list"},
		{"not a mapping", "inner: 3\n", 1, "inner", "want a mapping"},
		{"pairs not a mapping", "set: [1]\n", 1, "set", "want a mapping"},
		{"null", "count:\n", 1, "count", "missing value"},
		{"null any", "any: ~\n", 1, "any", "missing value"},
		{"scalar wanted", "count: [1]\n", 1, "count", "single value"},
		{"top level", "- 1\n", 1, "", "a test file is a mapping"},
		{"key not a name", "[a]: 1\n", 1, "", "plain names"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Parse([]byte(c.yaml), "f.yaml", "test file")
			if err == nil {
				var v doc
				err = d.Decode(&v)
			}
			var ie *inputerr.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an input error", err)
			}
			if ie.File != "f.yaml" || ie.Line != c.line || ie.Field != c.field || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q (line %d, field %q), want line %d, field %q, containing %q", err, ie.Line, ie.Field, c.line, c.field, c.msg)
			}
		})
	}
}

func TestSyntaxError(t *testing.T) {
	_, err := Parse([]byte("a: [b\n"), "f.yaml", "")
	var ie *inputerr.Error
	if !errors.As(err, &ie) || ie.Line != 1 || ie.File != "f.yaml" {
		t.Fatalf("got %v", err)
	}
}

func TestErrorfStripsIndices(t *testing.T) {
	d, _ := Parse([]byte("inner:\n  items:\n    - name: a\n    - name: b\n"), "f.yaml", "")
	err := d.Errorf("inner.items[1].name", "bad %d", 1)
	var ie *inputerr.Error
	if !errors.As(err, &ie) || ie.Line != 4 || ie.Field != "inner.items.name" || ie.Err.Error() != "bad 1" {
		t.Errorf("got %+v", ie)
	}
}

func TestBounds(t *testing.T) {
	for tag, want := range map[string][2]float64{"[1,10]": {1, 10}, "(0,1)": {0, 1}, "[0.5,1)": {0.5, 1}, "[-1e3,5]": {-1000, 5}} {
		lo, hi, ok := bounds(tag)
		if !ok || lo != want[0] || hi != want[1] {
			t.Errorf("bounds(%s) = %v, %v, %v", tag, lo, hi, ok)
		}
	}
	if _, _, ok := bounds(""); ok {
		t.Error("empty tag has bounds")
	}
}

// FuzzDecode: any input decodes or fails with a located input error;
// nothing panics.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("count: 3\ninner:\n  items:\n    - {name: a, x: 0.5}\nset: {a: 1}\n"))
	f.Add([]byte("any: &x [*x]\n"))
	f.Add([]byte("<<: {count: 1}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b, "fuzz.yaml", "")
		if err == nil {
			var v doc
			err = d.Decode(&v)
		}
		if err != nil && !inputerr.Is(err) {
			t.Fatalf("not an input error: %v", err)
		}
	})
}
