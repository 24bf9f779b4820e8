#!/usr/bin/env python3
"""Make synthetic gazetteers and news corpora for benchmarking gazegraph.

    python3 bench/gen.py gazetteer --aliases 100000 [--seed 1] -o /tmp/gg-bench/g100k.jsonl
    python3 bench/gen.py corpus --gazetteer /tmp/gg-bench/g100k.jsonl --bytes 1G [--seed 1] \\
        [--docs-format jsonl|dir] -o /tmp/gg-bench/c1g.jsonl

`gazetteer` writes a self-contained gazetteer (load it with `--no-default-gazetteer
--gazetteer FILE`) holding about N names, counting every string in name, aliases, short,
abbreviations, demonyms, seats and titles: up to 200 invented states (name, long form,
demonyms, a seat, some a capital-letter code, a few a `not` phrase), their offices with shared
titles ("Foreign Minister"), their foreign and defence ministries, international
organisations, and people to make up the rest. People have "First Last" names built from
syllables, all distinct; surnames repeat across people, as short forms may. The first people
of each state hold its offices, in consecutive dated terms. No name is an English word used in
the corpus templates.

`corpus` writes news-like articles until about SIZE bytes (suffixes K, M, G: powers of 1000).
By default OUT is a JSON Lines file, one {"id", "date", "title", "text"} per line; with
`--docs-format dir` it is a directory of .txt files (headline, date line, text), 1,000 to a
subdirectory. Articles are 1 to 6 KB of paragraphs of 2 to 5 sentences: meetings, calls and
talks between people named in full and then by surname, titles before names, demonyms and
seats standing for states, plans and denials, and filler with no names. People, states and
organisations are drawn with Zipf-like popularity (weight 1/rank; office holders rank first).

Both print what they wrote to standard error. Output depends only on the arguments and the
seed: every draw comes from one random.Random(seed) through random(), randrange() and choice().
"""

import argparse
import bisect
import itertools
import json
import pathlib
import random
import re
import string
import sys
import time

# ---------------------------------------------------------------------------------------------
# Corpus templates. Slots: A, B, C people; S, D, DP, SEAT, ABBR, MIN, GULF one state (name,
# demonym, plural demonym, seat, code, foreign ministry, `not` phrase); S2, D2, SEAT2 another;
# ORG an organisation; DAY, TOPIC, YEAR carry no names.

REPORTS = [
    "{A} held talks with {B} in {SEAT} on {DAY}.",
    "{A} spoke by phone with {B} on {DAY} about {TOPIC}.",
    "{A} told {B} that {S} wanted a quick settlement on {TOPIC}.",
    "{A} met {B} on the sidelines of a regional summit in {SEAT}.",
    "During a call with {B} on {DAY}, {A} raised the issue of {TOPIC}.",
    "{A} and {B} discussed {TOPIC} over a working dinner in {SEAT}.",
    "{A} briefed {B} on the findings of the inspection team.",
    "{A} received a call from {B} late on {DAY}.",
    "{A} exchanged views with {B} on {TOPIC}.",
    "{A} hosted {B} at a government guest house outside {SEAT}.",
    "{A} phoned {B} shortly after the vote.",
    "{A}, {B} and {C} met in {SEAT} to go over {TOPIC}.",
    "Talks between {A}, {B} and {C} ran well past midnight.",
    "{A} and {B} later spoke with {C} by video link.",
]
PLANS = [
    "{A} will meet {B} in {SEAT} next week.",
    "{A} denied speaking with {B} about {TOPIC}.",
    "{A} refused to meet {B} while the row over {TOPIC} lasted.",
    "{A} is expected to hold talks with {B} later this month.",
    "{A} has not spoken with {B} since the election.",
    "Aides said {A} hoped to call {B} before the summit.",
]
FOLLOW_UPS = [
    "{A} later told reporters the meeting had been useful.",
    "{A} did not take questions afterwards.",
    "A spokesperson for {A} declined to comment.",
    "{A} returned to {SEAT} on {DAY}.",
    "{A} has made {TOPIC} a priority this year.",
]
PLACES = [
    "Officials in {SEAT} said the {D} delegation would arrive on {DAY}.",
    "{S} and {S2} signed an agreement on {TOPIC}.",
    "{DP} have grown wary of {TOPIC}, a recent survey found.",
    "{D} diplomats met their {D2} counterparts in {SEAT2}.",
    "The {ORG} said it would send a team to {S}.",
    "{ABBR} officials declined to comment on the report.",
    "Trade between {S} and {S2} has doubled in five years.",
    "{SEAT} has not commented publicly on {TOPIC}.",
    "The {MIN} said talks on {TOPIC} would continue.",
    "Storms closed several ports along the {GULF} on {DAY}.",
    "{S} joined the {ORG} in {YEAR}.",
]
HEADLINES = [
    "{A} and {B} hold talks in {SEAT}",
    "{S} and {S2} agree to resume talks on {TOPIC}",
    "{A} denies meeting {B}",
    "Markets steady as {S} weighs {TOPIC}",
    "{D} officials warn of delays over {TOPIC}",
    "{A} heads to {SEAT} for talks on {TOPIC}",
    "{ORG} to review {TOPIC} after pressure from {S}",
]
NAMED = REPORTS * 3 + PLANS + FOLLOW_UPS * 2 + PLACES * 2

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September",
          "October", "November", "December"]
