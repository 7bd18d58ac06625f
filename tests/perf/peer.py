#!/usr/bin/env python3
"""The Python peer of issue 7: what a user would otherwise write.

Runs the shared baseline extraction (../shared/eval/peer/jieba_baseline.py: jieba POS tagging
and regular expressions) on each document, writes what it found as RDF with rdflib (one named
graph per document, N-Quads), and, with --store, bulk loads that file into a new pyoxigraph
store. Prints key=value lines with the time of each step.

Usage: peer.py --baseline PATH --out OUT.nq [--store DIR] FILE_OR_DIR...
Needs: pip install jieba rdflib pyoxigraph
"""
import argparse, csv, hashlib, io, os, runpy, sys, tempfile, time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--baseline", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--store")
ap.add_argument("inputs", nargs="+")
a = ap.parse_args()

files = []
for i in a.inputs:
    p = Path(i)
    files.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])

from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, DCTERMS, XSD

GK = Namespace("https://w3id.org/govkg/ontology#")
ID = "https://w3id.org/govkg/id/"
ds = Dataset()
t_extract = t_rdf = 0.0
nbytes = 0
with tempfile.TemporaryDirectory() as tmp:
    for f in files:
        nbytes += f.stat().st_size
        out = os.path.join(tmp, "out")
        t0 = time.perf_counter()
        sys.argv = ["jieba_baseline.py", str(f), out]
        runpy.run_path(a.baseline, run_name="__main__")
        t1 = time.perf_counter()
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        doc = URIRef("https://w3id.org/govkg/doc/" + digest[:16])
        g = ds.graph(doc)
        g.add((doc, RDF.type, GK.Report))
        g.add((doc, DCTERMS.source, Literal(str(f))))
        with open(os.path.join(out, "entities.csv"), newline="") as fh:
            for row in csv.DictReader(fh):
                e = URIRef(ID + hashlib.sha1(row["label"].encode()).hexdigest()[:16])
                g.add((e, RDF.type, GK[row["category"]]))
                g.add((e, SKOS.prefLabel, Literal(row["label"], lang="zh")))
                g.add((doc, GK.mentions, e))
        with open(os.path.join(out, "quantities.csv"), newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                q = URIRef(f"{doc}/q/{n}")
                g.add((q, RDF.type, GK.Quantity))
                g.add((q, GK.indicator, Literal(row["indicator"], lang="zh")))
                g.add((q, GK.valueAsWritten, Literal(row["value"])))
                g.add((q, GK.unitLabel, Literal(row["unit"])))
                g.add((q, GK.comparator, GK[row["comparator"]]))
                if row["year"]:
                    g.add((q, GK.year, Literal(row["year"], datatype=XSD.gYear)))
                g.add((q, GK.document, doc))
        t_extract += t1 - t0
        t_rdf += time.perf_counter() - t1
    t0 = time.perf_counter()
    ds.serialize(destination=a.out, format="nquads", encoding="utf-8")
    t_rdf += time.perf_counter() - t0

quads = sum(1 for _ in open(a.out, encoding="utf-8"))
print(f"documents={len(files)}")
print(f"bytes={nbytes}")
print(f"quads={quads}")
print(f"extract_seconds={t_extract:.3f}")
print(f"rdflib_seconds={t_rdf:.3f}")
print(f"text_to_nquads_seconds={t_extract + t_rdf:.3f}")
if a.store:
    import pyoxigraph
    t0 = time.perf_counter()
    store = pyoxigraph.Store(a.store)
    store.bulk_load(path=a.out, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    del store
    t_load = time.perf_counter() - t0
    print(f"load_seconds={t_load:.3f}")
    print(f"ingest_seconds={t_extract + t_rdf + t_load:.3f}")
