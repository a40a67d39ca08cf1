"""Loaders: read documents of many formats and extract the instruments they cite.

Data flows one way: ``readers`` (bytes → Unicode NFC text) → ``repair`` (undo PDF damage)
→ ``scanner`` (candidate spans) → ``extract`` (references, header, agencies).
"""
