//! Table tests: a sentence or short passage and exactly the spoke_with edges it must give.
//! Every text is written for these tests.

use gazegraph::Relation;

use crate::{edges, eqnice, graph_of};

const SPOKE_WITH: &[(&str, &[&str])] = &[
    // Verbs and phrases of communication.
    (
        "Vladimir Putin spoke with Xi Jinping on Monday.",
        &["Vladimir Putin -- Xi Jinping"],
    ),
    (
        "Russian President Vladimir Putin talked to Chinese President Xi Jinping by phone.",
        &["Vladimir Putin -- Xi Jinping"],
    ),
    (
        "Antony Blinken spoke by phone with Wang Yi.",
        &["Antony Blinken -- Wang Yi"],
    ),
    (
        "Joe Biden met Xi Jinping in Bali.",
        &["Joe Biden -- Xi Jinping"],
    ),
    // A place between the speaker and the phrase is not the speaker.
    (
        "Liz Truss spent a day in Rome in talks with Sergei Lavrov.",
        &["Liz Truss -- Sergei Lavrov"],
    ),
    (
        "Liz Truss spent a day in Buenos Aires in talks with Sergei Lavrov.",
        &["Liz Truss -- Sergei Lavrov"],
    ),
    // "Stephen Miller" is not the Miller the gazetteer knows.
    ("Stephen Lavrov spoke with Wang Yi.", &[]),
    (
        "Liz Truss met with Sergei Lavrov in Moscow.",
        &["Liz Truss -- Sergei Lavrov"],
    ),
    (
        "Joe Biden and Xi Jinping held a video summit on Nov. 15.",
        &["Joe Biden -- Xi Jinping"],
    ),
    (
        "Wang Yi held talks with Josep Borrell.",
        &["Josep Borrell -- Wang Yi"],
    ),
    (
        "Xi Jinping had a telephone conversation with Vladimir Putin.",
        &["Vladimir Putin -- Xi Jinping"],
    ),
    (
        "In a telephone conversation, Xi Jinping told Vladimir Putin that talks were needed.",
        &["Vladimir Putin -- Xi Jinping"],
    ),
    (
        "Joe Biden called Vladimir Putin on Saturday.",
        &["Joe Biden -- Vladimir Putin"],
    ),
    // One speaker, several recipients: never link the recipients.
    (
        "Wang Yi had separate phone calls on Friday with British Foreign Secretary Truss, EU foreign policy chief Borrell, and French Presidential Advisor Bonne.",
        &[
            "Emmanuel Bonne -- Wang Yi",
            "Josep Borrell -- Wang Yi",
            "Liz Truss -- Wang Yi",
        ],
    ),
    (
        "U.S. officials told Wang Yi and Qin Gang about the troops.",
        &["Qin Gang -- United States", "United States -- Wang Yi"],
    ),
    // Appositives are looked through.
    (
        "Secretary of State Antony Blinken spoke with Wang Yi, China's foreign minister, twice.",
        &["Antony Blinken -- Wang Yi"],
    ),
    (
        "Wang Yi, China's foreign minister, spoke with Liz Truss.",
        &["Liz Truss -- Wang Yi"],
    ),
    // States acting through their people.
    (
        "Chinese officials met with U.S. officials in December.",
        &["China -- United States"],
    ),
    (
        "The Biden administration held talks with Beijing.",
        &["China -- United States"],
    ),
    // A new clause starts a new speaker.
    (
        "Blinken spoke with Wang Yi and Lavrov met Truss.",
        &["Antony Blinken -- Wang Yi", "Liz Truss -- Sergei Lavrov"],
    ),
    // Plans, wishes, refusals and denials give nothing.
    ("Vladimir Putin is willing to talk with Ukraine.", &[]),
    ("Xi Jinping will meet Joe Biden next week.", &[]),
    ("Joe Biden plans to meet Xi Jinping.", &[]),
    ("Vladimir Putin refused to talk to Joe Biden.", &[]),
    ("Xi Jinping did not call Vladimir Putin.", &[]),
    ("Wang Yi had no calls with Antony Blinken this week.", &[]),
    (
        "Liu Pengyu declined to comment on talks between China and the United States.",
        &[],
    ),
    // Naming is not calling.
    (
        "Hua Chunying called the United States \"the culprit\".",
        &[],
    ),
    // A photo caption shows a picture, not a conversation.
    (
        "Wang Yi, shown in 2019 with Sergei Lavrov, met Blinken. Photo: Some Agency",
        &[],
    ),
    // Nouns, refusals and questions are not reports of talking.
    ("Xi Jinping called for talks with Ukraine.", &[]),
    ("Joe Biden has ruled out talks with Vladimir Putin.", &[]),
    ("Joe Biden denied meeting Xi Jinping.", &[]),
    ("Xi Jinping left without meeting Joe Biden.", &[]),
    ("Vladimir Putin cancelled the meeting with Joe Biden.", &[]),
    ("Neither Biden nor Xi met Putin.", &[]),
    ("Xi Jinping ignored calls Joe Biden made.", &[]),
    ("Did Joe Biden meet Xi Jinping?", &[]),
    // A possessive or a modifier is not the other side.
    ("Wang Yi called Joe Biden's remarks unhelpful.", &[]),
    ("Sergei Lavrov told Russia's parliament about it.", &[]),
    ("Joe Biden met Kremlin-backed leaders.", &[]),
    // Two names side by side are two phrases.
    (
        "Xi Jinping told Putin Biden would stay away.",
        &["Vladimir Putin -- Xi Jinping"],
    ),
    // A recipient does not become a speaker, and a relative clause has its own speaker.
    (
        "Wang Yi met Sergei Lavrov and Liz Truss also met Antony Blinken.",
        &["Antony Blinken -- Liz Truss", "Sergei Lavrov -- Wang Yi"],
    ),
    (
        "Wang Yi spoke with Sergei Lavrov and Liz Truss ahead of talks with Antony Blinken.",
        &["Liz Truss -- Wang Yi", "Sergei Lavrov -- Wang Yi"],
    ),
    // The relative clause belongs to Xi alone; the main clause is the pair talking.
    (
        "Joe Biden and Xi Jinping, who met Putin, talked.",
        &["Joe Biden -- Xi Jinping", "Vladimir Putin -- Xi Jinping"],
    ),
    // No second party.
    ("Xi Jinping spoke on Friday.", &[]),
    ("Xinhua said the two leaders talked.", &[]),
];

