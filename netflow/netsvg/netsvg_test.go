package netsvg

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/netflow"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func toy(t *testing.T) (*netflow.Graph, *netflow.Decomposition) {
	t.Helper()
	var b netflow.Builder
	for _, e := range []struct {
		from, to string
		w        float64
		deals    []string
	}{
		// The vendor-financing toy of the issue, plus a self-loop and a
		// name that needs escaping.
		{"N", "O", 100, []string{"D1"}}, {"O", "C", 80, []string{"D2", "D3"}}, {"C", "N", 60, []string{"D4"}},
		{"H", "O", 10, []string{"D5"}}, {"A&B <fund>", "H", 5, []string{"D6"}}, {"H", "H", 1, []string{"D7"}},
	} {
		if err := b.AddEdge(e.from, e.to, e.w, e.w, false, e.deals...); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	d, err := netflow.MaxCirculation(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	return g, d
}

func TestRenderGolden(t *testing.T) {
	g, d := toy(t)
	var buf bytes.Buffer
	opts := Options{Roles: map[string]string{"N": "chip_vendor", "O": "model_lab", "C": "hyperscaler", "A&B <fund>": "investor"}, Title: "toy", Unit: "bn/yr"}
	if err := Render(&buf, g, d, opts); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/toy.svg"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("SVG differs from %s; inspect and rerun with -update if intended", golden)
	}
}

// TestRenderWellFormed checks that the picture is well-formed XML, refers to
// nothing outside itself, draws the circular part dashed and gives every edge
// and node a tooltip.
func TestRenderWellFormed(t *testing.T) {
	g, d := toy(t)
	var buf bytes.Buffer
	if err := Render(&buf, g, d, Options{}); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	dec := xml.NewDecoder(strings.NewReader(s))
	titles, dashed := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "title":
				titles++
			case "script", "image", "foreignObject", "style":
				t.Errorf("unexpected <%s> element", se.Name.Local)
			}
			for _, a := range se.Attr {
				if a.Name.Local == "stroke-dasharray" && se.Name.Local == "path" {
					dashed++
				}
				if a.Name.Local == "href" || strings.Contains(a.Value, "http") && a.Name.Local != "xmlns" {
					t.Errorf("external reference %s=%q", a.Name.Local, a.Value)
				}
			}
		}
	}
	if want := g.NumEdges() + g.NumNodes(); titles != want {
		t.Errorf("%d <title> tooltips, want %d (one per edge and node)", titles, want)
	}
	// The 3-cycle N→O→C→N and the self-loop H→H are circular.
	if dashed != 4 {
		t.Errorf("%d dashed circular strokes, want 4", dashed)
	}
	if !strings.Contains(s, "A&amp;B &lt;fund&gt;") {
		t.Error("node name not escaped")
	}
	if !strings.Contains(s, "deals D2, D3") {
		t.Error("merged deal IDs missing from tooltip")
	}
}
