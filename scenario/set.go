package scenario

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

// Set sets the parameter at a dotted YAML path ("demand.china_share",
// "compute.chip_vendor_shares.Nvidia", "mechanisms.export_controls") to
// value and validates the result. It is how sweeps vary parameters; it is
// sim.SetParams, the model's one setter, with errors marked as bad input.
func Set(p *sim.Params, key string, value any) error {
	return SetMany(p, []string{key}, []any{value})
}

// SetMany sets several parameters and validates the result once. On error
// p is unchanged.
func SetMany(p *sim.Params, keys []string, values []any) error {
	if len(keys) != len(values) {
		return fmt.Errorf("set: %d keys for %d values", len(keys), len(values))
	}
	if err := sim.SetParams(p, keys, values); err != nil {
		var pe *sim.ParamError
		if errors.As(err, &pe) {
			return inputerr.Errorf("set %s: %s", pe.Key, pe.Msg)
		}
		return inputerr.Errorf("set %s: %v", strings.Join(keys, ", "), err)
	}
	return nil
}
