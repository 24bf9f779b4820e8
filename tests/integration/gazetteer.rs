//! The built-in gazetteer: a quality check over all of its data, and one sentence per tricky
//! state asserting exactly which state nodes appear. Every sentence is written for these tests.

use std::collections::{BTreeMap, BTreeSet};

use gazegraph::Gazetteer;
use gazegraph::gazetteer::{Date, Form, Kind, UnStatus};

use crate::{eqnice, graph_of};

#[test]
fn built_in_states_are_the_un_members_observers_taiwan_and_kosovo() {
    let g = Gazetteer::built_in().unwrap();
    let mut by_status: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in g.entities().iter().filter(|e| e.kind == Kind::State) {
        let status = e.un.map_or("none", UnStatus::as_str);
        by_status.entry(status).or_default().push(&e.id);
    }
    assert_eq!(by_status.get("member").map_or(0, Vec::len), 193);
    eqnice!(
        ["state:holy-see", "state:palestine"],
        by_status["observer"],
        "observer states"
    );
    eqnice!(
        ["state:kosovo", "state:taiwan"],
        by_status["non-member"],
        "states outside the UN"
    );
    assert!(!by_status.contains_key("none"), "a state without UN status");
}

#[test]
fn built_in_names_are_unambiguous_or_have_a_rule() {
    let g = Gazetteer::built_in().unwrap();
    // Shared names: only short forms and titles, which resolution decides from context.
    let mut owners: BTreeMap<String, BTreeSet<(u32, Form)>> = BTreeMap::new();
    for a in g.aliases() {
        owners
            .entry(a.text.to_ascii_lowercase())
            .or_default()
            .insert((a.entity, a.form));
    }
    let mut unruled = Vec::new();
    for (name, set) in &owners {
        let entities: BTreeSet<u32> = set.iter().map(|x| x.0).collect();
        if entities.len() > 1
            && set
                .iter()
                .any(|x| !matches!(x.1, Form::Short | Form::Title))
        {
            unruled.push(name.clone());
        }
    }
    assert!(
        unruled.is_empty(),
        "names shared without a rule: {unruled:?}"
    );
    // An excluded phrase ("New Mexico") must not also be a name.
    for x in g.exclusions() {
        assert!(
            !owners.contains_key(&x.text.to_ascii_lowercase()),
            "{:?}",
            x.text
        );
    }
}

#[test]
fn built_in_references_and_terms_are_valid() {
    let g = Gazetteer::built_in().unwrap();
    let mut ids = BTreeSet::new();
    let earliest = Date::parse("1945").unwrap();
    let latest = Date::parse("2026-12-31").unwrap();
    let mut faults = Vec::new();
    for e in g.entities() {
        assert!(ids.insert(&e.id), "duplicate id {}", e.id);
        assert!(
            e.id.starts_with(&format!("{}:", e.kind)),
            "{} is a {}",
            e.id,
            e.kind
        );
        if e.kind == Kind::Office {
            assert!(e.state.is_some(), "{} belongs to nothing", e.id);
        }
        for t in &e.terms {
            let office = g.entity(t.office);
            assert_eq!(office.kind, Kind::Office, "{} holds {}", e.id, office.id);
            // A person serves the state their offices belong to.
            let office_state = office.state.map(|s| g.entity(s));
            if let Some(s) = office_state.filter(|s| s.kind == Kind::State)
                && e.state != office.state
            {
                faults.push(format!("{} holds {} of {}", e.id, office.id, s.id));
            }
            for d in [t.from, t.to].into_iter().flatten() {
                if d < earliest || d > latest {
                    faults.push(format!("{}: date {d} in {} out of range", e.id, office.id));
                }
            }
            // "2025" to "2025" is a term within that year; to the day, it must last a day.
            if let (Some(f), Some(to)) = (t.from, t.to)
                && (to < f || (to == f && to.is_full()))
            {
                faults.push(format!(
                    "{}: term in {} ends before it starts",
                    e.id, office.id
                ));
            }
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
}

/// Offices held by one person at a time must not have two holders on the same day. Only terms
/// dated to the day are compared; spokesperson offices have several holders at once.
#[test]
fn built_in_single_holder_offices_never_overlap() {
    let g = Gazetteer::built_in().unwrap();
    // Per office: (from, to, holder) of each term dated to the day.
    type Dated<'a> = (Date, Option<Date>, &'a str);
    let mut terms: BTreeMap<u32, Vec<Dated>> = BTreeMap::new();
    for e in g.entities().iter().filter(|e| e.kind == Kind::Person) {
        for t in &e.terms {
            let full = t.from.filter(Date::is_full);
            let to = t.to.filter(Date::is_full);
            if let Some(from) = full
                && (t.to.is_none() || to.is_some())
            {
                terms.entry(t.office).or_default().push((from, to, &e.name));
            }
        }
    }
    let mut overlaps = Vec::new();
    for (office, list) in &terms {
        let office = g.entity(*office);
        if office.name.contains("Spokesperson") {
            continue;
        }
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let a_before_b_ends = b.1.is_none_or(|end| a.0 < end);
                let b_before_a_ends = a.1.is_none_or(|end| b.0 < end);
                if a.2 != b.2 && a_before_b_ends && b_before_a_ends {
                    overlaps.push(format!("{}: {} and {}", office.name, a.2, b.2));
                }
            }
        }
    }
    assert!(overlaps.is_empty(), "{overlaps:#?}");
}

