package sim

import (
	"math"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// M1-M4: final demand for AI (MODEL.md section 3 step 1).
//
// Consumers (M3): paying adults follow a logistic adoption curve and pay an
// average subscription price; the total is capped at a share of household
// disposable income. Domestic industry (M2): spending is value added times an
// AI intensity that is higher in manufacturing, times a logistic adoption
// curve, so it scales with the industrial base. Foreign buyers (M4): a
// potential proportional to domestic potential, of which China's part is
// gated by export-control stringency and both China's and the rest of the
// world's parts are shared with a foreign competitor whose capability grows
// with its revenue.

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// demand is one month's AI final demand, USD bn.
type demand struct {
	consumer, enterprise    float64
	foreignServices         float64
	foreignHardware         float64
	foreignChinaHardware    float64
	competitorRevenue       float64
	stringency, compShareCN float64
}

func (d demand) total() float64 {
	return d.consumer + d.enterprise + d.foreignServices + d.foreignHardware
}

// stringency is the export-control stringency in month m (M4).
func (w *world) stringency(m Month) float64 {
	if !w.p.Mechanisms.ExportControls {
		return 0
	}
	s := 0.0
	for _, st := range w.p.Controls.Schedule {
		if m >= st.From {
			s = st.Stringency
		}
	}
	return s
}

// manufacturingShare is the industrial base in month m (M2), ramping
// linearly to the target in the reindustrialisation scenario.
func (w *world) manufacturingShare(m Month) float64 {
	dp := w.p.Demand
	if dp.ManufacturingTarget == dp.ManufacturingShare || dp.ReindustrialiseYears <= 0 {
		return dp.ManufacturingShare
	}
	f := float64(m-dp.ReindustrialiseFrom) / (12 * dp.ReindustrialiseYears)
	f = math.Max(0, math.Min(1, f))
	return dp.ManufacturingShare + f*(dp.ManufacturingTarget-dp.ManufacturingShare)
}

// potentialOutput is monthly potential GDP in month m.
func (w *world) potentialOutput(m Month) float64 {
	years := float64(m-w.p.Start) / 12
	return w.p.Macro.GDPBn / 12 * math.Pow(1+w.p.Macro.PotentialGrowth, years)
}

// finalDemand computes this month's AI final demand.
func (w *world) finalDemand() demand {
	dp := w.p.Demand
	y := w.month.YearFrac()
	noise := math.Exp(w.p.Shocks.DemandNoise*w.rng.NormFloat64() - w.p.Shocks.DemandNoise*w.p.Shocks.DemandNoise/2)

	subscribersM := dp.AdultsMillions * dp.PaidShareMax * logistic(dp.ConsumerSlope*(y-dp.ConsumerMidYear))
	consumerPotential := subscribersM * dp.PricePerMonthUSD / 1000 // million x USD = USD bn / 1000
	consumer := consumerPotential * noise
	if w.p.Mechanisms.ConsumerIncomeBound {
		income := w.hh[0].lastYD + w.hh[1].lastYD
		consumer = math.Min(consumer, dp.ConsumerIncomeCap*income)
	}

	mfg := w.manufacturingShare(w.month)
	intensity := dp.IntensityServices
	if w.p.Mechanisms.IndustrialBase {
		intensity = mfg*dp.IntensityMfg + (1-mfg)*dp.IntensityServices
	}
	adoption := logistic(dp.EnterpriseSlope * (y - dp.EnterpriseMidYear))
	enterprisePotential := w.potentialOutput(w.month) * intensity * adoption
	enterprise := enterprisePotential * noise

	// Foreign demand and the competitor (M4).
	s := w.stringency(w.month)
	q := w.competitorCap / w.frontierCap
	g := w.p.Competitor.ShareElasticity
	shareCN := math.Pow(q, g) / (1 + math.Pow(q, g))
	shareRoW := w.p.Competitor.RestOfWorldWeight * shareCN
	// Services: a potential proportional to domestic potential. Chips: the
	// rest of the world's build-out, proportional to US firms' accelerator
	// purchases. China's part of each is gated by the controls, and the
	// competitor takes its share of what is open.
	access := func(potential float64) (us, usChina, competitor float64) {
		china := potential * dp.ChinaShare
		rest := potential - china
		usChina = china * (1 - s) * (1 - shareCN)
		usRest := rest * (1 - shareRoW)
		return usChina + usRest, usChina, potential - usChina - usRest
	}
	d := demand{consumer: consumer, enterprise: enterprise, stringency: s, compShareCN: shareCN}
	svc, _, compSvc := access(dp.ForeignRatio * (consumerPotential + enterprisePotential) * noise)
	hw, hwChina, compHW := access(dp.ForeignChipRatio * w.lastUSChipSpend)
	d.foreignServices = svc
	d.foreignHardware = hw
	d.foreignChinaHardware = hwChina
	d.competitorRevenue = compSvc + compHW
	return d
}

// payFinalDemand pays the month's final demand to AI sellers: consumers and
// industry to labs and hyperscalers (and, for industry, neoclouds), foreign
// buyers to the same sellers for services and to chip vendors for hardware.
// Money enters the AI sector here labelled with its final-demand origin.
func (w *world) payFinalDemand(d demand) error {
	dp := w.p.Demand
	// Consumers pay in proportion to last month's consumption.
	ct, cb := w.hh[0].lastConsumption, w.hh[1].lastConsumption
	shareTop := 0.5
	if ct+cb > 0 {
		shareTop = ct / (ct + cb)
	}
	w.hh[0].aiSpend = d.consumer * shareTop
	w.hh[1].aiSpend = d.consumer * (1 - shareTop)
	for c := range w.hh {
		if err := w.sellServices(w.hh[c].acct, w.hh[c].aiSpend, dp.ConsumerLabShare, 0, kAIConsumer, oConsumer); err != nil {
			return err
		}
	}
	if err := w.sellServices(w.acctInd, d.enterprise, dp.EnterpriseLabShare, dp.EnterpriseNeoShare, kAIEnterprise, oIndustry); err != nil {
		return err
	}
	if err := w.sellServices(w.acctRoW, d.foreignServices, dp.EnterpriseLabShare, dp.EnterpriseNeoShare, kAIForeign, oForeign); err != nil {
		return err
	}
	// Foreign chip buyers pay accelerator vendors by market share.
	return w.sellHardwareAbroad(d.foreignHardware)
}

// sellServices splits amount among model labs (labShare), neoclouds
// (neoShare, by compute capacity) and hyperscalers (the rest).
func (w *world) sellServices(from ledger.AccountID, amount, labShare, neoShare float64, k ledger.Kind, label ledger.Origin) error {
	if amount <= 0 {
		return nil
	}
	groups := []struct {
		role  string
		share float64
	}{
		{dataset.RoleModelLab, labShare},
		{dataset.RoleNeocloud, neoShare},
		{dataset.RoleHyperscaler, 1 - labShare - neoShare},
	}
	// Weights among sellers that exist and are domestic; a group with no
	// seller passes its share to the hyperscalers.
	weights := make([]float64, len(w.firms))
	spill := 0.0
	for gi, g := range groups {
		total := 0.0
		for i := range w.firms {
			f := &w.firms[i]
			if f.role != g.role || !f.exists || w.month < f.enter || !f.domestic {
				continue
			}
			wt := f.sellerWeight
			if g.role == dataset.RoleNeocloud {
				wt = f.econ
			}
			weights[i] = wt
			total += wt
		}
		share := g.share
		if gi == len(groups)-1 {
			share += spill
		}
		if total == 0 {
			spill += share
			continue
		}
		for i := range w.firms {
			if w.firms[i].role == g.role && weights[i] > 0 {
				weights[i] = share * weights[i] / total
			}
		}
	}
	for i := range w.firms {
		if weights[i] <= 0 {
			continue
		}
		x := amount * weights[i]
		if err := w.post(from, w.firms[i].acct, x, k, label); err != nil {
			return err
		}
		w.firms[i].retained += x
	}
	return nil
}

// sellHardwareAbroad pays foreign hardware demand to accelerator vendors.
func (w *world) sellHardwareAbroad(amount float64) error {
	if amount <= 0 {
		return nil
	}
	total := 0.0
	for i := range w.firms {
		f := &w.firms[i]
		if f.role == dataset.RoleChipVendor && f.vendorShare > 0 && f.domestic {
			total += f.vendorShare
		}
	}
	if total == 0 {
		return nil
	}
	for i := range w.firms {
		f := &w.firms[i]
		if f.role == dataset.RoleChipVendor && f.vendorShare > 0 && f.domestic {
			x := amount * f.vendorShare / total
			if err := w.post(w.acctRoW, f.acct, x, kAIForeign, oForeign); err != nil {
				return err
			}
			f.retained += x
		}
	}
	return nil
}

// competitorStep updates the foreign competitor's capability (M4): it grows
// with the revenue the competitor earns and decays, while the US frontier
// it is compared with moves ahead.
func (w *world) competitorStep(d demand) {
	cp := w.p.Competitor
	w.frontierCap *= math.Pow(1+cp.FrontierGrowth, 1.0/12)
	decay := math.Pow(1-cp.DecayPerYear, 1.0/12)
	w.competitorCap *= decay
	if w.p.Mechanisms.CompetitorLearning {
		w.competitorCap += cp.LearningPerBn * d.competitorRevenue * w.frontierCap
	} else {
		// Without learning it keeps its initial position relative to the frontier.
		w.competitorCap = cp.InitialCapability * w.frontierCap
	}
}
