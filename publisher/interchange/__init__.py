"""Interchange formats (TMX, TBX, later XLIFF and Akoma Ntoso): one module per format.

Every XML file is parsed through ``xmlsafe.parse``: no external entities, no DTD loading, no
network, no entity expansion, so a hostile file cannot read local files or exhaust memory.
"""