/// One sentence per tricky state: look-alike names, demonyms, capitals and seats, codes, and
/// phrases that contain a state's name without meaning it.
const STATES: &[(&str, &[&str])] = &[
    // Look-alikes.
    (
        "Niger and Nigeria signed a border pact.",
        &["Niger", "Nigeria"],
    ),
    (
        "Nigerien troops met Nigerian police in Niamey.",
        &["Niger", "Nigeria"],
    ),
    (
        "Oil leaks in the Niger Delta angered officials in Abuja.",
        &["Nigeria"],
    ),
    (
        "Sudan and South Sudan argued over pipeline fees.",
        &["South Sudan", "Sudan"],
    ),
    (
        "South Sudanese refugees reached Khartoum.",
        &["South Sudan", "Sudan"],
    ),
    (
        "The Democratic Republic of the Congo accused the Republic of the Congo of sheltering rebels.",
        &["Democratic Republic of the Congo", "Republic of the Congo"],
    ),
    (
        "Shelling in the DRC was heard across the river in Brazzaville.",
        &["Democratic Republic of the Congo", "Republic of the Congo"],
    ),
    (
        "Envoys from Kinshasa and Congo-Brazzaville met.",
        &["Democratic Republic of the Congo", "Republic of the Congo"],
    ),
    ("Congolese officials declined to comment.", &[]),
    (
        "Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea sent delegates.",
        &[
            "Equatorial Guinea",
            "Guinea",
            "Guinea-Bissau",
            "Papua New Guinea",
        ],
    ),
    (
        "A Guinean minister flew on to Malabo and Port Moresby.",
        &["Equatorial Guinea", "Guinea", "Papua New Guinea"],
    ),
    ("Hikers crossed the highlands of New Guinea.", &[]),
    (
        "Dominica and the Dominican Republic both joined the pact.",
        &["Dominica", "Dominican Republic"],
    ),
    (
        "Dominican diplomats travelled to Roseau.",
        &["Dominica", "Dominican Republic"],
    ),
    (
        "Georgia's prime minister flew from Tbilisi to Ankara.",
        &["Georgia", "Turkey"],
    ),
    ("Voters in Atlanta, Georgia, queued for hours.", &[]),
    ("The governor of Georgia signed the budget.", &[]),
    ("Georgian and Armenian envoys met.", &["Armenia", "Georgia"]),
    // Lower-case words are not states.
    ("Shoppers paid more for turkey this year.", &[]),
    ("Officials counted every hanging chad.", &[]),
    ("Officials in Chad and Turkey agreed.", &["Chad", "Turkey"]),
    ("Türkiye and Turkiye are the same state.", &["Turkey"]),
    // Demonyms and adjectives.
    (
        "Emirati, Ivorian, Filipino and Dutch envoys attended.",
        &[
            "Ivory Coast",
            "Netherlands",
            "Philippines",
            "United Arab Emirates",
        ],
    ),
    (
        "Swiss and Thai negotiators met Saudi and Kazakh ones.",
        &["Kazakhstan", "Saudi Arabia", "Switzerland", "Thailand"],
    ),
    (
        "South Korean and North Korean officers met at the border.",
        &["North Korea", "South Korea"],
    ),
    (
        "Danes, Swedes and Finns voted.",
        &["Denmark", "Finland", "Sweden"],
    ),
    // Capitals and seats of power.
    (
        "Ottawa and Seoul agreed, the Kremlin and Downing Street did not, and the White House said nothing.",
        &[
            "Canada",
            "Russia",
            "South Korea",
            "United Kingdom",
            "United States",
        ],
    ),
    (
        "Officials in Canberra, Brasília and New Delhi welcomed the deal.",
        &["Australia", "Brazil", "India"],
    ),
    // Codes as news writes them.
    (
        "The UAE, the DRC, the DPRK and the PRC voted with the US and the UK.",
        &[
            "China",
            "Democratic Republic of the Congo",
            "North Korea",
            "United Arab Emirates",
            "United Kingdom",
            "United States",
        ],
    ),
    (
        "Côte d'Ivoire and Cote d'Ivoire are one state.",
        &["Ivory Coast"],
    ),
    // Observers and states outside the UN.
    (
        "The Holy See, the Vatican and Palestinian officials in Ramallah issued statements.",
        &["Holy See", "Palestine"],
    ),
    (
        "Taiwan, competing as Chinese Taipei, and Kosovo sent athletes.",
        &["Kosovo", "Taiwan"],
    ),
    (
        "St Lucia and Saint Kitts and Nevis signed.",
        &["Saint Kitts and Nevis", "Saint Lucia"],
    ),
    // Phrases that contain a state's name but do not mean it.
    ("Traders in New Mexico sold chilli to Mexico.", &["Mexico"]),
    (
        "Trade between Northern Ireland and Ireland grew.",
        &["Ireland"],
    ),
    (
        "The Washington Post reported a protest from Beijing.",
        &["China"],
    ),
    (
        "Vietnamese boats shadowed ships in the South China Sea.",
        &["Vietnam"],
    ),
    ("Michael Jordan gave a speech in Amman.", &["Jordan"]),
    (
        "American Indian tribes sued over the Indian Ocean cable.",
        &[],
    ),
    ("Latin America and African American voters cheered.", &[]),
    ("Students in Athens, Georgia, marched.", &[]),
    // A state's name as someone's given name or surname.
    ("Israel Katz spoke with Jim Jordan and Chad Wolf.", &[]),
    ("Santiago Peña met Lula in Asunción.", &["Paraguay"]),
    // A longer exclusion that is not whole words leaves the name at its start.
    ("Washington stated its view.", &["United States"]),
];

