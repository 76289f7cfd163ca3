// Package params lists the parameters of a bubblelab scenario (sim.Params)
// one by one, with their dotted YAML path, unit, meaning, source, bounds and
// current value, for forms and tables, and applies a submitted form.
//
// Every parameter is declared once, by the struct tags of sim.Params, and
// read here through sim.ParamValues; values are set with sim.SetParamText,
// the model's one setter, so a parameter added to the model appears in the
// HTML report's parameter table and in the web form of `bubblelab serve`
// with its bounds without any change here.
//
// Paths follow package scenario: "demand.china_share" for a scalar,
// "compute.chip_vendor_shares.Nvidia" for an entry of a map-valued
// parameter, "export_controls.schedule[1].from" for a field of a list row,
// and "deals.exclude" for a list of strings (written comma-separated).
package params
