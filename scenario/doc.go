// Package scenario reads and writes bubblelab scenarios: YAML files that set
// any parameter of the model (sim.Params) on top of a base scenario.
//
// A scenario file may name a built-in base ("base: baseline", the default)
// and then overrides only the parameters it changes; maps (such as vendor
// shares) are merged key by key, lists replace the base list. Unknown keys,
// values of the wrong type and values out of range are errors that name the
// file, the line and the parameter, so the command line exits with code 2.
//
// The built-in scenarios of MODEL.md section 7 are embedded (Builtin, Names)
// and shipped as files under scenario/scenarios/ that users can copy.
package scenario