#[test]
fn tricky_states_table() {
    for (text, want) in STATES {
        let graph = graph_of(&[("t", text)]);
        let got: BTreeSet<&str> = graph
            .nodes()
            .filter(|(_, n)| n.kind == Kind::State)
            .map(|(_, n)| n.label.as_str())
            .collect();
        eqnice!(want, got, "state nodes of {text:?}");
    }
}

/// People the built-in data resolves from a title and the document's date, or from a short
/// form, in the G20 data: one sentence each, with exactly the people it must give.
const PEOPLE: &[(&str, Option<&str>, &[&str])] = &[
    (
        "Japan's prime minister met Narendra Modi in Osaka.",
        Some("2019-06-28"),
        &["Narendra Modi", "Shinzo Abe"],
    ),
    (
        "The Japanese prime minister flew home.",
        Some("2021-01-10"),
        &["Yoshihide Suga"],
    ),
    (
        "Italy's prime minister addressed the senate.",
        Some("2021-06-01"),
        &["Mario Draghi"],
    ),
    (
        "The South Korean foreign minister called her Chinese counterpart.",
        Some("2018-05-01"),
        &["Kang Kyung-wha"],
    ),
    (
        "Premier Li spoke in Berlin.",
        Some("2023-06-20"),
        &["Li Qiang"],
    ),
    (
        "The British foreign secretary landed.",
        Some("2018-07-30"),
        &["Jeremy Hunt"],
    ),
    (
        "The French prime minister resigned.",
        Some("2024-12-04"),
        &["Michel Barnier"],
    ),
    // Without a date a title shared by several holders means no one.
    ("The Canadian prime minister spoke.", None, &[]),
    // Short forms beside an unknown name belong to someone else.
    (
        "Kim Jong Un met Moon Jae-in, and Kim later left.",
        None,
        &["Moon Jae-in"],
    ),
    (
        "Stephen Miller praised Matthew Miller.",
        None,
        &["Matthew Miller"],
    ),
    ("Stephen Miller spoke. Later Miller left.", None, &[]),
    (
        "Russia's Lavrov met Wang Yi.",
        None,
        &["Sergei Lavrov", "Wang Yi"],
    ),
    (
        "Secretary Blinken met PM Modi.",
        None,
        &["Antony Blinken", "Narendra Modi"],
    ),
    (
        "Under Trump, Pompeo travelled.",
        None,
        &["Donald Trump", "Mike Pompeo"],
    ),
    // Titles and short forms that are also ordinary words.
    (
        "A drag queen sang; monarch butterflies and Emperor penguins drew crowds.",
        Some("2024-05-01"),
        &[],
    ),
    ("Han Chinese visitors toured a Qin dynasty tomb.", None, &[]),
    (
        "Erdogan and Çavuşoğlu met Lula.",
        None,
        &[
            "Luiz Inácio Lula da Silva",
            "Mevlut Cavusoglu",
            "Recep Tayyip Erdogan",
        ],
    ),
];

#[test]
fn people_by_title_date_and_short_form() {
    let extractor = crate::extractor();
    for (text, date, want) in PEOPLE {
        let date = date.map(|d| Date::parse(d).unwrap());
        let doc = gazegraph::Document::new("t", text.to_string()).with_date(date);
        let graph = extractor.graph([&doc]);
        let got: BTreeSet<&str> = graph
            .nodes()
            .filter(|(_, n)| n.kind == Kind::Person)
            .map(|(_, n)| n.label.as_str())
            .collect();
        eqnice!(want, got, "people of {text:?} on {date:?}");
    }
}
