//! IRIs of the terms govkg writes, as `NamedNodeRef` constants in the style of `oxrdf::vocab`.
//!
//! The `gk` module mirrors `ontology/govkg.ttl`; an integration test checks that every term
//! here is declared there, so the data never uses a term the ontology does not define.

/// The govkg ontology, `https://w3id.org/govkg/ontology#`.
pub mod gk {
    use oxigraph::model::NamedNodeRef;

    /// Namespace IRI.
    pub const NAMESPACE: &str = "https://w3id.org/govkg/ontology#";

    macro_rules! terms {
        ($($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
            $(
                $(#[$doc])*
                pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
                    concat!("https://w3id.org/govkg/ontology#", $local),
                );
            )*
            /// Every term above, for checks against the ontology file.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        };
    }

    terms! {
        /// Superclass of the six entity categories.
        ENTITY = "Entity";
        /// Party and state organs, bureaus.
        GOVERNMENT_BODY = "GovernmentBody";
        /// Companies.
        ENTERPRISE = "Enterprise";
        /// Universities, institutes, hospitals, media.
        INSTITUTION = "Institution";
        /// Parks, zones, incubators, digital platforms.
        PLATFORM = "Platform";
        /// Policies, plans, programmes, projects.
        INITIATIVE = "Initiative";
        /// Administrative divisions and regions.
        PLACE = "Place";
        /// A source document (also the name of its graph).
        REPORT = "Report";
        /// A part of a report with one speaker and frame.
        SECTION = "Section";
        /// A sentence or heading.
        SENTENCE = "Sentence";
        /// Where an entity is named.
        MENTION = "Mention";
        /// An amount with its indicator.
        QUANTITY = "Quantity";
        /// Initiative or platform ↔ responsible body.
        ATTRIBUTION = "Attribution";
        /// Class of the comparator individuals.
        COMPARATOR_CLASS = "Comparator";
        /// Class of the status individuals.
        STATUS_CLASS = "Status";
        /// Class of the role individuals.
        ROLE_CLASS = "Role";
        /// Class of the frame individuals.
        FRAME_CLASS = "Frame";
        /// Comparator: exactly.
        EQ = "eq";
        /// Comparator: at least.
        GE = "ge";
        /// Comparator: more than.
        GT = "gt";
        /// Comparator: at most.
        LE = "le";
        /// Comparator: less than.
        LT = "lt";
        /// Comparator: approximately.
        APPROX = "approx";
        /// Status: aimed at.
        TARGET = "target";
        /// Status: reached.
        ACHIEVEMENT = "achievement";
        /// Role: lead unit.
        LEADS = "leads";
        /// Role: the section speaks for the body.
        CARRIES_OUT = "carriesOut";
        /// Frame: looking back.
        REVIEW = "review";
        /// Frame: looking forward.
        PLAN = "plan";
        /// Unit for 个百分点.
        PERCENTAGE_POINT = "PercentagePoint";
        /// Quantity → comparator individual.
        COMPARATOR = "comparator";
        /// Quantity → status individual.
        STATUS = "status";
        /// Quantity → responsible body.
        RESPONSIBLE_BODY = "responsibleBody";
        /// Attribution → initiative or platform.
        SUBJECT = "subject";
        /// Attribution → body.
        BODY = "body";
        /// Attribution → role individual.
        ROLE = "role";
        /// Mention → sentence.
        MENTIONED_IN = "mentionedIn";
        /// Section → speaking body.
        SPEAKER = "speaker";
        /// Section → frame individual.
        FRAME = "frame";
        /// Sentence → section.
        SECTION_OF = "section";
        /// Quantity → indicator text.
        INDICATOR = "indicator";
        /// Quantity → period inside the year.
        PERIOD = "period";
        /// Attribution or section → year.
        YEAR = "year";
        /// Quantity → unit as written.
        UNIT_LABEL = "unitLabel";
        /// Quantity → number as written.
        VALUE_AS_WRITTEN = "valueAsWritten";
        /// Quantity → whether it states a fall.
        DECREASE = "decrease";
        /// Report → encoding name.
        ENCODING = "encoding";
        /// Report → file hash.
        SHA256 = "sha256";
        /// Place → GB/T 2260 code.
        ADMIN_CODE = "adminCode";
        /// Entity → qualifying place name.
        QUALIFIER = "qualifier";
        /// The links of one dataset, kept in their own named graph.
        LINK_SET = "LinkSet";
        /// One scored link from a graph entity to a dataset record.
        LINK = "Link";
        /// A row of a user's dataset (registry, table of enterprises).
        EXTERNAL_RECORD = "ExternalRecord";
        /// An indicator that quantities of several reports measure (地区生产总值).
        INDICATOR_CLASS = "Indicator";
        /// Link → the link set it belongs to.
        IN_LINK_SET = "inLinkSet";
        /// Link → graph entity.
        LINKED_ENTITY = "linkedEntity";
        /// Link → dataset record.
        LINKED_RECORD = "linkedRecord";
        /// Link → skos:exactMatch or skos:closeMatch.
        MATCH_PROPERTY = "matchProperty";
        /// Link → score from 0 to 1.
        SCORE = "score";
        /// Link → a feature that matched (`name:exact`, `place:agrees`).
        EVIDENCE = "evidence";
        /// Link set → the dataset file as given.
        DATASET_FILE = "datasetFile";
        /// Record → line of the dataset file.
        DATASET_LINE = "datasetLine";
        /// Quantity → the indicator it measures, across reports.
        INDICATOR_CONCEPT = "indicatorConcept";
        /// Indicator → whether a lower value is the better one (prices, unemployment).
        LOWER_IS_BETTER = "lowerIsBetter";
    }
}

/// SKOS, `http://www.w3.org/2004/02/skos/core#`.
pub mod skos {
    use oxigraph::model::NamedNodeRef;
    /// Preferred name.
    pub const PREF_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    /// Other names.
    pub const ALT_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
    /// The same thing in another dataset.
    pub const EXACT_MATCH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#exactMatch");
    /// Probably the same thing in another dataset.
    pub const CLOSE_MATCH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#closeMatch");
    /// An identifier within a scheme.
    pub const NOTATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#notation");
}

/// OWL, `http://www.w3.org/2002/07/owl#`.
pub mod owl {
    use oxigraph::model::NamedNodeRef;
    /// Identity, written only for exact links.
    pub const SAME_AS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
}

/// PROV-O, `http://www.w3.org/ns/prov#`.
pub mod prov {
    use oxigraph::model::NamedNodeRef;
    /// Fact → the sentence it was read from.
    pub const WAS_DERIVED_FROM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
}

/// NIF core, `http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#`.
pub mod nif {
    use oxigraph::model::NamedNodeRef;
    /// Class of strings with offsets.
    pub const STRING: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#String",
    );
    /// Class of the document whose text offsets count into.
    pub const CONTEXT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context",
    );
    /// First character, from 0.
    pub const BEGIN_INDEX: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex",
    );
    /// One past the last character.
    pub const END_INDEX: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex",
    );
    /// The text covered.
    pub const ANCHOR_OF: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf",
    );
    /// The context the offsets count into.
    pub const REFERENCE_CONTEXT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext",
    );
    /// The whole text of a context.
    pub const IS_STRING: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString",
    );
}

