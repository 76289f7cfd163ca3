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
	return SetMany(p, []string{key}, []any{value})
}

// SetMany sets several parameters in one pass (one encoding and decoding of
// the parameters, which is what costs) and validates the result once. On
// error p is unchanged.
func SetMany(p *sim.Params, keys []string, values []any) error {
	if len(keys) != len(values) {
		return fmt.Errorf("set: %d keys for %d values", len(keys), len(values))
	}
	var root yaml.Node
	if err := root.Encode(p); err != nil {
		return fmt.Errorf("set %s: %w", strings.Join(keys, ", "), err)
	}
	for k, key := range keys {
		if err := setNode(&root, key, values[k]); err != nil {
			return err
		}
	}
	var q sim.Params
	if err := root.Decode(&q); err != nil {
		return inputerr.Errorf("set %s: %v", strings.Join(keys, ", "), err)
	}
	if err := q.Validate(); err != nil {
		return inputerr.Errorf("set %s: %v", strings.Join(keys, ", "), err)
	}
	*p = q
	return nil
}

// setNode replaces the value at key in the encoded parameters.
func setNode(root *yaml.Node, key string, value any) error {
	var val yaml.Node
	if err := val.Encode(value); err != nil {
		return inputerr.Errorf("set %s: %v", key, err)
	}
	n := root
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
				return nil
			}
			return inputerr.Errorf("set %s: no parameter %q", key, strings.Join(parts[:i+1], "."))
		}
		n = next
	}
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
