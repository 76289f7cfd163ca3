package sim

import "fmt"

// ParamError is an invalid parameter, named by its YAML path
// (e.g. "demand.china_share") so a scenario loader can point at its line.
type ParamError struct {
	Key string
	Msg string
}

func (e *ParamError) Error() string { return e.Key + ": " + e.Msg }

// Validate checks every parameter against its declared range (the `range`
// and `enum` tags of Params) and then the rules that tie several parameters
// together, and returns the first problem as a *ParamError.
func (p Params) Validate() error {
	if err := checkDeclared(p); err != nil {
		return err
	}
	for _, rule := range crossRules() {
		if err := rule(p); err != nil {
			return err
		}
	}
	return nil
}

// crossRules are the checks that involve more than one parameter.
func crossRules() []func(Params) *ParamError {
	return []func(Params) *ParamError{
		enterpriseSharesFit,
		controlStepsInOrder,
		capexSharesFit,
		expenditureLeavesConsumption,
		discountAboveGrowth,
		growthFloorBelowCap,
	}
}

func enterpriseSharesFit(p Params) *ParamError {
	d := p.Demand
	if s := d.EnterpriseLabShare + d.EnterpriseNeoShare; s > 1 {
		return &ParamError{"demand.enterprise_neocloud_share", fmt.Sprintf("enterprise_lab_share + enterprise_neocloud_share = %v exceeds 1", s)}
	}
	return nil
}

func controlStepsInOrder(p Params) *ParamError {
	s := p.Controls.Schedule
	for i := 1; i < len(s); i++ {
		if s[i].From <= s[i-1].From {
			return &ParamError{fmt.Sprintf("export_controls.schedule[%d].from", i), fmt.Sprintf("%s is not after %s: steps must be in date order", s[i].From, s[i-1].From)}
		}
	}
	return nil
}

func capexSharesFit(p Params) *ParamError {
	if p.Compute.ChipShareOfCapex+p.Compute.MemoryShareOfCapex > 1 {
		return &ParamError{"compute.memory_share_of_capex", "chip and memory shares of capex add up to more than 1"}
	}
	return nil
}

func expenditureLeavesConsumption(p Params) *ParamError {
	m := p.Macro
	if m.GovShare+m.ExportShare+m.NonAIInvestShare >= 1 {
		return &ParamError{"macro.gov_share", "government, export and non-AI investment shares leave no room for consumption"}
	}
	return nil
}

func discountAboveGrowth(p Params) *ParamError {
	mk := p.Markets
	if mk.DiscountRate <= mk.LongGrowth {
		return &ParamError{"markets.discount_rate", fmt.Sprintf("%v must exceed markets.long_run_growth %v (else values are infinite)", mk.DiscountRate, mk.LongGrowth)}
	}
	return nil
}

func growthFloorBelowCap(p Params) *ParamError {
	mk := p.Markets
	if mk.GrowthFloor > mk.GrowthCap {
		return &ParamError{"markets.growth_floor", fmt.Sprintf("%v must be at most markets.growth_cap %v", mk.GrowthFloor, mk.GrowthCap)}
	}
	return nil
}
