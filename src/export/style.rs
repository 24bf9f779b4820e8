//! Colours, shapes and sizes shared by the visual formats (DOT, GEXF, GraphML's Gephi columns,
//! SVG), so a person is the same blue everywhere and `spoke_with` the same red.

use super::View;
use crate::gazetteer::Kind;
use crate::relations::Relation;

/// An RGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Fill colour of a node of `kind`.
pub fn kind_colour(kind: Kind) -> Rgb {
    match kind {
        Kind::Person => Rgb(0xa6, 0xce, 0xe3),
        Kind::Office => Rgb(0xfd, 0xbf, 0x6f),
        Kind::State => Rgb(0xb2, 0xdf, 0x8a),
        Kind::Org => Rgb(0xca, 0xb2, 0xd6),
    }
}

/// Graphviz shape of a node of `kind`.
pub fn kind_shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "ellipse",
        Kind::Office => "box",
        Kind::State => "hexagon",
        Kind::Org => "octagon",
    }
}

/// Colour of an edge of `relation`.
pub fn relation_colour(relation: Relation) -> Rgb {
    match relation {
        Relation::SpokeWith => Rgb(0xc0, 0x39, 0x2b),
        Relation::CoOccurs => Rgb(0x9e, 0x9e, 0x9e),
        Relation::Holds => Rgb(0xe6, 0x7e, 0x22),
    }
}

/// Whether edges of `relation` are drawn dashed (`co_occurs`) rather than solid (`spoke_with`).
pub fn dashed(relation: Relation) -> bool {
    relation == Relation::CoOccurs
}

/// The kinds of the graph's nodes and the relations of its edges, in legend order: what a
/// legend needs to show.
pub fn present(graph: &dyn View) -> (Vec<Kind>, Vec<Relation>) {
    let kinds = KINDS
        .into_iter()
        .filter(|&k| graph.nodes().any(|(_, n)| n.kind == k))
        .collect();
    let relations = Relation::ALL
        .into_iter()
        .filter(|&r| graph.has_relation(r))
        .collect();
    (kinds, relations)
}

/// Line width for an edge of `weight`: 1 for a single sighting, growing with the log.
pub fn thickness(weight: u64) -> f64 {
    1.0 + (weight.max(1) as f64).log2() * 0.75
}

/// Pen widths as written (`{:.2}` of [`thickness`]), made once for the weights most edges have:
/// formatting a float to two places costs more than the rest of an edge's line.
pub(crate) struct PenWidths(Vec<String>);

impl PenWidths {
    const MADE: u64 = 256;

    pub(crate) fn new() -> PenWidths {
        PenWidths((0..PenWidths::MADE).map(PenWidths::format).collect())
    }

    fn format(weight: u64) -> String {
        format!("{:.2}", thickness(weight))
    }

    pub(crate) fn of(&self, weight: u64) -> std::borrow::Cow<'_, str> {
        match self.0.get(weight as usize) {
            Some(s) => s.as_str().into(),
            None => PenWidths::format(weight).into(),
        }
    }
}

/// Node size from its degree, as Gephi reads it: 8 for an isolated node, growing with the log.
pub fn node_size(degree: usize) -> f64 {
    (4.0 + 3.0 * ((1 + degree) as f64).ln()) * 2.0
}

/// All kinds, in legend order.
pub const KINDS: [Kind; 4] = [Kind::Person, Kind::Office, Kind::State, Kind::Org];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pen_width_grows_with_weight() {
        assert_eq!(format!("{:.2}", thickness(1)), "1.00");
        assert_eq!(format!("{:.2}", thickness(4)), "2.50");
        // Made once or made each time, the same text.
        let widths = PenWidths::new();
        for weight in [0, 1, 2, 3, 7, 100, 255, 256, 257, 1 << 20] {
            assert_eq!(widths.of(weight), format!("{:.2}", thickness(weight)));
        }
    }
}