TOPICS = [
    "grain exports", "fishing quotas", "the pipeline project", "border crossings", "debt relief",
    "visa rules", "steel tariffs", "the ceasefire", "water sharing", "port fees",
    "the prisoner exchange", "energy prices", "rail links", "airspace rules", "migration",
]

# Filler: sentences with no names, pre-built from these parts.
ECONOMY = (
    ["Industrial output", "Retail sales", "Consumer prices", "Factory orders", "Housing starts",
     "Freight volumes", "Business confidence", "Household spending", "Tourist arrivals",
     "Car sales", "Electricity demand", "Wage growth"],
    ["rose", "fell", "edged up", "slipped", "climbed", "dropped", "recovered", "jumped"],
    ["the statistics office reported", "beating most forecasts",
     "the weakest reading in two years", "according to preliminary figures",
     "a smaller change than economists had pencilled in", "driven mostly by energy costs",
     "after a revision to earlier data"],
)
MARKETS = (
    ["shipping", "mining", "banking", "steel", "software", "fertiliser", "airline", "utility",
     "retail", "insurance"],
    ["early", "afternoon", "late", "thin holiday", "heavy"],
    ["investors took profits", "bond yields climbed", "traders waited for inflation data",
     "commodity prices swung", "a rate decision loomed", "quarterly results came in mixed"],
)
WEATHER = (
    ["Heavy rain", "Strong winds", "A late frost", "Thick fog", "A heat wave", "Snowstorms",
     "Flash floods", "Dust storms"],
    ["swept across", "hit", "lingered over", "disrupted traffic in", "battered"],
    ["the northern provinces", "coastal towns", "the river valley", "the southern plains",
     "mountain districts", "several farming regions", "the eastern highlands"],
    ["overnight", "over the weekend", "early in the week", "for a third day", "this morning"],
    ["forecasters said", "closing schools and roads", "and more is expected",
     "cutting power to thousands of homes", "though no injuries were reported"],
)
QUOTES = (
    ["We expect demand to stay soft until spring", "Nobody here has seen prices like this before",
     "The numbers look better than they feel", "It is too early to call this a recovery",
     "Everyone is waiting to see what happens next", "Costs keep going up and wages do not",
     "We had hoped for more clarity by now"],
    ["one analyst", "a senior economist at a local bank", "a fund manager", "a shop owner",
     "a port worker", "a retired teacher", "a farmer", "one trader"],
)
CURRENCY = ["second", "third", "fourth", "fifth", "sixth"]
GENERIC = [
    "Reporters were kept outside the building during the session.",
    "The statement did not give further details.",
    "Neither side published a full transcript.",
    "The talks covered energy, trade and border security.",
    "A follow-up round is pencilled in for the autumn.",
    "Analysts cautioned against reading too much into the gesture.",
    "Protesters gathered outside the venue but dispersed peacefully.",
    "Local media carried the story on their front pages.",
    "The agreement still needs approval from parliament.",
    "Officials gave no timetable for the next steps.",
]
FILLER_POOL = 20000
NAMED_SHARE = 0.33  # share of sentences that name someone; tuned for about 10 mentions per KB

