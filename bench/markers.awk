# The hand-written awk reference of `npm run bench` (issue 8): what an engineer would write to
# count markers and the 21 seed-era facets of a prodex runtime log in one pass.
# Text lines: the marker is the first token after "] " that is not key=value.
# JSON lines: the marker is the "event" value; facets are "key":"value" pairs.
BEGIN {
	n = split("lane route profile reason transport family client tool_surface continuation origin warning quota_source quota_band five_hour_status weekly_status affinity context event stage state source", names, " ")
	for (i = 1; i <= n; i++) facet[names[i]] = 1
}
substr($0, 1, 1) == "{" {
	if (match($0, /"event":"[^"]*"/)) markers[substr($0, RSTART + 9, RLENGTH - 10)]++
	rest = $0
	while (match(rest, /"[a-z_0-9]+":"[^"]*"/)) {
		pair = substr(rest, RSTART + 1, RLENGTH - 2)
		rest = substr(rest, RSTART + RLENGTH)
		split(pair, kv, "\":\"")
		if (kv[1] in facet) counts[kv[1] "=" kv[2]]++
	}
	next
}
{
	at = index($0, "] ")
	if (at == 0) next
	m = split(substr($0, at + 2), tokens, " ")
	marker = ""
	for (i = 1; i <= m; i++) {
		eq = index(tokens[i], "=")
		if (eq == 0) { if (marker == "") marker = tokens[i]; continue }
		key = substr(tokens[i], 1, eq - 1)
		if (key in facet) counts[key "=" substr(tokens[i], eq + 1)]++
	}
	if (marker != "") markers[marker]++
}
END {
	for (k in markers) print "marker", k, markers[k]
	for (k in counts) print "facet", k, counts[k]
}
