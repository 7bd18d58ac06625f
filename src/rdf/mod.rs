//! Stage 6: [`crate::model::Extraction`] → RDF quads, one named graph per document.
