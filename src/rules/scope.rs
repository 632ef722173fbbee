//! A document with every sentence, heading and label annotated once, and the units a rule's
//! scope selects from it (the document, sections, intros, items).

use std::ops::Range;

use crate::config::{Condition, Config, LexiconId, Polarity, Scope};
use crate::detect::{Annotations, Annotator};
use crate::outline::{Allow, Document, Sentence, Span, split_numbering};

use super::holds;

pub(super) struct AnnotatedItem {
    pub label: Annotations,
    pub sentences: Vec<Annotations>,
}

pub(super) struct AnnotatedSection {
    pub heading: Annotations,
    pub intro: Vec<Annotations>,
    pub items: Vec<AnnotatedItem>,
}

pub(super) struct AnnotatedDocument<'d> {
    doc: &'d Document,
    /// What annotated headings and labels, and sentences.
    headings: Annotator<'d>,
    for_sentences: Annotator<'d>,
    pub sections: Vec<AnnotatedSection>,
    /// The section each section is a subsection of ([`Document::parents`]).
    parents: Vec<Option<usize>>,
    /// Where each section's subsections end (the index after the last).
    ends: Vec<usize>,
}

/// A part of the document a rule looks at as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Unit {
    Document,
    /// A section: its intro, its items and its subsections.
    Section(usize),
    /// A section's intro only.
    Intro(usize),
    Item(usize, usize),
}

/// Where a sentence or finding stands: section and item indexes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Place {
    pub section: Option<usize>,
    pub item: Option<usize>,
}

/// A sentence, heading or label with its annotations and place.
pub(super) struct TextRef<'a> {
    pub text: &'a str,
    /// Where it stands in the file.
    pub span: &'a Span,
    pub annotations: &'a Annotations,
    pub place: Place,
    /// A heading or label: annotated with every lexicon, not only those rules look for in
    /// sentences.
    pub title: bool,
}

impl Unit {
    /// What a reader calls it.
    pub fn noun(self) -> &'static str {
        match self {
            Unit::Document => "policy",
            Unit::Section(_) => "section",
            Unit::Intro(_) => "section intro",
            Unit::Item(..) => "item",
        }
    }

    pub fn place(self) -> Place {
        match self {
            Unit::Document => Place::default(),
            Unit::Section(s) | Unit::Intro(s) => Place {
                section: Some(s),
                item: None,
            },
            Unit::Item(s, i) => Place {
                section: Some(s),
                item: Some(i),
            },
        }
    }
}

impl<'a> TextRef<'a> {
    fn title(text: &'a str, span: &'a Span, annotations: &'a Annotations, place: Place) -> Self {
        TextRef {
            text,
            span,
            annotations,
            place,
            title: true,
        }
    }
}

/// Whether a heading or label states what the company does: it opens with "we" ("We don't
/// sell your personal information", "We’ll never rent it").
fn states_a_practice(title: &str) -> bool {
    // Past its numbering: "5. We Do Not Sell Your Data".
    let first = (split_numbering(title).1.split_whitespace().next()).unwrap_or_default();
    let word = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
    let word = word.split(['\'', '’']).next().unwrap_or_default();
    word.eq_ignore_ascii_case("we")
}

impl Place {
    /// The item this place is in, or the intro of its section.
    pub fn unit(self) -> Unit {
        match (self.section, self.item) {
            (Some(s), Some(i)) => Unit::Item(s, i),
            (Some(s), None) => Unit::Intro(s),
            _ => Unit::Document,
        }
    }

    pub fn section_heading(self, doc: &Document) -> Option<String> {
        let heading = &doc.sections.get(self.section?)?.heading;
        (!heading.is_empty()).then(|| heading.clone())
    }

    pub fn item_label(self, doc: &Document) -> Option<String> {
        let section = doc.sections.get(self.section?)?;
        Some(section.items.get(self.item?)?.label.clone())
    }
}