# ---------------------------------------------------------------------------------------------
# Gazetteer parts.

ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr",
          "gr", "kr", "tr", "st", "sh", "zh", "kh", "ts"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou", "ia"]
CODAS = ["", "", "", "", "n", "r", "l", "s", "k", "m"]
STATE_ENDINGS = [("ia", "ian"), ("a", "an"), ("land", "lander"), ("istan", "istani"),
                 ("ora", "oran"), ("ovo", "ovan"), ("esh", "eshi"), ("ar", "ari")]
# (id suffix, office name, titles, share of states that have it)
OFFICES = [
    ("president", "President of {}", ["President"], 0.7),
    ("prime-minister", "Prime Minister of {}", ["Prime Minister"], 0.6),
    ("foreign-minister", "Foreign Minister of {}",
     ["Foreign Minister", "Minister of Foreign Affairs"], 1.0),
    ("defence-minister", "Defence Minister of {}", ["Defence Minister"], 0.5),
    ("finance-minister", "Finance Minister of {}", ["Finance Minister"], 0.4),
    ("foreign-ministry-spokesperson", "Spokesperson of the Ministry of Foreign Affairs of {}",
     ["Foreign Ministry spokesperson"], 0.3),
]
MINISTRIES = [
    ("foreign-ministry", "Ministry of Foreign Affairs of {}", ["Foreign Ministry"], 1.0),
    ("defence-ministry", "Ministry of Defence of {}", ["Defence Ministry"], 0.5),
]
ORG_KINDS = ["Development Bank", "Economic Forum", "Energy Agency", "Maritime Council",
             "Health Organisation", "Trade Bloc", "Defence Pact", "Water Commission",
             "Grain Board", "Rail Authority", "Space Agency", "Monetary Fund"]
NAME_FIELDS = ["name", "aliases", "short", "abbreviations", "demonyms", "seats", "titles"]


def vocabulary():
    """Every word of the corpus templates, lower-cased: no generated name may be one."""
    texts = [REPORTS, PLANS, FOLLOW_UPS, PLACES, HEADLINES, DAYS, MONTHS, TOPICS, GENERIC,
             CURRENCY, *ECONOMY, *MARKETS, *WEATHER, *QUOTES, ORG_KINDS,
             [t for o in OFFICES + MINISTRIES for t in [o[1]] + o[2]]]
    words = set()
    for group in texts:
        for text in group:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return words


class Names:
    """Fresh invented words and a register of every name taken, folded to lower case."""

    def __init__(self, rng):
        self.rng = rng
        self.taken = vocabulary()

    def word(self, syllables):
        choice = self.rng.choice
        while True:
            w = "".join(choice(ONSETS) + choice(VOWELS) + choice(CODAS) for _ in range(syllables))
            if len(w) >= 4 and w not in self.taken:
                self.taken.add(w)
                return w.capitalize()

    def claim(self, name):
        """Take a name if no one has it yet."""
        key = name.lower()
        if key in self.taken:
            return False
        self.taken.add(key)
        return True


def names_in(entity):
    """How many names an entity line holds."""
    return sum(1 if f == "name" else len(entity[f]) for f in NAME_FIELDS if f in entity)


