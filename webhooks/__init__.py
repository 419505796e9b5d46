"""Webhooks: other systems told, by a signed POST, of what the tracker's people are told.

``events`` names what may be sent; ``services`` registers webhooks and queues and makes
deliveries; ``addresses`` refuses private and loopback destinations; ``signing`` signs;
``sending`` makes one bounded POST. docs/api.md says what a receiver gets, docs/security.md
why the pieces are as they are.
"""