#[test]
fn spoke_with_table() {
    for (text, want) in SPOKE_WITH {
        let g = graph_of(&[("t", text)]);
        eqnice!(
            want,
            edges(&g, Relation::SpokeWith),
            "spoke_with of {text:?}"
        );
    }
}

#[test]
fn co_occurs_counts_windows() {
    let g = graph_of(&[(
        "t",
        "China and Russia met. China and Russia spoke again.\n\nRussia waited.",
    )]);
    let co: Vec<_> = g
        .edges()
        .filter(|e| e.3.relation == Relation::CoOccurs)
        .map(|(_, a, b, e)| (a.label.clone(), b.label.clone(), e.weight))
        .collect();
    assert_eq!(co, [("China".to_string(), "Russia".to_string(), 2)]);
}

#[test]
fn evidence_points_into_the_original_text() {
    let text = "On Friday, China’s envoy met Russia’s envoy.\u{a0}Nothing else.";
    let g = graph_of(&[("doc-1", text)]);
    let (_, _, _, e) = g
        .edges()
        .find(|e| e.3.relation == Relation::CoOccurs)
        .unwrap();
    let ev = &e.evidence[0];
    assert_eq!(&*ev.doc, "doc-1");
    assert_eq!(ev.sentence, 0);
    assert_eq!(&text[ev.start..ev.end], "China’s envoy met Russia");
    assert_eq!(&*ev.text, "On Friday, China’s envoy met Russia’s envoy.");
}
