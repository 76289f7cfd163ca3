package scenario_test

import (
	"fmt"
	"strings"

	"github.com/bubblelab/bubblelab/scenario"
)

// A scenario file overrides only what it changes; errors name the line.
func ExampleRead() {
	p, err := scenario.Read(strings.NewReader("base: baseline\nname: short\nmonths: 24\n"), "short.yaml")
	fmt.Println(p.Name, p.Months, err)
	_, err = scenario.Read(strings.NewReader("name: bad\ndemand:\n  china_share: 2\n"), "bad.yaml")
	fmt.Println(err)
	// Output:
	// short 24 <nil>
	// bad.yaml:3: field demand.china_share: 2 must be between 0 and 1
}
