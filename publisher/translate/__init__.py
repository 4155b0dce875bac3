"""Translate stage: draft translations of a review outcome into the other UN languages.

    segment.py   paragraphs -> sentences (spaCy sentencizer + rules for UN text)
    memory.py    translation memory in SQLite (exact and fuzzy), TMX through interchange/tmx.py
    glossary.py  enforced terms (TBX master in glossaries/), matching tolerant of case and inflection
    protect.py   glossary terms and non-translatables -> placeholders, and back
    engines/     machine translation engines by registry: argos, apertium, none
    qa.py        checks of every target segment (placeholders, numbers, terms, untranslated)
    pipeline.py  segment -> memory -> protect -> engine -> restore -> verify, with provenance
"""