/// ITS 2.0 RDF, `http://www.w3.org/2005/11/its/rdf#`.
pub mod itsrdf {
    use oxigraph::model::NamedNodeRef;
    /// Mention → entity.
    pub const TA_IDENT_REF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2005/11/its/rdf#taIdentRef");
}

/// DCTERMS, `http://purl.org/dc/terms/`.
pub mod dcterms {
    use oxigraph::model::NamedNodeRef;
    /// The category a dataset gives its record (kept apart from rdf:type, so that records
    /// are never counted or matched as the graph's own entities).
    pub const TYPE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/type");
    /// An identifier of a dataset record (a 统一社会信用代码).
    pub const IDENTIFIER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/identifier");
    /// The path the file was read from.
    pub const SOURCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");
    /// Title.
    pub const TITLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    /// Place the report is about.
    pub const SPATIAL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/spatial");
    /// Publication year.
    pub const ISSUED: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/issued");
    /// Issuing body.
    pub const PUBLISHER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/publisher");
    /// Part → whole.
    pub const IS_PART_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/isPartOf");
}

/// RDF Data Cube, `http://purl.org/linked-data/cube#`.
pub mod qb {
    use oxigraph::model::NamedNodeRef;
    /// A single observation.
    pub const OBSERVATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#Observation");
}

/// SDMX attribute, dimension and measure properties used with the Data Cube.
pub mod sdmx {
    use oxigraph::model::NamedNodeRef;
    /// The observed number.
    pub const OBS_VALUE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/sdmx/2009/measure#obsValue");
    /// The unit (QUDT).
    pub const UNIT_MEASURE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure");
    /// Power of ten of the unit's multiplier (亿 → 8).
    pub const UNIT_MULT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/sdmx/2009/attribute#unitMult");
    /// The year.
    pub const REF_PERIOD: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod");
}

/// QUDT units, `http://qudt.org/vocab/unit/`.
pub mod unit {
    use oxigraph::model::NamedNodeRef;
    /// %.
    pub const PERCENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://qudt.org/vocab/unit/PERCENT");
    /// 元.
    pub const CCY_CNY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://qudt.org/vocab/unit/CCY_CNY");
    /// Counts (家, 个, 项, 人次).
    pub const NUM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://qudt.org/vocab/unit/NUM");
}
