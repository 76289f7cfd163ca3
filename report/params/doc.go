// Package params lists the parameters of a bubblelab scenario (sim.Params)
// one by one, with their dotted YAML path, unit, meaning, source and current
// value, and sets them from text.
//
// It reads the `yaml`, `unit`, `doc` and `src` tags of sim.Params by
// reflection, so a parameter added to the model appears in the HTML
// report's parameter table and in the web form of `bubblelab serve` without
// any change here.
//
// Paths follow package scenario: "demand.china_share" for a scalar,
// "compute.chip_vendor_shares.Nvidia" for an entry of a map-valued
// parameter, "export_controls.schedule[1].from" for a field of a list row,
// and "deals.exclude" for a list of strings (written comma-separated).
//
// Bounds are not written in tags: sim.Params.Validate is the only authority.
// Probe asks Validate where each numeric parameter's limits lie, so that a
// form can show them as hints; the server still validates every submission.
package params