def make_state(rng, names, i):
    while True:
        stem = names.word(2).rstrip("aeiou")
        ending, demonym_ending = rng.choice(STATE_ENDINGS)
        name, demonym = stem + ending, stem + demonym_ending
        if len(stem) >= 3 and all(names.claim(n) for n in (name, demonym, demonym + "s")):
            break
    slug = name.lower()
    state = {"id": f"state:{slug}", "kind": "state", "name": name}
    if rng.random() < 0.7:
        state["aliases"] = [f"Republic of {name}"]
        names.claim(state["aliases"][0])
    if rng.random() < 0.35:
        consonants = [c for c in name[1:].upper() if c not in "AEIOU"] or ["X"]
        code = name[0] + rng.choice(consonants) + rng.choice(consonants)
        if names.claim(code):
            state["abbreviations"] = [code]
    state["demonyms"] = [demonym, demonym + "s"]
    state["seats"] = [names.word(2)]
    # Two observers and two non-members, as in the real data.
    state["un"] = {1: "observer", 2: "observer", 3: "non-member", 4: "non-member"}.get(i, "member")
    if i % 10 == 3:
        state["not"] = [f"Gulf of {name}"]
    return state


def make_terms(rng, office_id):
    """Consecutive terms of 2 to 4 holders from about 2008, the last one open."""
    year = 2008 + rng.randrange(4)
    terms = []
    for _ in range(2 + rng.randrange(3)):
        start = f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        if terms:
            terms[-1]["to"] = start
        terms.append({"office": office_id, "from": start})
        year += 2 + rng.randrange(5)
        if year > 2025:
            break
    return terms