impl<'d> AnnotatedDocument<'d> {
    /// Headings and labels are annotated with every lexicon (scopes select by them),
    /// sentences with those rules look for in sentences.
    pub fn new(doc: &'d Document, config: &'d Config) -> AnnotatedDocument<'d> {
        let annotator = Annotator::new(config);
        let for_sentences = Annotator::for_sentences(config);
        let all = |sentences: &[Sentence]| -> Vec<Annotations> {
            sentences
                .iter()
                .map(|s| for_sentences.annotate(&s.text))
                .collect()
        };
        let sections = doc
            .sections
            .iter()
            .map(|s| AnnotatedSection {
                heading: annotator.annotate(&s.heading),
                intro: all(&s.intro),
                items: s
                    .items
                    .iter()
                    .map(|i| AnnotatedItem {
                        label: annotator.annotate(&i.label),
                        sentences: all(&i.sentences),
                    })
                    .collect(),
            })
            .collect();
        let parents = doc.parents();
        // Each section's subsections follow it: where the last of them ends.
        let mut ends: Vec<usize> = (1..=parents.len()).collect();
        for t in 0..parents.len() {
            let mut up = parents[t];
            while let Some(p) = up {
                ends[p] = t + 1;
                up = parents[p];
            }
        }
        AnnotatedDocument {
            doc,
            headings: annotator,
            for_sentences,
            sections,
            parents,
            ends,
        }
    }

    /// Whether an allow directive names `rule` before this place's item, its section, or a
    /// section that holds that one (a subsection is part of its section). A finding about the
    /// whole policy is allowed by a directive anywhere before the first heading.
    pub fn allows(&self, place: Place, rule: &str) -> bool {
        let doc = self.doc;
        let names = |allow: &[Allow]| allow.iter().any(|a| a.rule == rule);
        let Some(s) = place.section.filter(|&s| s < doc.sections.len()) else {
            let first_heading = (doc.sections.iter())
                .find(|s| !s.heading.is_empty())
                .map_or(usize::MAX, |s| s.heading_span.start);
            return (doc.sections.iter())
                .flat_map(|s| s.allow.iter().chain(s.items.iter().flat_map(|i| &i.allow)))
                .any(|a| a.rule == rule && a.span.start < first_heading);
        };
        let item = place.item.and_then(|i| doc.sections[s].items.get(i));
        if item.is_some_and(|i| names(&i.allow)) {
            return true;
        }
        self.with_parents(s).any(|t| names(&doc.sections[t].allow))
    }

    /// Whether `condition` holds for a sentence, heading or label.
    pub fn holds(&self, condition: &Condition, s: &TextRef) -> bool {
        holds(condition, &|id, polarity| self.has(s, id, polarity))
    }

    /// Whether a sentence, heading or label has lexicon `id` with `polarity`.
    pub fn has(&self, s: &TextRef, id: LexiconId, polarity: Polarity) -> bool {
        self.annotator(s).has(s.annotations, s.text, id, polarity)
    }

    /// Where a sentence, heading or label has lexicon `id` with `polarity`, in order.
    pub fn locate(&self, s: &TextRef, id: LexiconId, polarity: Polarity) -> Vec<Range<usize>> {
        self.annotator(s)
            .locate(s.annotations, s.text, id, polarity)
    }

    fn annotator(&self, s: &TextRef) -> &Annotator<'d> {
        match s.title {
            true => &self.headings,
            false => &self.for_sentences,
        }
    }

    /// The headings and item labels of a unit, in text order.
    pub fn titles(&self, unit: Unit) -> Vec<TextRef<'_>> {
        let label = |s: usize, i: usize| {
            let (doc_item, item) = (&self.doc.sections[s].items[i], &self.sections[s].items[i]);
            let place = Unit::Item(s, i).place();
            TextRef::title(&doc_item.label, &doc_item.label_span, &item.label, place)
        };
        let (sections, items) = match unit {
            Unit::Document => (0..self.sections.len(), true),
            Unit::Section(s) => (self.with_subsections(s), true),
            Unit::Intro(s) => (s..s + 1, false),
            Unit::Item(s, _) => (s..s, false),
        };
        let mut out = Vec::new();
        if let Unit::Item(s, i) = unit {
            out.push(label(s, i));
        }
        for s in sections {
            let (doc_section, section) = (&self.doc.sections[s], &self.sections[s]);
            let place = Unit::Section(s).place();
            let heading = &doc_section.heading;
            out.push(TextRef::title(
                heading,
                &doc_section.heading_span,
                &section.heading,
                place,
            ));
            if items {
                out.extend((0..section.items.len()).map(|i| label(s, i)));
            }
        }
        out.retain(|t| !t.text.is_empty());
        out
    }

    /// The sentences of a unit (see [`AnnotatedDocument::sentences`]) and, in text order among
    /// them, its headings and labels that state what is done: "We don't sell your personal
    /// information" as a list entry's bold label, "We Do Not Sell Your Data" as a heading. A
    /// heading that names a topic ("Information We Sell") states nothing.
    pub fn statements(&self, unit: Unit, filter: Option<&Condition>) -> Vec<TextRef<'_>> {
        let mut out = self.sentences(unit, filter);
        let stating = (self.titles(unit).into_iter())
            .filter(|t| states_a_practice(t.text))
            .filter(|t| filter.is_none_or(|f| self.holds(f, t)));
        let before = out.len();
        out.extend(stating);
        if out.len() > before {
            out.sort_by_key(|t| t.span.start);
        }
        out
    }

    /// Whether `condition` holds for the heading of section `s`.
    pub fn heading_holds(&self, condition: &Condition, s: usize) -> bool {
        let text = &self.doc.sections[s].heading;
        self.title_holds(condition, &self.sections[s].heading, text)
    }

    /// Whether `condition` holds for a heading or label: its `text` and `annotations`.
    fn title_holds(&self, condition: &Condition, annotations: &Annotations, text: &str) -> bool {
        holds(condition, &|id, polarity| {
            self.headings.has(annotations, text, id, polarity)
        })
    }

    /// The units a scope selects: each matching item, else each matching section, else the
    /// whole document. A section holds its subsections: one inside a section selected already
    /// is part of it, not a unit of its own, and its items are among the section's.
    pub fn units(&self, scope: &Scope) -> Vec<Unit> {
        if scope.sections.is_none() && scope.items.is_none() {
            return vec![Unit::Document];
        }
        let mut out = Vec::new();
        let mut inside_until = 0;
        for s in 0..self.sections.len() {
            let selected = match &scope.sections {
                Some(c) => s >= inside_until && self.heading_holds(c, s),
                None => true,
            };
            if !selected {
                continue;
            }
            let within = match scope.sections {
                Some(_) => self.with_subsections(s),
                None => s..s + 1,
            };
            inside_until = within.end;
            match &scope.items {
                Some(c) => out.extend(within.flat_map(|t| {
                    let items = self.sections[t].items.iter().enumerate();
                    items
                        .filter(move |(i, item)| {
                            let text = &self.doc.sections[t].items[*i].label;
                            self.title_holds(c, &item.label, text)
                        })
                        .map(move |(i, _)| Unit::Item(t, i))
                })),
                None => out.push(Unit::Section(s)),
            }
        }
        out
    }

    /// Section `s` and the subsections under it (see [`Document::parents`]).
    fn with_subsections(&self, s: usize) -> Range<usize> {
        s..self.ends[s]
    }

    /// Section `s` and the sections that hold it, innermost first.
    pub fn with_parents(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(s), |&t| self.parents[t])
    }

    /// The (section, item) indexes of the items in a unit.
    pub fn items_of(&self, unit: Unit) -> Vec<(usize, usize)> {
        let of = |s: usize| (0..self.sections[s].items.len()).map(move |i| (s, i));
        match unit {
            Unit::Document => (0..self.sections.len()).flat_map(of).collect(),
            Unit::Section(s) => self.with_subsections(s).flat_map(of).collect(),
            Unit::Intro(_) => Vec::new(),
            Unit::Item(s, i) => vec![(s, i)],
        }
    }

    /// The sentences of a unit in text order, those matching `filter` only when it is set.
    pub fn sentences(&self, unit: Unit, filter: Option<&Condition>) -> Vec<TextRef<'_>> {
        let mut out = Vec::new();
        let sections = match unit {
            Unit::Document => 0..self.sections.len(),
            Unit::Section(s) => self.with_subsections(s),
            Unit::Intro(s) | Unit::Item(s, _) => s..s + 1,
        };
        for s in sections {
            let (doc_section, section) = (&self.doc.sections[s], &self.sections[s]);
            if !matches!(unit, Unit::Item(..)) {
                let place = Place {
                    section: Some(s),
                    item: None,
                };
                for (sentence, annotations) in doc_section.intro.iter().zip(&section.intro) {
                    out.push(TextRef {
                        text: &sentence.text,
                        span: &sentence.span,
                        annotations,
                        place,
                        title: false,
                    });
                }
            }
            if matches!(unit, Unit::Intro(_)) {
                continue;
            }
            for (i, (doc_item, item)) in doc_section.items.iter().zip(&section.items).enumerate() {
                if matches!(unit, Unit::Item(_, only) if only != i) {
                    continue;
                }
                let place = Place {
                    section: Some(s),
                    item: Some(i),
                };
                for (sentence, annotations) in doc_item.sentences.iter().zip(&item.sentences) {
                    out.push(TextRef {
                        text: &sentence.text,
                        span: &sentence.span,
                        annotations,
                        place,
                        title: false,
                    });
                }
            }
        }
        if let Some(filter) = filter {
            out.retain(|s| self.holds(filter, s));
        }
        out
    }
}
