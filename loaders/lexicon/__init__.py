"""Lexicons: the rules of Vietnamese legal writing as data tables, one module each.

A legal officer can read and extend them without reading the extractor:
``doc_types`` (document types and their symbol codes), ``issuers`` (issuer codes),
``cues`` (cue phrases and the relation each carries), ``agencies`` (canonical agency names
and their abbreviations), ``provinces`` (province names, for local issuers).
"""
