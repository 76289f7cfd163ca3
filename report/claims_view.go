package report

// claimView is a claim made ready for the template.
type claimView struct {
	ID, Mechanism, Statement, Quote, Rule string
	Verdict, Symbol, Class, Reason        string
	Evidence                              []evidenceView
}

type evidenceView struct {
	Kind, What, Value, Test, Outcome, OutcomeClass string
	Source, SourceURL, Note                        string
}
