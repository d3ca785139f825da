# The same arithmetic as kai-cost in awk, without proper CSV parsing and with
# floating point: a speed reference for `make bench`, not a correct tool.
BEGIN {
	FS = OFS = ","
	self["large,commercial"] = .10; self["mid,commercial"] = .06; self["sme,commercial"] = .05
	self["large,research"] = .25;   self["mid,research"] = .15;   self["sme,research"] = .125
	self["large,closed"] = .50;     self["mid,closed"] = .30;     self["sme,closed"] = .25
	cash["large"] = .15; cash["mid"] = .13; cash["sme"] = .10
}
function ceil(x) { return x == int(x) ? x : int(x) + 1 }
NR == 1 { print $0, "unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw"; next }
{
	size = $2 == "중소기업" ? "sme" : $2
	r = self[size "," $3]; c = cash[size]
	gov = int($4 * 6600000 * $5)
	priv = ceil(gov * r / (1 - r)); cm = ceil(priv * c)
	printf "%s,6600000,%.0f,%s,%.0f,%s,%.0f,%.0f,%.0f\n", $0, gov, r * 100, priv, c * 100, cm, priv - cm, gov + priv
}
