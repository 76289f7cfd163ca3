package numfmt

// Vector is one formatting case of the house style: a function name, its
// argument and the text it must give. The same table checks this package
// and its browser port.
type Vector struct {
	Func string  `json:"f"`
	In   float64 `json:"x"`
	Want string  `json:"want"`
}

// Format applies the vector's function to its argument.
func (v Vector) Format() string {
	switch v.Func {
	case "Money":
		return Money(v.In)
	case "Percent":
		return Percent(v.In)
	case "Auto":
		return Auto(v.In)
	case "Sig3":
		return Sig(v.In, 3)
	case "Points":
		return Points(v.In)
	case "Months":
		return Months(v.In)
	case "Ratio":
		return Ratio(v.In)
	case "Fixed0":
		return Fixed(v.In, 0)
	}
	return "unknown function " + v.Func
}

// Vectors returns the table of formatting cases.
func Vectors() []Vector {
	return []Vector{
		{"Money", 950, "$950bn"},
		{"Money", 81.94, "$81.9bn"},
		{"Money", 0.9466, "$0.95bn"},
		{"Money", 1.234, "$1.23bn"},
		{"Money", 0, "$0bn"},
		{"Money", -0.001, "−$0.001bn"},
		{"Money", 999.4, "$999bn"},
		{"Money", 999.6, "$1tn"},
		{"Money", 12071, "$12.1tn"},
		{"Money", 60000, "$60tn"},
		{"Money", 6000, "$6tn"},
		{"Money", 11188, "$11.2tn"},
		{"Money", -2138, "−$2.14tn"},
		{"Money", 123456, "$123tn"},
		{"Money", 1234567, "$1,235tn"},
		{"Percent", 0.1234, "12.3%"},
		{"Percent", -0.895, "−89.5%"},
		{"Percent", -0.00001, "0.0%"},
		{"Percent", 12.5, "1,250%"},
		{"Percent", 0, "0.0%"},
		{"Auto", 12345.6, "12,346"},
		{"Auto", 123.45, "123"},
		{"Auto", 99.96, "100"},
		{"Auto", 12.345, "12.3"},
		{"Auto", 1.234, "1.23"},
		{"Auto", 0.0001234, "0.000123"},
		{"Auto", -0.004, "−0.004"},
		{"Auto", -0.0000001, "−1e−7"},
		{"Sig3", 1400, "1,400"},
		{"Sig3", -0.2, "−0.2"},
		{"Sig3", 14.444, "14.4"},
		{"Sig3", 0.0099999, "0.01"},
		{"Points", 0.0123, "+1.2 pp"},
		{"Points", -0.004, "−0.4 pp"},
		{"Points", 0.00001, "0.0 pp"},
		{"Months", 89.98, "90 months"},
		{"Months", 2.46, "2.5 months"},
		{"Months", 1, "1 month"},
		{"Ratio", 1.3412, "1.34×"},
		{"Fixed0", -0.4, "0"},
		{"Fixed0", 1234567, "1,234,567"},
	}
}