def gazetteer(args):
    rng = random.Random(args.seed)
    names = Names(rng)
    target = args.aliases
    state_count = min(200, max(10, target // 40))
    out = open(args.output, "w", encoding="utf-8", newline="\n")
    out.write(f"# Generated by bench/gen.py gazetteer --aliases {target} --seed {args.seed}\n")
    entities = total = 0

    def write(entity):
        nonlocal entities, total
        out.write(json.dumps(entity, separators=(",", ":")) + "\n")
        entities += 1
        total += names_in(entity)

    # Offices to fill, per state: the first people made for a state hold its terms.
    pending = []
    for i in range(state_count):
        state = make_state(rng, names, i)
        write(state)
        slug = state["id"].split(":")[1]
        terms = []
        for suffix, name, titles, share in OFFICES:
            if rng.random() < share:
                office_id = f"office:{slug}-{suffix}"
                write({"id": office_id, "kind": "office", "name": name.format(state["name"]),
                       "titles": titles, "state": state["id"]})
                terms.extend(make_terms(rng, office_id))
        for suffix, name, titles, share in MINISTRIES:
            if rng.random() < share:
                write({"id": f"org:{slug}-{suffix}", "kind": "org",
                       "name": name.format(state["name"]), "titles": titles, "state": state["id"]})
        pending.append((state["id"], terms))

    regions = [names.word(2 + rng.randrange(2)) for _ in range(max(1, target // 300))]
    for _ in range(max(3, target // 70)):
        while True:
            region, kind = rng.choice(regions), rng.choice(ORG_KINDS)
            name = f"{region} {kind}"
            if names.claim(name):
                break
        org = {"id": "org:" + name.lower().replace(" ", "-"), "kind": "org", "name": name}
        initials = "".join(w[0] for w in kind.split())
        for code in (region[0] + initials, region[:2].upper() + initials):
            if names.claim(code):
                org["abbreviations"] = [code]
                break
        write(org)

    people = max(10, (target - total) * 4 // 9)
    surnames = [names.word(2 + rng.randrange(2)) for _ in range(max(10, people // 4))]
    firsts = [names.word(2 + rng.randrange(2)) for _ in range(max(10, min(people // 3, 4000)))]
    while total < target:
        while True:
            first, last = rng.choice(firsts), rng.choice(surnames)
            name = f"{first} {last}"
            if names.claim(name):
                break
        person = {"id": f"person:{first.lower()}-{last.lower()}", "kind": "person", "name": name}
        if rng.random() < 0.25:
            person["aliases"] = [f"{first} {rng.choice(string.ascii_uppercase)}. {last}"]
        person["short"] = [last]
        state_id, terms = rng.choice(pending)
        person["state"] = state_id
        if terms:
            person["offices"] = [terms.pop(0)]
        write(person)
    out.close()
    print(f"gen.py: {entities} entities, {total} names ({state_count} states) -> {args.output}",
          file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Corpus.

def parse_size(text):
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


# State slots: (0 the sentence's state, 1 the other one; what to write).
STATE_SLOTS = {"S": (0, "name"), "D": (0, "demonym"), "DP": (0, "plural"), "SEAT": (0, "seat"),
               "ABBR": (0, "code"), "S2": (1, "name"), "D2": (1, "demonym"), "SEAT2": (1, "seat")}


def compile_templates(templates):
    """Each template with the slots it uses, in order."""
    return [(t, [f for _, f, _, _ in string.Formatter().parse(t) if f]) for t in templates]


def zipf_table(count):
    """Cumulative weights 1/rank, for bisect."""
    return list(itertools.accumulate(1.0 / r for r in range(1, count + 1)))


def filler_pool(rng):
    """Pre-built sentences that name no one."""
    pool = []
    c = rng.choice
    for i in range(FILLER_POOL):
        kind = i % 6
        if kind == 0:
            s = (f"{c(ECONOMY[0])} {c(ECONOMY[1])} {rng.randrange(1, 90) / 10} percent in "
                 f"{c(MONTHS)}, {c(ECONOMY[2])}.")
        elif kind == 1:
            s = (f"Shares of {c(MARKETS[0])} companies {c(ECONOMY[1])} {rng.randrange(1, 60) / 10} "
                 f"percent in {c(MARKETS[1])} trading as {c(MARKETS[2])}.")
        elif kind == 2:
            s = f"{c(WEATHER[0])} {c(WEATHER[1])} {c(WEATHER[2])} {c(WEATHER[3])}, {c(WEATHER[4])}."
        elif kind == 3:
            s = f'"{c(QUOTES[0])}," {c(QUOTES[1])} said.'
        elif kind == 4:
            s = (f"The local currency {c(ECONOMY[1])} against the dollar for a {c(CURRENCY)} "
                 "straight session.")
        else:
            s = c(GENERIC)
        pool.append(s)
    return pool


def gazetteer_records(path):
    """Each entity of a gazetteer file, skipping blank and comment lines."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", "//")):
                yield json.loads(line)


class World:
    """What the corpus needs from a gazetteer file."""

    def __init__(self, path):
        self.states = []  # dicts: name, demonym, plural, seat, code, ministry, gulf
        self.people = []  # (full name, alias or None, surname, state index)
        self.orgs = []  # (name, abbreviation or None)
        self.terms = {}  # person index -> [(from, to, title, state index)]
        state_index, offices, ministries, held = {}, {}, [], []
        for e in gazetteer_records(path):
            kind = e["kind"]
            if kind == "state":
                state_index[e["id"]] = len(self.states)
                demonyms = e.get("demonyms") or [e["name"]]
                self.states.append({
                    "name": e["name"], "demonym": demonyms[0], "plural": demonyms[-1],
                    "seat": (e.get("seats") or [e["name"]])[0],
                    "code": (e.get("abbreviations") or [e["name"]])[0],
                    "ministry": None, "gulf": (e.get("not") or [None])[0],
                })
            elif kind == "office":
                offices[e["id"]] = ((e.get("titles") or [e["name"]])[0], e["state"])
            elif kind == "org" and e.get("titles") and e.get("state"):
                ministries.append((e["state"], e["titles"][0]))
            elif kind == "org":
                self.orgs.append((e["name"], (e.get("abbreviations") or [None])[0]))
            elif kind == "person":
                if e.get("offices"):
                    held.append((len(self.people), e["offices"]))
                self.people.append((e["name"], (e.get("aliases") or [None])[0],
                                    (e.get("short") or [e["name"]])[0],
                                    state_index.get(e.get("state"), 0)))
        for state_id, title in ministries:
            state = self.states[state_index[state_id]]
            state["ministry"] = state["ministry"] or title
        for person, terms in held:
            for t in terms:
                title, state_id = offices[t["office"]]
                if state_id in state_index:
                    self.terms.setdefault(person, []).append(
                        (t.get("from", "0000"), t.get("to", "9999"), title, state_index[state_id]))
        # Office holders are the most popular people; the rest follow in file order.
        holders = sorted(self.terms)
        holder_set = set(holders)
        self.popular = holders + [i for i in range(len(self.people)) if i not in holder_set]
        self.person_weights = zipf_table(len(self.people))
        self.state_weights = zipf_table(len(self.states))
        self.org_weights = zipf_table(len(self.orgs))
        if len(self.people) < 50 or len(self.states) < 3 or not self.orgs:
            sys.exit("gen.py: the gazetteer needs 50 people, 3 states and an organisation")


class Article:
    """One document's cast and the mentions written into it so far."""

    def __init__(self, world, rng, date):
        self.world, self.rng, self.date = world, rng, date
        self.mentions = 0
        self.named = set()
        self.titled = {}  # person -> (title, state) to use on first mention
        self.cast = []
        for _ in range(2):
            self.add_person()
        self.states = [world.people[self.cast[0]][3]]
        while len(self.states) < 3:
            s = self.draw(world.state_weights)
            if s not in self.states:
                self.states.append(s)

    def draw(self, weights):
        return bisect.bisect_right(weights, self.rng.random() * weights[-1])

    def add_person(self):
        world = self.world
        while True:
            p = world.popular[self.draw(world.person_weights)]
            if p not in self.cast:
                break
        self.cast.append(p)
        for start, end, title, state in world.terms.get(p, ()):
            if start <= self.date < end and self.rng.random() < 0.8:
                self.titled[p] = (title, state)
        return p

    def people(self, count):
        """`count` distinct people, mostly from the cast, sometimes someone new."""
        rng = self.rng
        chosen = []
        while len(chosen) < count:
            if rng.random() < 0.2 or len(self.cast) < count:
                p = self.add_person()
            else:
                p = self.cast[rng.randrange(len(self.cast))]
            if p not in chosen:
                chosen.append(p)
        return chosen

    def person(self, p):
        """Full name the first time (after a title, maybe a demonym), then mostly the surname."""
        full, alias, surname, _ = self.world.people[p]
        rng = self.rng
        if p not in self.named:
            self.named.add(p)
            name = alias if alias and rng.random() < 0.15 else full
            if p in self.titled:
                title, state = self.titled[p]
                if rng.random() < 0.5:
                    self.mentions += 3
                    return f"{self.world.states[state]['demonym']} {title} {name}"
                self.mentions += 2
                return f"{title} {name}"
            self.mentions += 1
            return name
        r = rng.random()
        if p in self.titled and r < 0.15:
            self.mentions += 2
            return f"{self.titled[p][0]} {surname}"
        self.mentions += 1
        return surname if r < 0.85 else full

    def fill(self, template):
        text, fields = template
        rng = self.rng
        people = self.people(sum(1 for f in fields if f in ("A", "B", "C")))
        first = rng.randrange(len(self.states))
        if "GULF" in fields or "MIN" in fields:
            need = "gulf" if "GULF" in fields else "ministry"
            first = next(i for i, s in enumerate(self.states) if self.world.states[s][need])
        pair = (self.world.states[self.states[first]], self.world.states[self.states[first - 1]])
        one = pair[0]  # the state that GULF and MIN need
        values = {}
        for f in fields:
            if f in ("A", "B", "C"):
                values[f] = self.person(people["ABC".index(f)])
                continue
            if f == "DAY":
                values[f] = rng.choice(DAYS)
            elif f == "TOPIC":
                values[f] = rng.choice(TOPICS)
            elif f == "YEAR":
                values[f] = str(1990 + rng.randrange(30))
            elif f == "GULF":
                values[f] = one["gulf"]
            elif f == "MIN":
                values[f] = f"{one['demonym']} {one['ministry']}"
                self.mentions += 2
            elif f == "ORG":
                name, code = self.world.orgs[self.draw(self.world.org_weights)]
                values[f] = code if code and rng.random() < 0.3 else name
                self.mentions += 1
            else:
                which, key = STATE_SLOTS[f]
                values[f] = pair[which][key]
                self.mentions += 1
        return text.format_map(values)


class Corpus:
    def __init__(self, world, seed):
        self.world = world
        self.rng = random.Random(seed)
        self.filler = filler_pool(self.rng)
        self.named = compile_templates(NAMED)
        self.headlines = compile_templates(HEADLINES)

    def template(self, article, templates):
        """A template the article can fill: only some states have a GULF or a MIN."""
        states = [self.world.states[s] for s in article.states]
        while True:
            t = self.rng.choice(templates)
            if "GULF" in t[1] and not any(s["gulf"] for s in states):
                continue
            if "MIN" in t[1] and not any(s["ministry"] for s in states):
                continue
            return t

    def article(self):
        """(date, headline, text, mentions) of a new article."""
        rng = self.rng
        date = f"{2018 + rng.randrange(8)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        article = Article(self.world, rng, date)
        headline = article.fill(self.template(article, self.headlines))
        r = rng.random()
        target = 1000 + int(5000 * r * r)
        paragraphs, size, lead = [], 0, True
        while size < target:
            sentences = []
            for _ in range(2 + rng.randrange(4)):
                if lead or rng.random() < NAMED_SHARE:
                    sentences.append(article.fill(self.template(article, self.named)))
                    lead = False
                else:
                    sentences.append(rng.choice(self.filler))
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        return date, headline, "\n\n".join(paragraphs), article.mentions


def corpus(args):
    started = time.perf_counter()
    world = World(args.gazetteer)
    maker = Corpus(world, args.seed)
    limit = parse_size(args.bytes)
    out = pathlib.Path(args.output)
    docs = written = mentions = 0
    if args.docs_format == "dir":
        out.mkdir(parents=True, exist_ok=True)
        while written < limit:
            docs += 1
            date, headline, text, m = maker.article()
            folder = out / f"{(docs - 1) // 1000:04d}"
            if (docs - 1) % 1000 == 0:
                folder.mkdir(exist_ok=True)
            data = f"{headline}\n{date}\n\n{text}\n".encode()
            (folder / f"doc-{docs:09d}.txt").write_bytes(data)
            written += len(data)
            mentions += m
    else:
        with open(out, "wb") as f:
            chunk, chunk_size = [], 0
            while written < limit:
                docs += 1
                date, headline, text, m = maker.article()
                line = json.dumps({"id": f"doc-{docs:09d}", "date": date, "title": headline,
                                   "text": text}, ensure_ascii=False) + "\n"
                data = line.encode()
                chunk.append(data)
                chunk_size += len(data)
                written += len(data)
                mentions += m
                if chunk_size >= 1 << 23:
                    f.write(b"".join(chunk))
                    chunk, chunk_size = [], 0
            f.write(b"".join(chunk))
    seconds = time.perf_counter() - started
    print(f"gen.py: {docs} documents, {written} bytes, {mentions} mentions inserted "
          f"({mentions / (written / 1000):.1f} per KB) in {seconds:.1f} s "
          f"({written / 1e6 / seconds:.1f} MB/s) -> {out}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("gazetteer", help="write a synthetic gazetteer")
    g.add_argument("--aliases", type=int, required=True, help="about how many names to write")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("-o", "--output", required=True)
    c = sub.add_parser("corpus", help="write synthetic news documents")
    c.add_argument("--gazetteer", required=True)
    c.add_argument("--bytes", required=True, help="about how much to write: 5000000, 10M, 1G")
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--docs-format", choices=["jsonl", "dir"], default="jsonl")
    c.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    if args.command == "gazetteer":
        if args.aliases < 500:
            parser.error("--aliases must be at least 500")
        gazetteer(args)
    else:
        corpus(args)


if __name__ == "__main__":
    main()
