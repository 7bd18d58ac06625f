//! Stage 7: the persistent Oxigraph store.
