package freetext

import "slices"

// Urgency tiers of a flagged answer, most urgent first: the order the safeguarding lead reads them in.
const (
	// UrgencyHarmNow is a risk to the child's life or of abuse that needs the same-day route:
	// suicide, self-harm, abuse, grooming, exploitation, an unsafe home and neglect. Neglect is
	// here, last, because statutory guidance counts it as abuse and it is the commonest reason
	// for a child protection plan, though it is seldom as sudden as the others.
	UrgencyHarmNow = iota
	// UrgencyViolence is violence around the child: weapons, threats, being hurt.
	UrgencyViolence
	// UrgencyWellbeing is bullying and running away: serious, but seldom a same-day risk.
	UrgencyWellbeing
)

// urgencyOrder lists every kind of harm from the most urgent, with its tier; a kind's place in
// it breaks ties within a tier after the date.
var urgencyOrder = []kindTier{
	{"suicide", UrgencyHarmNow}, {"self_harm", UrgencyHarmNow}, {"abuse", UrgencyHarmNow}, {"grooming", UrgencyHarmNow},
	{"exploitation", UrgencyHarmNow}, {"unsafe_home", UrgencyHarmNow}, {"neglect", UrgencyHarmNow},
	{"weapon", UrgencyViolence}, {"threat", UrgencyViolence}, {"hurt", UrgencyViolence},
	{"bullying", UrgencyWellbeing}, {"running_away", UrgencyWellbeing},
}

// Urgency is how urgent an answer flagged for reasons is: the tier of its most urgent kind of
// harm, and that kind's place in the order of all kinds. Unknown kinds (from an older phrase
// list) count as the least urgent, after every known one, rather than being lost.
func Urgency(reasons []string) (tier, rank int) {
	tier, rank = UrgencyWellbeing, len(urgencyOrder)
	for _, r := range reasons {
		if i := slices.IndexFunc(urgencyOrder, func(u kindTier) bool { return u.kind == r }); i >= 0 && i < rank {
			tier, rank = urgencyOrder[i].tier, i
		}
	}
	return tier, rank
}

type kindTier struct {
	kind string
	tier int
}
