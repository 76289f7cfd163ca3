package scenario

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

// Set sets the parameter at a dotted YAML path ("demand.china_share",
// "compute.chip_vendor_shares.Nvidia", "mechanisms.export_controls") to
// value and validates the result. It is how sweeps vary parameters.
func Set(p *sim.Params, key string, value any) error {
	var root yaml.Node
	if err := root.Encode(p); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	var val yaml.Node
	if err := val.Encode(value); err != nil {
		return inputerr.Errorf("set %s: %v", key, err)
	}
	n := &root
	parts := strings.Split(key, ".")
	for i, part := range parts {
		if n.Kind != yaml.MappingNode {
			return inputerr.Errorf("set %s: %s is not a group of parameters", key, strings.Join(parts[:i], "."))
		}
		var next *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == part {
				next = n.Content[j+1]
				if i == len(parts)-1 {
					n.Content[j+1] = &val
				}
			}
		}
		if next == nil {
			// Map-valued parameters (vendor shares, weights) take new keys.
			if i == len(parts)-1 && i > 0 && isMapParam(parts[:i]) {
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: part}, &val)
				break
			}
			return inputerr.Errorf("set %s: no parameter %q", key, strings.Join(parts[:i+1], "."))
		}
		n = next
	}
	var q sim.Params
	dec := root
	if err := dec.Decode(&q); err != nil {
		return inputerr.Errorf("set %s: %v", key, err)
	}
	if err := q.Validate(); err != nil {
		return inputerr.Errorf("set %s: %v", key, err)
	}
	*p = q
	return nil
}

// isMapParam reports whether the path names a map-valued parameter.
func isMapParam(path []string) bool {
	switch strings.Join(path, ".") {
	case "compute.chip_vendor_shares", "compute.memory_vendor_shares", "demand.lab_weights", "demand.cloud_weights":
		return true
	}
	return false
}
