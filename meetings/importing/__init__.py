"""Reading published meeting readouts into proposed meetings and commitments.

Pure Python on purpose: nothing here imports Django, so the parser can be tested and reused
without settings. See :func:`meetings.importing.parser.parse_readout`.
"""
